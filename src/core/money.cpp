#include "core/money.h"

#include <cassert>

namespace sangsaeng {

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::optional<std::int64_t> mul_div_floor(std::int64_t a, std::int64_t numerator,
                                          std::int64_t denominator) {
  assert(denominator > 0 && numerator >= 0);
  const __int128 wide = static_cast<__int128>(a) * numerator;
  __int128 q = wide / denominator;
  if (wide % denominator != 0 && wide < 0) q -= 1;  // floor, not truncation
  if (q > INT64_MAX || q < INT64_MIN) return std::nullopt;
  return static_cast<std::int64_t>(q);
}

std::string group_thousands(std::int64_t value) {
  // Work on the unsigned magnitude so INT64_MIN is printed correctly.
  const bool negative = value < 0;
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : value;
  std::string digits = std::to_string(magnitude);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3 + 1);
  if (negative) out.push_back('-');
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string format_krw(Krw amount_krw) {
  return group_thousands(amount_krw) + "원";
}

}  // namespace sangsaeng
