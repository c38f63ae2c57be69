#include "api/keys_in_flight.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace sangsaeng::api {
namespace {

// Collects what each waiter was answered.
struct Answers {
  std::vector<http::Response> got;
  http::Done done() {
    return [this](http::Response r) { got.push_back(std::move(r)); };
  }
};

TEST(KeysInFlight, WaitersGetTheHoldersAnswerOr422ForAnotherRequest) {
  KeysInFlight keys(8);
  Answers answers;
  http::Done first = answers.done(), same = answers.done(), other = answers.done();
  ASSERT_EQ(keys.join("user:1\nk", "h1", first), KeysInFlight::Join::first);
  ASSERT_EQ(keys.join("user:1\nk", "h1", same), KeysInFlight::Join::waiting);
  ASSERT_EQ(keys.join("user:1\nk", "h2", other), KeysInFlight::Join::waiting);
  http::Done elsewhere = answers.done();
  EXPECT_EQ(keys.join("user:2\nk", "h1", elsewhere), KeysInFlight::Join::first);  // other key
  EXPECT_TRUE(answers.got.empty());

  keys.resolve("user:1\nk", {"h1", {{201, R"({"id":"7"})"}}});
  ASSERT_EQ(answers.got.size(), 2u);
  EXPECT_EQ(answers.got[0].status, 201);
  EXPECT_EQ(answers.got[0].body, R"({"id":"7"})");
  EXPECT_EQ(answers.got[0].header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(answers.got[1].status, 422);
  // The key is free again on this node.
  http::Done later = answers.done();
  EXPECT_EQ(keys.join("user:1\nk", "h1", later), KeysInFlight::Join::first);
}

TEST(KeysInFlight, AHolderThatEndsWithoutAnAnswerLeavesWaitersA409ToRetry) {
  KeysInFlight keys(8);
  Answers answers;
  http::Done first = answers.done(), waiter = answers.done();
  ASSERT_EQ(keys.join("k", "h1", first), KeysInFlight::Join::first);
  {
    KeyClaim claim(keys, "k");
    ASSERT_EQ(keys.join("k", "h1", waiter), KeysInFlight::Join::waiting);
  }  // dropped without resolving, e.g. the reservation failed
  ASSERT_EQ(answers.got.size(), 1u);
  EXPECT_EQ(answers.got[0].status, 409);
  EXPECT_EQ(answers.got[0].header_value("Retry-After"), "1");
}

TEST(KeysInFlight, WaitersPerKeyAreBounded) {
  KeysInFlight keys(2);
  Answers answers;
  std::vector<http::Done> dones(4, answers.done());
  EXPECT_EQ(keys.join("k", "h", dones[0]), KeysInFlight::Join::first);
  EXPECT_EQ(keys.join("k", "h", dones[1]), KeysInFlight::Join::waiting);
  EXPECT_EQ(keys.join("k", "h", dones[2]), KeysInFlight::Join::waiting);
  EXPECT_EQ(keys.join("k", "h", dones[3]), KeysInFlight::Join::full);
  keys.resolve("k", {});
  EXPECT_EQ(answers.got.size(), 2u);
}

}  // namespace
}  // namespace sangsaeng::api
