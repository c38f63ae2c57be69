// A drop's fair-start draw as it is published (GET /api/v1/market/drops/{id}/draw), and its
// check without trusting the server: the revealed seed must hash to the commitment published
// before opening, and drawing the published entries again with it (draw/draw.h; a buyer's
// ticket is the id of their first entry) must give the published order.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/store.h"
#include "market/types.h"

namespace sangsaeng::market {

// The published draw: drop_id, fair_start_seconds, seed_commitment, drawn; once drawn also
// drawn_at, seed (hex), entries (in arrival order: entry, ticket, units) and order (entry ids
// in drawn order). Before the draw the seed is null and the lists empty.
boost::json::object published_draw(const Drop& drop, const std::optional<DrawRecord>& record);

struct DrawCheck {
  bool ok = false;
  std::size_t entries = 0;
  std::string message;               // what matched, or the first thing that did not
  std::vector<std::string> redrawn;  // the entry ids in the order drawn again (when it ran)
};

// `published` is the draw as JSON text. Never throws: malformed text is a failed check.
DrawCheck check_published_draw(std::string_view published);

}  // namespace sangsaeng::market
