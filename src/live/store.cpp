#include "live/store.h"

#include <cassert>
#include <sstream>

#include "ledger/rows.h"

namespace sangsaeng::live {

namespace {

using ledger::ids_in;
using ledger::int_list;
using ledger::is_pg;
using ledger::row_i64;

constexpr const char* kEventColumns =
    "SELECT id, kind, title, description, hosts, starts_at, ends_at, state, went_live_at, "
    "ended_at, replay_url, version, created_by, created_at, updated_at FROM live_events ";
constexpr const char* kPinColumns =
    "SELECT id, event_id, kind, product_id, title, at_s, created_by, created_at FROM live_pins ";
constexpr const char* kMessageColumns =
    "SELECT id, event_id, user_id, display_name, body, hidden, created_at FROM live_messages ";
// Orders that count as sold: paid and on their way (not held, cancelled, expired, refunded).
constexpr const char* kSalesQuery =
    "SELECT COUNT(*), CAST(COALESCE(SUM(o.units), 0) AS BIGINT), "
    "CAST(COALESCE(SUM(o.amount_won * d.donation_percent / 100), 0) AS BIGINT) "
    "FROM market_orders o JOIN market_drops d ON d.id = o.drop_id "
    "JOIN live_event_products p ON p.product_id = d.product_id "
    "WHERE p.event_id = :e AND o.created_at >= :since "
    "AND o.status IN ('paid', 'packed', 'shipped', 'delivered')";

std::optional<Id> row_opt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) != soci::i_ok) return std::nullopt;
  return row_i64(r, i);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) {
    assert(l.find('\n') == std::string::npos);
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

Event event_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .kind = parse_event_kind(r.get<std::string>(1)).value(),
          .title = r.get<std::string>(2),
          .description = r.get<std::string>(3),
          .hosts = split_lines(r.get<std::string>(4)),
          .starts_at_us = row_i64(r, 5),
          .ends_at_us = row_i64(r, 6),
          .channels = {},
          .state = parse_event_state(r.get<std::string>(7)).value(),
          .went_live_at_us = row_opt(r, 8),
          .ended_at_us = row_opt(r, 9),
          .replay_url = r.get<std::string>(10),
          .product_ids = {},
          .version = static_cast<int>(row_i64(r, 11)),
          .created_by = row_i64(r, 12),
          .created_at_us = row_i64(r, 13),
          .updated_at_us = row_i64(r, 14)};
}

Event with_details(soci::session& s, Event e) {
  soci::rowset<soci::row> channels =
      (s.prepare << "SELECT platform, url, iptv_channel, embed_url FROM live_channels WHERE "
                    "event_id = :e ORDER BY position",
       soci::use(e.id));
  for (const auto& r : channels)
    e.channels.push_back({.platform = parse_platform(r.get<std::string>(0)).value(),
                          .url = r.get<std::string>(1),
                          .iptv_channel = r.get<std::string>(2),
                          .embed_url = r.get<std::string>(3)});
  soci::rowset<soci::row> products =
      (s.prepare << "SELECT product_id FROM live_event_products WHERE event_id = :e ORDER BY "
                    "product_id",
       soci::use(e.id));
  for (const auto& r : products) e.product_ids.push_back(row_i64(r, 0));
  return e;
}

Pin pin_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .event_id = row_i64(r, 1),
          .kind = r.get<std::string>(2) == "product" ? PinKind::product : PinKind::moment,
          .product_id = row_opt(r, 3),
          .title = r.get<std::string>(4),
          .at_s = row_i64(r, 5),
          .created_by = row_i64(r, 6),
          .created_at_us = row_i64(r, 7)};
}

Message message_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .event_id = row_i64(r, 1),
          .user_id = row_i64(r, 2),
          .display_name = r.get<std::string>(3),
          .body = r.get<std::string>(4),
          .hidden = row_i64(r, 5) != 0,
          .created_at_us = row_i64(r, 6)};
}

std::vector<Message> messages_where(soci::session& s, const std::string& sql, Id event_id, Id arg,
                                    int limit) {
  std::vector<Message> out;
  const long long n = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << sql, soci::use(event_id), soci::use(arg), soci::use(n));
  for (const auto& r : rows) out.push_back(message_from(r));
  return out;
}

}  // namespace

void insert_event(soci::session& s, const Event& e) {
  assert(e.id > 0 && !e.channels.empty());
  const std::string kind(to_string(e.kind)), state(to_string(e.state)), hosts = join_lines(e.hosts);
  s << "INSERT INTO live_events (id, kind, title, description, hosts, starts_at, ends_at, state, "
       "went_live_at, ended_at, replay_url, version, created_by, created_at, updated_at) VALUES "
       "(:id, :k, :t, :d, :h, :s, :e, :st, NULL, NULL, :r, :v, :cb, :ca, :ua)",
      soci::use(e.id), soci::use(kind), soci::use(e.title), soci::use(e.description),
      soci::use(hosts), soci::use(e.starts_at_us), soci::use(e.ends_at_us), soci::use(state),
      soci::use(e.replay_url), soci::use(e.version), soci::use(e.created_by),
      soci::use(e.created_at_us), soci::use(e.updated_at_us);
  for (std::size_t i = 0; i < e.channels.size(); ++i) {
    const Channel& c = e.channels[i];
    const int position = static_cast<int>(i);
    const std::string platform(to_string(c.platform));
    s << "INSERT INTO live_channels (event_id, position, platform, url, iptv_channel, embed_url) "
         "VALUES (:e, :p, :pl, :u, :i, :em)",
        soci::use(e.id), soci::use(position), soci::use(platform), soci::use(c.url),
        soci::use(c.iptv_channel), soci::use(c.embed_url);
  }
  for (Id product : e.product_ids)
    s << "INSERT INTO live_event_products (event_id, product_id) VALUES (:e, :p)", soci::use(e.id),
        soci::use(product);
}

std::optional<Event> find_event(soci::session& s, Id id) {
  soci::row r;
  s << std::string(kEventColumns) + "WHERE id = :id", soci::use(id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return with_details(s, event_from(r));
}

std::vector<Event> events_between(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                                  int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long n = limit;
  std::vector<Event> out;
  {
    soci::rowset<soci::row> rows =
        (s.prepare
             << std::string(kEventColumns) +
                    "WHERE starts_at >= :f AND starts_at < :t ORDER BY starts_at, id LIMIT :n",
         soci::use(from_us), soci::use(to_us), soci::use(n));
    for (const auto& r : rows) out.push_back(event_from(r));
  }
  for (Event& e : out) e = with_details(s, std::move(e));
  return out;
}

bool update_state(soci::session& s, const Event& e, EventState from, UnixMicros now_us) {
  const std::string to(to_string(e.state)), was(to_string(from));
  const long long went = e.went_live_at_us.value_or(0), ended = e.ended_at_us.value_or(0);
  soci::indicator went_ind = e.went_live_at_us ? soci::i_ok : soci::i_null;
  soci::indicator ended_ind = e.ended_at_us ? soci::i_ok : soci::i_null;
  soci::statement st =
      (s.prepare << "UPDATE live_events SET state = :to, went_live_at = :w, ended_at = :en, "
                    "replay_url = :r, version = version + 1, updated_at = :u "
                    "WHERE id = :id AND state = :from",
       soci::use(to), soci::use(went, went_ind), soci::use(ended, ended_ind),
       soci::use(e.replay_url), soci::use(now_us), soci::use(e.id), soci::use(was));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void bump_version(soci::session& s, Id event_id, UnixMicros now_us) {
  s << "UPDATE live_events SET version = version + 1, updated_at = :u WHERE id = :id",
      soci::use(now_us), soci::use(event_id);
}

std::optional<int> event_version(soci::session& s, Id event_id) {
  int version = 0;
  s << "SELECT version FROM live_events WHERE id = :id", soci::use(event_id), soci::into(version);
  if (!s.got_data()) return std::nullopt;
  return version;
}

std::vector<std::pair<Id, std::string>> product_names(soci::session& s,
                                                      const std::vector<Id>& ids) {
  std::vector<std::pair<Id, std::string>> out;
  if (ids.empty()) return out;
  const bool pg = is_pg(s);
  const std::string list = int_list(ids, pg);
  soci::rowset<soci::row> rows =
      (s.prepare << std::string("SELECT id, name FROM market_products WHERE id") + ids_in(pg) +
                        " ORDER BY id",
       soci::use(list));
  for (const auto& r : rows) out.emplace_back(row_i64(r, 0), r.get<std::string>(1));
  return out;
}

void insert_pin(soci::session& s, const Pin& p) {
  const std::string kind(to_string(p.kind));
  const long long product = p.product_id.value_or(0);
  soci::indicator product_ind = p.product_id ? soci::i_ok : soci::i_null;
  s << "INSERT INTO live_pins (id, event_id, kind, product_id, title, at_s, created_by, "
       "created_at) VALUES (:id, :e, :k, :p, :t, :a, :cb, :ca)",
      soci::use(p.id), soci::use(p.event_id), soci::use(kind), soci::use(product, product_ind),
      soci::use(p.title), soci::use(p.at_s), soci::use(p.created_by), soci::use(p.created_at_us);
}

std::vector<Pin> pins_of(soci::session& s, Id event_id, int limit) {
  std::vector<Pin> out;
  const long long n = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kPinColumns) + "WHERE event_id = :e ORDER BY id LIMIT :n",
       soci::use(event_id), soci::use(n));
  for (const auto& r : rows) out.push_back(pin_from(r));
  return out;
}

std::optional<Pin> last_pin(soci::session& s, Id event_id) {
  soci::row r;
  s << std::string(kPinColumns) + "WHERE event_id = :e ORDER BY id DESC LIMIT 1",
      soci::use(event_id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return pin_from(r);
}

void insert_message(soci::session& s, const Message& m) {
  const int hidden = m.hidden;
  s << "INSERT INTO live_messages (id, event_id, user_id, display_name, body, hidden, created_at) "
       "VALUES (:id, :e, :u, :n, :b, :h, :c)",
      soci::use(m.id), soci::use(m.event_id), soci::use(m.user_id), soci::use(m.display_name),
      soci::use(m.body), soci::use(hidden), soci::use(m.created_at_us);
}

std::vector<Message> messages_after(soci::session& s, Id event_id, Id after, int limit) {
  return messages_where(s,
                        std::string(kMessageColumns) +
                            "WHERE event_id = :e AND id > :a AND hidden = 0 ORDER BY id LIMIT :n",
                        event_id, after, limit);
}

std::vector<Message> latest_messages(soci::session& s, Id event_id, int limit) {
  auto out = messages_where(s,
                            std::string(kMessageColumns) +
                                "WHERE event_id = :e AND id > :a AND hidden = 0 "
                                "ORDER BY id DESC LIMIT :n",
                            event_id, 0, limit);
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<Message> find_message(soci::session& s, Id event_id, Id message_id) {
  soci::row r;
  s << std::string(kMessageColumns) + "WHERE id = :id AND event_id = :e", soci::use(message_id),
      soci::use(event_id), soci::into(r);
  if (!s.got_data()) return std::nullopt;
  return message_from(r);
}

void hide_message(soci::session& s, Id message_id) {
  s << "UPDATE live_messages SET hidden = 1 WHERE id = :id", soci::use(message_id);
}

std::int64_t messages_since(soci::session& s, Id event_id, Id user_id, UnixMicros since_us) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM live_messages WHERE event_id = :e AND user_id = :u AND "
       "created_at >= :s",
      soci::use(event_id), soci::use(user_id), soci::use(since_us), soci::into(n);
  return n;
}

bool insert_block(soci::session& s, Id event_id, Id user_id, Id actor_id, UnixMicros now_us) {
  if (is_blocked(s, event_id, user_id)) return false;
  s << "INSERT INTO live_blocks (event_id, user_id, created_by, created_at) VALUES (:e, :u, :a, "
       ":c)",
      soci::use(event_id), soci::use(user_id), soci::use(actor_id), soci::use(now_us);
  return true;
}

bool is_blocked(soci::session& s, Id event_id, Id user_id) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM live_blocks WHERE event_id = :e AND user_id = :u", soci::use(event_id),
      soci::use(user_id), soci::into(n);
  return n > 0;
}

bool insert_reminder(soci::session& s, Id event_id, Id user_id, UnixMicros now_us) {
  long long n = 0;
  s << "SELECT COUNT(*) FROM live_reminders WHERE event_id = :e AND user_id = :u",
      soci::use(event_id), soci::use(user_id), soci::into(n);
  if (n > 0) return false;
  s << "INSERT INTO live_reminders (event_id, user_id, created_at, sent_at) VALUES (:e, :u, :c, "
       "NULL)",
      soci::use(event_id), soci::use(user_id), soci::use(now_us);
  return true;
}

std::vector<DueReminder> due_reminders(soci::session& s, UnixMicros now_us, UnixMicros lead_us,
                                       int limit) {
  std::vector<DueReminder> out;
  const long long until = now_us + lead_us, n = limit;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT r.event_id, r.user_id FROM live_reminders r JOIN live_events e ON "
                    "e.id = r.event_id WHERE r.sent_at IS NULL AND e.state = 'scheduled' AND "
                    "e.starts_at >= :now AND e.starts_at < :until "
                    "ORDER BY e.starts_at, r.event_id, r.user_id LIMIT :n",
       soci::use(now_us), soci::use(until), soci::use(n));
  for (const auto& r : rows) out.push_back({row_i64(r, 0), row_i64(r, 1)});
  return out;
}

void mark_reminder_sent(soci::session& s, const DueReminder& r, UnixMicros now_us) {
  s << "UPDATE live_reminders SET sent_at = :s WHERE event_id = :e AND user_id = :u",
      soci::use(now_us), soci::use(r.event_id), soci::use(r.user_id);
}

void upsert_rsvp(soci::session& s, const Rsvp& r) {
  const std::string answer(to_string(r.answer));
  s << "DELETE FROM live_rsvps WHERE event_id = :e AND user_id = :u", soci::use(r.event_id),
      soci::use(r.user_id);
  s << "INSERT INTO live_rsvps (event_id, user_id, answer, party_size, updated_at) VALUES (:e, "
       ":u, :a, :p, :t)",
      soci::use(r.event_id), soci::use(r.user_id), soci::use(answer), soci::use(r.party_size),
      soci::use(r.updated_at_us);
}

RsvpTotals rsvp_totals(soci::session& s, Id event_id) {
  RsvpTotals t;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT answer, COUNT(*), CAST(COALESCE(SUM(party_size), 0) AS BIGINT) FROM "
                    "live_rsvps WHERE event_id = :e GROUP BY answer",
       soci::use(event_id));
  for (const auto& r : rows) {
    const std::string answer = r.get<std::string>(0);
    const std::int64_t n = row_i64(r, 1);
    if (answer == "yes") {
      t.yes = n;
      t.people = row_i64(r, 2);
    } else if (answer == "no") {
      t.no = n;
    } else {
      t.maybe = n;
    }
  }
  return t;
}

void insert_guestbook(soci::session& s, const GuestbookEntry& g) {
  s << "INSERT INTO live_guestbook (id, event_id, user_id, display_name, body, created_at) VALUES "
       "(:id, :e, :u, :n, :b, :c)",
      soci::use(g.id), soci::use(g.event_id), soci::use(g.user_id), soci::use(g.display_name),
      soci::use(g.body), soci::use(g.created_at_us);
}

Page<GuestbookEntry> page_guestbook(soci::session& s, Id event_id, std::optional<Id> before,
                                    int limit) {
  assert(limit >= 1 && limit <= kPageLimitMax);
  const long long b = before.value_or(std::numeric_limits<long long>::max()), n = limit + 1;
  Page<GuestbookEntry> page;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT id, event_id, user_id, display_name, body, created_at FROM "
                    "live_guestbook WHERE event_id = :e AND id < :b ORDER BY id DESC LIMIT :n",
       soci::use(event_id), soci::use(b), soci::use(n));
  for (const auto& r : rows)
    page.items.push_back({.id = row_i64(r, 0),
                          .event_id = row_i64(r, 1),
                          .user_id = row_i64(r, 2),
                          .display_name = r.get<std::string>(3),
                          .body = r.get<std::string>(4),
                          .created_at_us = row_i64(r, 5)});
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next = page.items.back().id;
  }
  return page;
}

Counters sales(soci::session& s, Id event_id, UnixMicros since_us) {
  soci::row r;
  s << kSalesQuery, soci::use(event_id), soci::use(since_us), soci::into(r);
  return {
      .viewers = 0, .orders = row_i64(r, 0), .sold = row_i64(r, 1), .donation_won = row_i64(r, 2)};
}

}  // namespace sangsaeng::live
