#include "live/service.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cassert>
#include <set>

#include "core/json.h"
#include "live/store.h"
#include "outbox/outbox.h"

namespace sangsaeng::live {

namespace {

constexpr std::size_t kPostCharsMax = 300;

bool https_link(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  return u && u->scheme() == "https" && !u->host().empty() && !u->has_userinfo();
}

std::string kst_clock(UnixMicros t) {
  const CivilTime c = civil_from_micros(t, kSeoulOffsetMinutes);
  char out[32];
  std::snprintf(out, sizeof out, "%d월 %d일 %02d:%02d", c.month, c.day, c.hour, c.minute);
  return out;
}

outbox::Message reminder_notice(const Event& e, Id user_id) {
  return {.id = ids().next(),
          .dedup_key = "live:" + std::to_string(e.id) + ":remind:" + std::to_string(user_id),
          .topic = "live.reminder",
          .recipient_user_id = user_id,
          .channel = "app",
          .address = std::to_string(user_id),
          .subject = "곧 시작합니다: " + e.title,
          .body = e.title + " 방송이 " + kst_clock(e.starts_at_us) + "에 시작합니다."};
}

}  // namespace

LiveService::LiveService(store::Db& db, LiveOptions options)
    : db_(db), options_(std::move(options)) {}

Status LiveService::validate(Event& e) {
  std::vector<FieldError> errors;
  if (e.hosts.empty() || e.hosts.size() > static_cast<std::size_t>(options_.hosts_max))
    errors.push_back({"hosts", "1 to " + std::to_string(options_.hosts_max) + " hosts"});
  for (const std::string& h : e.hosts)
    if (h.empty() || h.find('\n') != std::string::npos)
      errors.push_back({"hosts", "a host's name"});
  if (e.channels.empty() || e.channels.size() > static_cast<std::size_t>(options_.channels_max))
    errors.push_back({"channels", "1 to " + std::to_string(options_.channels_max) + " channels"});
  for (std::size_t i = 0; i < e.channels.size() && i < 20; ++i) {
    Status s = check_channel(e.channels[i], "channels[" + std::to_string(i) + "]");
    for (const FieldError& f : s.fields()) errors.push_back(f);
  }
  if (e.ends_at_us <= e.starts_at_us)
    errors.push_back({"ends_at", "must be after starts_at"});
  else if (e.ends_at_us - e.starts_at_us > options_.event_length_max_us)
    errors.push_back({"ends_at", "an event lasts at most 24 hours"});
  std::sort(e.product_ids.begin(), e.product_ids.end());
  e.product_ids.erase(std::unique(e.product_ids.begin(), e.product_ids.end()), e.product_ids.end());
  if (!e.product_ids.empty() && e.kind != EventKind::market_show)
    errors.push_back({"product_ids", "only market shows feature products"});
  if (e.product_ids.size() > static_cast<std::size_t>(options_.products_max))
    errors.push_back({"product_ids", "at most " + std::to_string(options_.products_max)});
  if (errors.empty() && !e.product_ids.empty()) {
    auto known = db_.read([&](soci::session& s) { return product_names(s, e.product_ids); });
    if (known.size() != e.product_ids.size())
      errors.push_back({"product_ids", "names a product the market does not have"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return {};
}

Result<Event> LiveService::create(Event e, Id actor_id) {
  if (Status s = validate(e); !s.ok()) return s;
  const UnixMicros now = options_.clock();
  e.id = ids().next();
  e.state = EventState::scheduled;
  e.went_live_at_us.reset();
  e.ended_at_us.reset();
  e.replay_url.clear();
  e.version = 1;
  e.created_by = actor_id;
  e.created_at_us = e.updated_at_us = now;
  db_.write([&](soci::session& s) { insert_event(s, e); });
  return e;
}

std::optional<Event> LiveService::find(Id id) {
  return db_.read([&](soci::session& s) { return find_event(s, id); });
}

std::vector<Event> LiveService::schedule(UnixMicros from_us, UnixMicros to_us, int limit) {
  return db_.read([&](soci::session& s) { return events_between(s, from_us, to_us, limit); });
}

Result<Event> LiveService::move(Id id, EventState to, const std::string& replay_url) {
  if (to == EventState::replay_available && !https_link(replay_url))
    return Status::invalid("replay_url", "the recording's https link is required");
  return db_.write([&](soci::session& s) -> Result<Event> {
    auto e = find_event(s, id);
    if (!e) return Status::not_found("No live event with this id");
    if (!may_move(e->state, to))
      return Status(Code::conflict, "illegal-transition",
                    "A " + std::string(to_string(e->state)) + " event cannot become " +
                        std::string(to_string(to)));
    const EventState from = e->state;
    const UnixMicros now = options_.clock();
    e->state = to;
    if (to == EventState::live) e->went_live_at_us = now;
    if (to == EventState::ended) e->ended_at_us = now;
    if (to == EventState::replay_available) e->replay_url = replay_url;
    if (!update_state(s, *e, from, now))
      return Status(Code::conflict, "illegal-transition", "The event changed meanwhile");
    e->version += 1;
    e->updated_at_us = now;
    return *e;
  });
}

Result<Pin> LiveService::pin(Id event_id, Pin p, std::optional<std::int64_t> at_s, Id actor_id) {
  return db_.write([&](soci::session& s) -> Result<Pin> {
    auto e = find_event(s, event_id);
    if (!e) return Status::not_found("No live event with this id");
    if (!e->went_live_at_us)
      return Status(Code::conflict, "not-started", "Pins are made once the event is live");
    const UnixMicros now = options_.clock();
    const UnixMicros end = e->ended_at_us.value_or(now);
    const std::int64_t length_s = (end - *e->went_live_at_us) / kMicrosPerSecond;
    p.at_s = at_s.value_or(length_s);
    if (p.at_s < 0 || p.at_s > length_s)
      return Status::invalid(
          "at_s", "must be within the show (0 to " + std::to_string(length_s) + " seconds)");
    if (p.kind == PinKind::product) {
      if (!p.product_id ||
          !std::binary_search(e->product_ids.begin(), e->product_ids.end(), *p.product_id))
        return Status::invalid("product_id", "must be a product the show features");
      if (p.title.empty()) p.title = product_names(s, {*p.product_id}).at(0).second;
    } else {
      p.product_id.reset();
      if (p.title.empty()) return Status::invalid("title", "a moment needs a title");
    }
    if (pins_of(s, event_id, options_.pins_max).size() >=
        static_cast<std::size_t>(options_.pins_max))
      return Status::invalid("at_s", "the timeline is full");
    p.id = ids().next();
    p.event_id = event_id;
    p.created_by = actor_id;
    p.created_at_us = now;
    insert_pin(s, p);
    bump_version(s, event_id, now);
    return p;
  });
}

std::vector<Pin> LiveService::timeline(Id event_id) {
  auto pins = db_.read([&](soci::session& s) { return pins_of(s, event_id, options_.pins_max); });
  std::stable_sort(pins.begin(), pins.end(),
                   [](const Pin& a, const Pin& b) { return a.at_s < b.at_s; });
  return pins;
}

std::optional<Pin> LiveService::current_pin(Id event_id) {
  return db_.read([&](soci::session& s) { return last_pin(s, event_id); });
}

Counters LiveService::sales(const Event& e) {
  if (e.product_ids.empty() || !e.went_live_at_us) return {};
  return db_.read([&](soci::session& s) { return live::sales(s, e.id, *e.went_live_at_us); });
}

std::optional<int> LiveService::version(Id event_id) {
  return db_.read([&](soci::session& s) { return event_version(s, event_id); });
}

Status LiveService::check_post(const Post& post) const {
  assert(post.user_id > 0);
  const std::size_t n = utf8_length(post.body);
  if (n == 0 || n > kPostCharsMax) return Status::invalid("body", "1 to 300 characters");
  return {};
}

Result<Message> LiveService::post_message(Id event_id, Post post) {
  if (Status s = check_post(post); !s.ok()) return s;
  return db_.write([&](soci::session& s) -> Result<Message> {
    auto e = find_event(s, event_id);
    if (!e) return Status::not_found("No live event with this id");
    if (e->state == EventState::ended || e->state == EventState::replay_available)
      return Status(Code::conflict, "event-over", "The event has ended");
    if (is_blocked(s, event_id, post.user_id))
      return Status(Code::forbidden, "blocked", "The host has blocked your messages");
    const UnixMicros now = options_.clock();
    if (messages_since(s, event_id, post.user_id, now - options_.message_window_us) >=
        options_.messages_per_window)
      return Status(Code::resource_exhausted, "too-many-messages",
                    "Too many messages; wait a moment");
    Message m{.id = ids().next(),
              .event_id = event_id,
              .user_id = post.user_id,
              .display_name = post.display_name,
              .body = post.body,
              .hidden = false,
              .created_at_us = now};
    insert_message(s, m);
    return m;
  });
}

std::vector<Message> LiveService::messages_after(Id event_id, Id after, int limit) {
  return db_.read(
      [&](soci::session& s) { return live::messages_after(s, event_id, after, limit); });
}

std::vector<Message> LiveService::latest_messages(Id event_id, int limit) {
  return db_.read([&](soci::session& s) { return live::latest_messages(s, event_id, limit); });
}

Result<Message> LiveService::hide(Id event_id, Id message_id) {
  return db_.write([&](soci::session& s) -> Result<Message> {
    auto m = find_message(s, event_id, message_id);
    if (!m) return Status::not_found("No message with this id on this event");
    hide_message(s, message_id);
    m->hidden = true;
    return *m;
  });
}

Status LiveService::block(Id event_id, Id user_id, Id actor_id) {
  return db_.write([&](soci::session& s) -> Status {
    if (!find_event(s, event_id)) return Status::not_found("No live event with this id");
    long long users = 0;
    s << "SELECT COUNT(*) FROM users WHERE id = :u", soci::use(user_id), soci::into(users);
    if (users == 0) return Status::invalid("user_id", "no such user");
    insert_block(s, event_id, user_id, actor_id, options_.clock());
    return {};
  });
}

Status LiveService::remind(Id event_id, Id user_id) {
  return db_.write([&](soci::session& s) -> Status {
    auto e = find_event(s, event_id);
    if (!e) return Status::not_found("No live event with this id");
    const UnixMicros now = options_.clock();
    if (e->state != EventState::scheduled || e->starts_at_us <= now)
      return Status(Code::conflict, "already-started", "The event has started already");
    insert_reminder(s, event_id, user_id, now);
    return {};
  });
}

int LiveService::send_reminders(UnixMicros now_us, int limit) {
  return db_.write([&](soci::session& s) {
    auto due = due_reminders(s, now_us, options_.reminder_lead_us, limit);
    std::vector<outbox::Message> notices;
    std::optional<Event> e;
    for (const DueReminder& r : due) {
      if (!e || e->id != r.event_id) e = find_event(s, r.event_id);
      assert(e.has_value());
      notices.push_back(reminder_notice(*e, r.user_id));
      mark_reminder_sent(s, r, now_us);
    }
    outbox::enqueue_all(s, notices);
    return static_cast<int>(due.size());
  });
}

Result<RsvpTotals> LiveService::rsvp(Rsvp r) {
  if (r.party_size < 1 || r.party_size > 10) return Status::invalid("party_size", "1 to 10 people");
  return db_.write([&](soci::session& s) -> Result<RsvpTotals> {
    auto e = find_event(s, r.event_id);
    if (!e) return Status::not_found("No live event with this id");
    if (e->kind != EventKind::ceremony)
      return Status(Code::failed_precondition, "not-a-ceremony", "Only ceremonies take RSVPs");
    r.updated_at_us = options_.clock();
    upsert_rsvp(s, r);
    return live::rsvp_totals(s, r.event_id);
  });
}

Result<RsvpTotals> LiveService::rsvp_totals(Id event_id) {
  return db_.read([&](soci::session& s) -> Result<RsvpTotals> {
    if (!find_event(s, event_id)) return Status::not_found("No live event with this id");
    return live::rsvp_totals(s, event_id);
  });
}

Result<GuestbookEntry> LiveService::sign_guestbook(Id event_id, Post post) {
  if (Status s = check_post(post); !s.ok()) return s;
  return db_.write([&](soci::session& s) -> Result<GuestbookEntry> {
    auto e = find_event(s, event_id);
    if (!e) return Status::not_found("No live event with this id");
    if (e->kind != EventKind::ceremony)
      return Status(Code::failed_precondition, "not-a-ceremony",
                    "Only ceremonies have a guest book");
    if (is_blocked(s, event_id, post.user_id))
      return Status(Code::forbidden, "blocked", "The host has blocked your messages");
    GuestbookEntry g{.id = ids().next(),
                     .event_id = event_id,
                     .user_id = post.user_id,
                     .display_name = post.display_name,
                     .body = post.body,
                     .created_at_us = options_.clock()};
    insert_guestbook(s, g);
    return g;
  });
}

Page<GuestbookEntry> LiveService::guestbook(Id event_id, std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return page_guestbook(s, event_id, before, limit); });
}

}  // namespace sangsaeng::live
