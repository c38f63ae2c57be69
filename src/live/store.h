// The live program's SQL (migration 0700): statements run inside the caller's transaction
// (store::Db::write or read). SQLite and PostgreSQL alike. Infrastructure failures and
// constraint violations throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "core/cursor.h"
#include "live/types.h"

namespace sangsaeng::live {

// The event with its channels and featured products.
void insert_event(soci::session& s, const Event& event);
std::optional<Event> find_event(soci::session& s, Id id);
// Events that start in [from_us, to_us), soonest first, at most `limit` (1..200).
std::vector<Event> events_between(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                                  int limit);
// Moves the event from `from` to `to` (setting went_live_at, ended_at, replay_url as the event
// carries them) and bumps its version; false if its state was no longer `from`.
bool update_state(soci::session& s, const Event& event, EventState from, UnixMicros now_us);
void bump_version(soci::session& s, Id event_id, UnixMicros now_us);
// The event's version, or nullopt if there is no such event.
std::optional<int> event_version(soci::session& s, Id event_id);
// Market products that exist among `ids` (their names by id, for product pins).
std::vector<std::pair<Id, std::string>> product_names(soci::session& s, const std::vector<Id>& ids);

void insert_pin(soci::session& s, const Pin& pin);
// The event's pins in the order they were made, at most `limit`.
std::vector<Pin> pins_of(soci::session& s, Id event_id, int limit);
std::optional<Pin> last_pin(soci::session& s, Id event_id);

void insert_message(soci::session& s, const Message& message);
// Visible messages with id > after, oldest first, at most `limit`.
std::vector<Message> messages_after(soci::session& s, Id event_id, Id after, int limit);
// The newest visible messages, oldest first, at most `limit`.
std::vector<Message> latest_messages(soci::session& s, Id event_id, int limit);
std::optional<Message> find_message(soci::session& s, Id event_id, Id message_id);
void hide_message(soci::session& s, Id message_id);
std::int64_t messages_since(soci::session& s, Id event_id, Id user_id, UnixMicros since_us);
// False if the user was blocked already.
bool insert_block(soci::session& s, Id event_id, Id user_id, Id actor_id, UnixMicros now_us);
bool is_blocked(soci::session& s, Id event_id, Id user_id);

// False if the user asked already.
bool insert_reminder(soci::session& s, Id event_id, Id user_id, UnixMicros now_us);
struct DueReminder {
  Id event_id = 0, user_id = 0;
};
// Unsent reminders of scheduled events starting in [now_us, now_us + lead_us), at most `limit`.
std::vector<DueReminder> due_reminders(soci::session& s, UnixMicros now_us, UnixMicros lead_us,
                                       int limit);
void mark_reminder_sent(soci::session& s, const DueReminder& r, UnixMicros now_us);

void upsert_rsvp(soci::session& s, const Rsvp& rsvp);
RsvpTotals rsvp_totals(soci::session& s, Id event_id);
void insert_guestbook(soci::session& s, const GuestbookEntry& entry);
// Newest first. REQUIRES: limit 1..200.
Page<GuestbookEntry> page_guestbook(soci::session& s, Id event_id, std::optional<Id> before,
                                    int limit);

// Paid market orders (paid, packed, shipped, delivered) of the event's featured products placed
// since `since_us`: orders, units sold and the donation they carry. Viewers left at 0.
Counters sales(soci::session& s, Id event_id, UnixMicros since_us);

}  // namespace sangsaeng::live
