#include "core/cursor.h"

namespace sangsaeng {

namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

// "c" + the id's 64 bits in 6-bit groups, most significant first (11 characters).
std::string encode_cursor(Id last_id) {
  std::string out = "c";
  const auto bits = static_cast<std::uint64_t>(last_id);
  for (int shift = 60; shift >= 0; shift -= 6) out.push_back(kAlphabet[(bits >> shift) & 63]);
  return out;
}

std::optional<Id> decode_cursor(std::string_view cursor) {
  if (cursor.size() != 12 || cursor[0] != 'c') return std::nullopt;
  std::uint64_t bits = 0;
  for (std::size_t i = 1; i < cursor.size(); ++i) {
    const auto pos = kAlphabet.find(cursor[i]);
    if (pos == std::string_view::npos) return std::nullopt;
    if (i == 1 && pos >= 8) return std::nullopt;  // more than 63 bits: not a positive id
    bits = (bits << 6) | pos;
  }
  const auto id = static_cast<Id>(bits);
  if (id <= 0) return std::nullopt;
  return id;
}

}  // namespace sangsaeng
