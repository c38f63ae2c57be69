#include "neighbourhood/prize_check.h"

#include <boost/json/parse.hpp>

#include "core/time.h"
#include "draw/draw.h"

namespace sangsaeng::neighbourhood {

namespace {

namespace json = boost::json;

PrizeCheck fail(std::string message) {
  return {false, 0, std::move(message), {}};
}

bool read_string(const json::object& o, std::string_view key, std::string& out) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return false;
  out = v->as_string();
  return true;
}

// The published entries (each ticket must be its entry's id) and winners; nullopt if malformed.
struct Listed {
  std::vector<Entry> entries;
  std::vector<std::string> winners;  // entry ids by place
};
std::optional<Listed> read_lists(const json::object& draw, std::string& why) {
  const auto* e = draw.if_contains("entries");
  const auto* w = draw.if_contains("winners");
  if (!e || !w || !e->is_array() || !w->is_array()) {
    why = "the entries or the winners are missing";
    return std::nullopt;
  }
  Listed out;
  for (const auto& item : e->as_array()) {
    std::string entry, ticket;
    if (!item.is_object() || !read_string(item.as_object(), "entry", entry) ||
        !read_string(item.as_object(), "ticket", ticket) || entry != ticket || !parse_id(entry)) {
      why = "an entry is malformed (each names its ticket, its own id)";
      return std::nullopt;
    }
    out.entries.push_back({.id = *parse_id(entry)});
  }
  for (const auto& item : w->as_array()) {
    std::string entry;
    if (!item.is_object() || !read_string(item.as_object(), "entry", entry)) {
      why = "a winner is malformed";
      return std::nullopt;
    }
    out.winners.push_back(entry);
  }
  return out;
}

}  // namespace

json::object published_draw(const NeighbourhoodService::Published& p) {
  const PrizeEvent& e = p.event;
  json::array entries, winners;
  for (const Entry& en : p.entries)
    entries.push_back(
        json::object{{"entry", id_to_string(en.id)}, {"ticket", id_to_string(en.id)}});
  for (const Winner& w : p.winners)
    winners.push_back(json::object{{"place", w.place}, {"entry", id_to_string(w.entry_id)}});
  const bool drawn = e.drawn_at_us.has_value();
  return {{"event_id", id_to_string(e.id)},
          {"title", e.title},
          {"prize", e.prize},
          {"winners_count", e.winners_count},
          {"opens_at", format_rfc3339(e.opens_at_us)},
          {"closes_at", format_rfc3339(e.closes_at_us)},
          {"seed_commitment", e.seed_commitment},
          {"drawn", drawn},
          {"drawn_at", drawn ? json::value(format_rfc3339(*e.drawn_at_us)) : json::value(nullptr)},
          {"seed", drawn ? json::value(e.seed_hex) : json::value(nullptr)},  // secret until now
          {"entries", std::move(entries)},
          {"winners", std::move(winners)}};
}

PrizeCheck check_published_prize_draw(std::string_view published) {
  boost::system::error_code ec;
  const json::value v = json::parse(published, ec);
  if (ec || !v.is_object()) return fail("not a draw: the text is not a JSON object");
  const json::object& d = v.as_object();
  const auto* drawn = d.if_contains("drawn");
  if (!drawn || !drawn->is_bool() || !drawn->as_bool())
    return fail("the draw has not run yet: nothing to check");
  std::string seed_hex, commitment;
  if (!read_string(d, "seed", seed_hex) || !read_string(d, "seed_commitment", commitment))
    return fail("the draw names no seed or no commitment");
  const auto seed = draw::from_hex(seed_hex);
  if (!seed || seed->empty()) return fail("the seed is not hex");
  if (draw::commitment_hex(*seed) != commitment)
    return fail("the seed does not hash to the commitment published when entries opened");
  const auto* count = d.if_contains("winners_count");
  if (!count || !count->is_int64() || count->as_int64() < 1 || count->as_int64() > 1000)
    return fail("winners_count is missing or out of range");
  std::string why;
  const auto listed = read_lists(d, why);
  if (!listed) return fail(why);
  PrizeCheck out{true, listed->entries.size(), "", {}};
  for (const Winner& w : draw_winners(*seed, listed->entries, static_cast<int>(count->as_int64())))
    out.winners.push_back(id_to_string(w.entry_id));
  if (out.winners != listed->winners) {
    out.ok = false;
    out.message = "the published winners are not the ones the seed draws from these entries";
    for (std::size_t i = 0; i < out.winners.size(); ++i)
      if (i >= listed->winners.size() || listed->winners[i] != out.winners[i]) {
        out.message = "place " + std::to_string(i + 1) + " should be entry " + out.winners[i] +
                      (i < listed->winners.size() ? ", the draw says " + listed->winners[i]
                                                  : ", the draw names nobody");
        break;
      }
    return out;
  }
  out.message = "draw verified: the seed matches its commitment and drawing the " +
                std::to_string(out.entries) + " entries again gives the published " +
                std::to_string(out.winners.size()) + " winners";
  return out;
}

}  // namespace sangsaeng::neighbourhood
