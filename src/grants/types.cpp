#include "grants/types.h"

#include <array>

namespace sangsaeng::grants {

namespace {
constexpr std::array<std::string_view, 7> kStages = {
    "submitted", "screening", "approved", "declined", "surgery", "rehabilitation", "closed"};
constexpr std::array<std::string_view, 7> kMoney = {"none", "reserving", "reserved", "paying",
                                                    "paid", "releasing", "released"};
constexpr std::array<std::string_view, 3> kOutcomes = {"credited", "duplicate", "conflict"};
}  // namespace

std::string source_key(const RevenueLine& line) {
  return line.sale_id ? "sale:" + *line.sale_id : "day:" + line.sold_on;
}

std::string_view to_string(LineOutcome outcome) {
  return kOutcomes[static_cast<std::size_t>(outcome)];
}

std::string_view to_string(Stage stage) {
  return kStages[static_cast<std::size_t>(stage)];
}

std::optional<Stage> parse_stage(std::string_view text) {
  for (std::size_t i = 0; i < kStages.size(); ++i)
    if (kStages[i] == text) return static_cast<Stage>(i);
  return std::nullopt;
}

bool may_move(Stage from, Stage to) {
  using S = Stage;
  switch (from) {
    case S::submitted:
      return to == S::screening;
    case S::screening:
      return to == S::approved || to == S::declined;
    case S::approved:
      return to == S::surgery || to == S::closed;
    case S::surgery:
      return to == S::rehabilitation || to == S::closed;
    case S::rehabilitation:
      return to == S::closed;
    case S::declined:
    case S::closed:
      return false;
  }
  return false;
}

std::string_view to_string(Money money) {
  return kMoney[static_cast<std::size_t>(money)];
}

std::optional<Money> parse_money(std::string_view text) {
  for (std::size_t i = 0; i < kMoney.size(); ++i)
    if (kMoney[i] == text) return static_cast<Money>(i);
  return std::nullopt;
}

}  // namespace sangsaeng::grants
