// A prize event's draw as it is published (GET /api/v1/neighbourhood/prize-events/{id}/draw),
// and its check without trusting the server (`sangsaeng draw verify`): the revealed seed must
// hash to the commitment published when entries opened, and drawing the published entries again
// with it (draw/draw.h; an entry's ticket is its id in decimal) must give the published winners.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "neighbourhood/service.h"

namespace sangsaeng::neighbourhood {

// event_id, title, prize, winners_count, opens_at, closes_at, seed_commitment, drawn_at, seed
// (hex; null before the draw), entries (in recorded order: entry, ticket) and winners (place,
// entry); the lists are empty before the draw.
boost::json::object published_draw(const NeighbourhoodService::Published& published);

struct PrizeCheck {
  bool ok = false;
  std::size_t entries = 0;
  std::string message;               // what matched, or the first thing that did not
  std::vector<std::string> winners;  // the entry ids drawn again, by place (when it ran)
};

// `published` is the draw as JSON text. Never throws: malformed text is a failed check.
PrizeCheck check_published_prize_draw(std::string_view published);

}  // namespace sangsaeng::neighbourhood
