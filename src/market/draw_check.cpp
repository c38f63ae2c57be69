#include "market/draw_check.h"

#include <boost/json/parse.hpp>
#include <map>

#include "core/time.h"
#include "draw/draw.h"

namespace sangsaeng::market {

namespace {

namespace json = boost::json;

DrawCheck fail(std::string message) {
  return {false, 0, std::move(message), {}};
}

struct Published {
  std::vector<std::string> entries, tickets;  // in arrival order
  std::vector<std::string> order;             // entry ids in drawn order
};

bool read_string(const json::object& o, std::string_view key, std::string& out) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return false;
  out = v->as_string();
  return true;
}

std::optional<Published> read_entries(const json::object& draw) {
  const auto* e = draw.if_contains("entries");
  const auto* o = draw.if_contains("order");
  if (!e || !o || !e->is_array() || !o->is_array()) return std::nullopt;
  Published p;
  for (const auto& item : e->as_array()) {
    std::string entry, ticket;
    if (!item.is_object() || !read_string(item.as_object(), "entry", entry) ||
        !read_string(item.as_object(), "ticket", ticket))
      return std::nullopt;
    p.entries.push_back(std::move(entry));
    p.tickets.push_back(std::move(ticket));
  }
  for (const auto& item : o->as_array()) {
    if (!item.is_string()) return std::nullopt;
    p.order.push_back(std::string(item.as_string()));
  }
  return p;
}

// A ticket is named by its first entry: anything else is not a draw this server makes.
std::optional<std::string> misnamed_ticket(const Published& p) {
  std::map<std::string, std::string> first;  // ticket -> its first entry
  for (std::size_t i = 0; i < p.entries.size(); ++i) {
    const auto& f = first.try_emplace(p.tickets[i], p.entries[i]).first->second;
    if (f != p.tickets[i])
      return "entry " + p.entries[i] + " holds ticket " + p.tickets[i] +
             ", which is not the id of that ticket's first entry";
  }
  return std::nullopt;
}

}  // namespace

json::object published_draw(const Drop& drop, const std::optional<DrawRecord>& record) {
  json::object out{{"drop_id", id_to_string(drop.id)},
                   {"fair_start_seconds", drop.fair_start_seconds},
                   {"seed_commitment", drop.seed_commitment},
                   {"drawn", false},
                   {"seed", nullptr},
                   {"entries", json::array()},
                   {"order", json::array()}};
  if (!record) return out;
  const json::object stored = json::parse(record->entries_json).as_object();
  out["drawn"] = true;
  out["drawn_at"] = format_rfc3339(record->drawn_at_us);
  out["seed"] = drop.seed_hex;  // secret until now
  out["entries"] = stored.at("entries");
  out["order"] = stored.at("order");
  return out;
}

DrawCheck check_published_draw(std::string_view published) {
  boost::system::error_code ec;
  const json::value v = json::parse(published, ec);
  if (ec || !v.is_object()) return fail("not a draw: the text is not a JSON object");
  const json::object& draw = v.as_object();
  const auto* drawn = draw.if_contains("drawn");
  if (!drawn || !drawn->is_bool() || !drawn->as_bool())
    return fail("the draw has not run yet: nothing to check");
  std::string seed_hex, commitment;
  if (!read_string(draw, "seed", seed_hex) || !read_string(draw, "seed_commitment", commitment))
    return fail("the draw names no seed or no commitment");
  const auto seed = draw::from_hex(seed_hex);
  if (!seed || seed->empty()) return fail("the seed is not hex");
  if (draw::commitment_hex(*seed) != commitment)
    return fail("the seed does not hash to the commitment published before opening");
  const auto p = read_entries(draw);
  if (!p) return fail("the entries or the order are malformed");
  if (auto wrong = misnamed_ticket(*p)) return fail(*wrong);
  DrawCheck out{true, p->entries.size(), "", {}};
  for (std::size_t i : draw::ordering(*seed, p->tickets)) out.redrawn.push_back(p->entries[i]);
  if (p->order.size() != out.redrawn.size()) {
    out.ok = false;
    out.message = "the order names " + std::to_string(p->order.size()) + " entries, the draw " +
                  std::to_string(out.redrawn.size());
    return out;
  }
  for (std::size_t i = 0; i < out.redrawn.size(); ++i)
    if (out.redrawn[i] != p->order[i]) {
      out.ok = false;
      out.message = "place " + std::to_string(i + 1) + " should be entry " + out.redrawn[i] +
                    ", the draw says " + p->order[i];
      return out;
    }
  out.message = "draw verified: the seed matches its commitment and the " +
                std::to_string(out.redrawn.size()) + " entries come out in the published order";
  return out;
}

}  // namespace sangsaeng::market
