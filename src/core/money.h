// Money and points: signed 64-bit integers (KRW has no minor unit). Overflow is an error,
// never a wrap: every arithmetic helper here reports it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sangsaeng {

using Krw = std::int64_t;
using Points = std::int64_t;

// nullopt on overflow.
std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);
// a * numerator / denominator, rounded down, without intermediate overflow for |a| < 2^63.
// REQUIRES: denominator > 0, numerator >= 0. nullopt if the result does not fit.
std::optional<std::int64_t> mul_div_floor(std::int64_t a, std::int64_t numerator,
                                          std::int64_t denominator);

// "1,234,000" — thousands separators, sign kept.
std::string group_thousands(std::int64_t value);
// "1,234,000원"
std::string format_krw(Krw amount_krw);

}  // namespace sangsaeng
