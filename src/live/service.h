// The live program's use cases: a manager schedules an event on its channels, moves it through
// scheduled -> live -> ended -> replay available and pins products and moments (the replay's
// timeline); viewers post messages (rate-limited, moderated by hiding and blocking), ask to be
// reminded before the start (sent through the outbox by a scheduled job), and for ceremonies
// answer an RSVP and sign the guest book.
//
// Who may run an event is the caller's check (program_of(kind) names the program whose manager
// runs it); the service checks everything about the event itself.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "core/cursor.h"
#include "core/status.h"
#include "live/types.h"
#include "store/db.h"

namespace sangsaeng::live {

struct LiveOptions {
  int channels_max = 5, hosts_max = 5, products_max = 20;
  UnixMicros event_length_max_us = 24LL * 3600 * kMicrosPerSecond;
  // A viewer posts at most this many messages per window on one event (then 429).
  int messages_per_window = 5;
  UnixMicros message_window_us = 30 * kMicrosPerSecond;
  int pins_max = 500;  // per event: bounds the replay's timeline
  // Reminders go out this long before the start.
  UnixMicros reminder_lead_us = 10 * 60 * kMicrosPerSecond;
  std::function<UnixMicros()> clock = now_us;
};

// What a viewer posts (a message or a guest book entry), with who they are.
struct Post {
  Id user_id = 0;
  std::string display_name = {}, body = {};
};

class LiveService {
 public:
  // `db` must be migrated and outlive the service.
  explicit LiveService(store::Db& db, LiveOptions options = {});

  // Schedules an event (id, state, version, timestamps set here). invalid_argument with field
  // errors: channels (check_channel), hosts, the schedule (start before end, at most
  // event_length_max_us), products that are not market products or on a show that is not a
  // market show.
  Result<Event> create(Event event, Id actor_id);
  std::optional<Event> find(Id id);
  // Events starting in [from_us, to_us), soonest first; limit 1..200.
  std::vector<Event> schedule(UnixMicros from_us, UnixMicros to_us, int limit);
  // Moves the event to `to`. not_found; conflict "illegal-transition" unless `to` is the next
  // state; invalid_argument "replay_url" when replay_available comes without an https link.
  Result<Event> move(Id id, EventState to, const std::string& replay_url = {});

  // Pins a product or a moment while the event is live or ended (a moment added for the
  // replay). at_s nullopt: now, into the show. not_found; conflict "not-started"; invalid_argument
  // for a product the show does not feature, a time after its end, the timeline full.
  Result<Pin> pin(Id event_id, Pin pin, std::optional<std::int64_t> at_s, Id actor_id);
  std::vector<Pin> timeline(Id event_id);
  std::optional<Pin> current_pin(Id event_id);
  // Paid orders of the featured products since the show went live (viewers left at 0).
  Counters sales(const Event& event);
  // The event's version (changes viewers must see), nullopt if it does not exist.
  std::optional<int> version(Id event_id);

  // not_found; conflict "event-over" after the event ended; forbidden "blocked";
  // resource_exhausted "too-many-messages" past messages_per_window.
  Result<Message> post_message(Id event_id, Post post);
  std::vector<Message> messages_after(Id event_id, Id after, int limit);
  std::vector<Message> latest_messages(Id event_id, int limit);
  // Hides a message (it no longer shows anywhere). not_found.
  Result<Message> hide(Id event_id, Id message_id);
  // Stops a user's messages on this event. not_found (the event).
  Status block(Id event_id, Id user_id, Id actor_id);

  // "Notify me": a reminder reminder_lead_us before the start. Asking twice is one reminder.
  // not_found; conflict "already-started".
  Status remind(Id event_id, Id user_id);
  UnixMicros reminder_lead_us() const { return options_.reminder_lead_us; }
  // Queues the due reminders in the outbox (a scheduled job), at most `limit`; how many.
  int send_reminders(UnixMicros now_us, int limit);

  // Ceremonies only (failed_precondition "not-a-ceremony"); not_found.
  Result<RsvpTotals> rsvp(Rsvp rsvp);
  Result<RsvpTotals> rsvp_totals(Id event_id);
  Result<GuestbookEntry> sign_guestbook(Id event_id, Post post);
  Page<GuestbookEntry> guestbook(Id event_id, std::optional<Id> before, int limit);

 private:
  Status validate(Event& event);
  Status check_post(const Post& post) const;

  store::Db& db_;
  const LiveOptions options_;
};

}  // namespace sangsaeng::live
