#include "outage/types.h"

namespace sangsaeng::outage {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::refund:
      return "refund";
    case Kind::voluntary:
      return "voluntary";
    case Kind::damages:
      return "damages";
  }
  return "refund";
}

std::optional<Kind> parse_kind(std::string_view text) {
  for (Kind k : {Kind::refund, Kind::voluntary, Kind::damages}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

}  // namespace sangsaeng::outage
