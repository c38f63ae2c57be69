#include "market/draw_check.h"

#include <boost/json/parse.hpp>

#include "market/lottery.h"

namespace sangsaeng::market {

namespace {

namespace json = boost::json;

DrawCheck fail(std::string message) {
  return {false, 0, std::move(message)};
}

// The entries in arrival order and the published order, as ids.
bool read_entries(const json::object& draw, std::vector<LotteryEntry>& entries,
                  std::vector<Id>& order) {
  const auto* e = draw.if_contains("entries");
  const auto* o = draw.if_contains("order");
  if (!e || !o || !e->is_array() || !o->is_array()) return false;
  for (const auto& item : e->as_array()) {
    if (!item.is_object()) return false;
    const auto* ticket = item.as_object().if_contains("ticket");
    const auto* entry = item.as_object().if_contains("entry");
    if (!ticket || !entry || !ticket->is_string() || !entry->is_string()) return false;
    const auto t = parse_id(ticket->as_string()), n = parse_id(entry->as_string());
    if (!t || !n) return false;
    entries.push_back({*t, *n});
  }
  for (const auto& item : o->as_array()) {
    const auto n = item.is_string() ? parse_id(item.as_string()) : std::nullopt;
    if (!n) return false;
    order.push_back(*n);
  }
  return true;
}

}  // namespace

DrawCheck check_published_draw(std::string_view published) {
  boost::system::error_code ec;
  const json::value v = json::parse(published, ec);
  if (ec || !v.is_object()) return fail("not a draw: the text is not a JSON object");
  const json::object& draw = v.as_object();
  const auto* drawn = draw.if_contains("drawn");
  if (!drawn || !drawn->is_bool() || !drawn->as_bool())
    return fail("the draw has not run yet: nothing to check");
  const auto* seed_hex = draw.if_contains("seed");
  const auto* commitment = draw.if_contains("seed_commitment");
  if (!seed_hex || !seed_hex->is_string() || !commitment || !commitment->is_string())
    return fail("the draw names no seed or no commitment");
  const std::string seed = from_hex(seed_hex->as_string());
  if (seed.empty()) return fail("the seed is not hex");
  if (seed_commitment_hex(seed) != commitment->as_string())
    return fail("the seed does not hash to the commitment published before opening");
  std::vector<LotteryEntry> entries;
  std::vector<Id> order;
  if (!read_entries(draw, entries, order)) return fail("the entries or the order are malformed");
  if (order.size() != entries.size())
    return fail("the order names " + std::to_string(order.size()) + " entries, the draw " +
                std::to_string(entries.size()));
  const auto expected = lottery_order(seed, entries);
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (entries[expected[i]].entry != order[i])
      return fail("place " + std::to_string(i + 1) + " should be entry " +
                  id_to_string(entries[expected[i]].entry) + ", the draw says " +
                  id_to_string(order[i]));
  return {true, entries.size(),
          "draw verified: the seed matches its commitment and the " +
              std::to_string(entries.size()) + " entries come out in the published order"};
}

}  // namespace sangsaeng::market
