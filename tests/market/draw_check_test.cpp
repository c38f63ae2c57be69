// Checking a published draw as anyone would: a true draw passes; a changed seed, a changed
// order or an entry slipped in afterwards is caught and named.
#include "market/draw_check.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "draw/draw.h"

namespace sangsaeng::market {
namespace {

namespace json = boost::json;

// An entry as published: its ticket (the buyer's first entry) and its own id.
struct Entry {
  Id ticket = 0, entry = 0;
};

// A draw as GET /api/v1/market/drops/{id}/draw publishes it.
json::object published(const std::string& seed, const std::vector<Entry>& entries) {
  json::array list, order;
  std::vector<std::string> tickets;
  for (const auto& e : entries) {
    list.push_back(json::object{
        {"entry", id_to_string(e.entry)}, {"ticket", id_to_string(e.ticket)}, {"units", 1}});
    tickets.push_back(id_to_string(e.ticket));
  }
  for (std::size_t i : draw::ordering(seed, tickets))
    order.push_back(json::string(id_to_string(entries[i].entry)));
  return {{"drawn", true},
          {"seed", draw::to_hex(seed)},
          {"seed_commitment", draw::commitment_hex(seed)},
          {"entries", list},
          {"order", order}};
}

std::vector<Entry> entries() {
  return {{10, 10}, {11, 11}, {10, 12}, {13, 13}, {14, 14}, {15, 15}};
}

TEST(DrawCheck, ATrueDrawIsVerified) {
  const auto draw = published(std::string(32, 's'), entries());
  const DrawCheck c = check_published_draw(json::serialize(draw));
  EXPECT_TRUE(c.ok) << c.message;
  EXPECT_EQ(c.entries, 6u);
  // The order drawn again is the published one.
  std::vector<std::string> order;
  for (const auto& id : draw.at("order").as_array()) order.push_back(std::string(id.as_string()));
  EXPECT_EQ(c.redrawn, order);
}

TEST(DrawCheck, ATicketNotNamedByItsFirstEntryIsCaught) {
  // Entry 11 claims ticket 10, whose first entry is 10: one buyer cannot hold another's ticket.
  const auto draw = published(std::string(32, 's'), {{10, 10}, {10, 11}, {12, 12}});
  EXPECT_TRUE(check_published_draw(json::serialize(draw)).ok);
  const auto wrong = published(std::string(32, 's'), {{11, 10}, {11, 11}, {12, 12}});
  const DrawCheck c = check_published_draw(json::serialize(wrong));
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.message.find("first entry"), std::string::npos) << c.message;
}

TEST(DrawCheck, AnotherSeedThanTheCommittedOneIsCaught) {
  auto draw = published(std::string(32, 's'), entries());
  draw["seed_commitment"] = sangsaeng::draw::commitment_hex(std::string(32, 't'));
  const DrawCheck c = check_published_draw(json::serialize(draw));
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.message.find("commitment"), std::string::npos) << c.message;
}

TEST(DrawCheck, AReorderedResultIsCaughtAtItsPlace) {
  auto draw = published(std::string(32, 's'), entries());
  auto& order = draw["order"].as_array();
  std::swap(order[0], order[1]);
  const DrawCheck c = check_published_draw(json::serialize(draw));
  EXPECT_FALSE(c.ok);
  EXPECT_NE(c.message.find("place 1"), std::string::npos) << c.message;
}

TEST(DrawCheck, AnEntrySlippedInAfterTheDrawIsCaught) {
  auto draw = published(std::string(32, 's'), entries());
  draw["entries"].as_array().push_back(
      json::object{{"entry", "99"}, {"ticket", "99"}, {"units", 1}});
  EXPECT_FALSE(check_published_draw(json::serialize(draw)).ok);
}

TEST(DrawCheck, NonsenseIsAFailedCheckNotACrash) {
  EXPECT_FALSE(check_published_draw("").ok);
  EXPECT_FALSE(check_published_draw("[1,2]").ok);
  EXPECT_FALSE(check_published_draw(R"({"drawn":false})").ok);
  EXPECT_FALSE(check_published_draw(R"({"drawn":true,"seed":"zz","seed_commitment":"x"})").ok);
  auto draw = published(std::string(32, 's'), entries());
  draw["entries"].as_array()[0].as_object()["ticket"] = 5;
  EXPECT_FALSE(check_published_draw(json::serialize(draw)).ok);
}

}  // namespace
}  // namespace sangsaeng::market
