// Checking a published fair-start draw (GET /api/v1/market/drops/{id}/draw) without trusting the
// server: the revealed seed must hash to the commitment published before opening, and drawing
// the published entries again with it must give the published order (market/lottery.h).
#pragma once

#include <string>
#include <string_view>

namespace sangsaeng::market {

struct DrawCheck {
  bool ok = false;
  std::size_t entries = 0;
  std::string message;  // what matched, or the first thing that did not
};

// `published` is the draw answer as JSON text. Never throws: malformed text is a failed check.
DrawCheck check_published_draw(std::string_view published);

}  // namespace sangsaeng::market
