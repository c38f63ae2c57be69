// Partner signatures: a request signed with the partner's secret passes; a changed byte of the
// method, path, timestamp or body, another secret, or a timestamp outside the window does not.
#include "giving/signature.h"

#include <gtest/gtest.h>

namespace sangsaeng::giving {
namespace {

constexpr std::string_view kSecret = "0123456789abcdef0123456789abcdef";
constexpr UnixMicros kNow = 1'790'000'000LL * kMicrosPerSecond;

SignedRequest request(std::string_view body = R"({"amount_won":10000})") {
  return {"POST", "/api/v1/giving/purchases", "1790000000", body};
}

TEST(Signature, IsHmacSha256OverTheDocumentedMessage) {
  // Computed apart (Python: hmac.new(secret, b"POST\\n/api/v1/giving/purchases\\n1790000000\\n"
  // b'{"amount_won":10000}', hashlib.sha256).hexdigest()): what a partner's own code computes.
  EXPECT_EQ(sign(kSecret, request()),
            "a79941a0a0e3a93828441a9909c2e92e39af657c51c210c7edec633658d5dc4d");
}

TEST(Signature, SignedRequestPasses) {
  const auto r = request();
  EXPECT_EQ(check_signature(kSecret, r, sign(kSecret, r), kNow), std::nullopt);
}

TEST(Signature, AnyChangedPartIsForged) {
  const auto r = request();
  const std::string sig = sign(kSecret, r);
  EXPECT_EQ(check_signature(kSecret, request(R"({"amount_won":90000})"), sig, kNow),
            Refusal::bad_signature);
  EXPECT_EQ(check_signature(kSecret, {"PUT", r.path, r.timestamp, r.body}, sig, kNow),
            Refusal::bad_signature);
  EXPECT_EQ(
      check_signature(kSecret, {r.method, "/api/v1/giving/purchases/1/cancel", r.timestamp, r.body},
                      sig, kNow),
      Refusal::bad_signature);
  EXPECT_EQ(check_signature(kSecret, {r.method, r.path, "1790000001", r.body}, sig, kNow),
            Refusal::bad_signature);
  EXPECT_EQ(check_signature("another secret", r, sig, kNow), Refusal::bad_signature);
  std::string upper = sig;
  upper[0] = upper[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(check_signature(kSecret, r, upper, kNow), Refusal::bad_signature);
  EXPECT_EQ(check_signature(kSecret, r, "", kNow), Refusal::bad_signature);
  EXPECT_EQ(check_signature(kSecret, r, sig.substr(1), kNow), Refusal::bad_signature);
}

TEST(Signature, TimestampOutsideTheWindowIsStale) {
  const auto r = request();
  const std::string sig = sign(kSecret, r);
  EXPECT_EQ(check_signature(kSecret, r, sig, kNow + 300 * kMicrosPerSecond), std::nullopt);
  EXPECT_EQ(check_signature(kSecret, r, sig, kNow + 301 * kMicrosPerSecond),
            Refusal::stale_timestamp);
  EXPECT_EQ(check_signature(kSecret, r, sig, kNow - 301 * kMicrosPerSecond),
            Refusal::stale_timestamp);
  for (std::string_view bad : {"", "17900000000000000000000", "1790000000.5", "-5", "abc"}) {
    SignedRequest b{r.method, r.path, bad, r.body};
    EXPECT_EQ(check_signature(kSecret, b, sign(kSecret, b), kNow), Refusal::stale_timestamp) << bad;
  }
}

TEST(Signature, NewKeysAreRandomAndWellFormed) {
  const std::string a = new_secret(), b = new_secret();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(new_key_id().starts_with("gk_"));
  EXPECT_EQ(new_key_id().size(), 27u);
}

}  // namespace
}  // namespace sangsaeng::giving
