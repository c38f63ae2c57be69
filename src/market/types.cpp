#include "market/types.h"

#include <array>
#include <utility>

namespace sangsaeng::market {

namespace {
constexpr std::array<std::pair<OrderStatus, std::string_view>, 8> kStatusNames = {{
    {OrderStatus::held, "held"},
    {OrderStatus::paid, "paid"},
    {OrderStatus::cancelled, "cancelled"},
    {OrderStatus::expired, "expired"},
    {OrderStatus::packed, "packed"},
    {OrderStatus::shipped, "shipped"},
    {OrderStatus::delivered, "delivered"},
    {OrderStatus::refunded, "refunded"},
}};
}  // namespace

std::string_view to_string(OrderStatus status) {
  for (const auto& [s, name] : kStatusNames)
    if (s == status) return name;
  return "held";
}

std::optional<OrderStatus> parse_order_status(std::string_view text) {
  for (const auto& [s, name] : kStatusNames)
    if (name == text) return s;
  return std::nullopt;
}

bool counts_as_sold(OrderStatus s) {
  return s == OrderStatus::paid || s == OrderStatus::packed || s == OrderStatus::shipped ||
         s == OrderStatus::delivered;
}

bool counts_as_held(OrderStatus s) {
  return s == OrderStatus::held;
}

}  // namespace sangsaeng::market
