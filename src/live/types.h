// The live program's records: events streamed on YouTube, Facebook and IPTV (a traditional
// market show, a ceremony, a performance), what the manager pins during them, the viewers'
// messages, reminders, RSVPs and guest book; and the free performances catalogue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"

namespace sangsaeng::live {

enum class EventKind { market_show, ceremony, performance };
std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view text);
// The program whose manager runs events of this kind: "live", "events", "performances".
std::string_view program_of(EventKind kind);

// scheduled -> live -> ended -> replay_available; nothing else (the service answers 409).
enum class EventState { scheduled, live, ended, replay_available };
std::string_view to_string(EventState state);
std::optional<EventState> parse_event_state(std::string_view text);
bool may_move(EventState from, EventState to);

enum class Platform { youtube, facebook, iptv };
std::string_view to_string(Platform platform);
std::optional<Platform> parse_platform(std::string_view text);

// Where an event streams. `url` is the page people open; `embed_url` the player the event page
// shows (derived from a YouTube or Facebook url; none for IPTV, watched on the set-top box).
struct Channel {
  Platform platform = Platform::youtube;
  std::string url = {};           // https; for IPTV optional (a channel number says where)
  std::string iptv_channel = {};  // e.g. "U+tv 801" (IPTV only)
  std::string embed_url = {};     // set by check_channel
};

// Checks a channel a manager entered and fills its embed_url: https only, on the platform's
// own hosts (youtube.com, youtu.be; facebook.com, fb.watch), a YouTube link names a video.
// invalid_argument with errors named `field`.url / `field`.iptv_channel.
Status check_channel(Channel& channel, const std::string& field);

struct Event {
  Id id = 0;
  EventKind kind = EventKind::market_show;
  std::string title = {}, description = {};
  std::vector<std::string> hosts = {};
  UnixMicros starts_at_us = 0, ends_at_us = 0;  // the schedule
  std::vector<Channel> channels = {};
  EventState state = EventState::scheduled;
  std::optional<UnixMicros> went_live_at_us = {}, ended_at_us = {};
  std::string replay_url = {};       // the recording, once replay_available
  std::vector<Id> product_ids = {};  // market products the show features (market shows)
  int version = 1;                   // +1 on every change viewers see (state, pin)
  Id created_by = 0;
  UnixMicros created_at_us = 0, updated_at_us = 0;
};

enum class PinKind { product, moment };
std::string_view to_string(PinKind kind);

// A product shown or a moment, at `at_s` seconds into the show: the replay's timeline.
struct Pin {
  Id id = 0, event_id = 0;
  PinKind kind = PinKind::moment;
  std::optional<Id> product_id = {};
  std::string title = {};
  std::int64_t at_s = 0;
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

struct Message {
  Id id = 0, event_id = 0, user_id = 0;
  std::string display_name = {}, body = {};
  bool hidden = false;
  UnixMicros created_at_us = 0;
};

// Live counters. orders/sold/donation count the paid market orders of the featured products
// since the show went live (zero for events that feature none).
struct Counters {
  std::int64_t viewers = 0;
  std::int64_t orders = 0, sold = 0, donation_won = 0;
  bool operator==(const Counters&) const = default;
};

enum class RsvpAnswer { yes, no, maybe };
std::string_view to_string(RsvpAnswer answer);
std::optional<RsvpAnswer> parse_rsvp_answer(std::string_view text);

struct Rsvp {
  Id event_id = 0, user_id = 0;
  RsvpAnswer answer = RsvpAnswer::yes;
  int party_size = 1;  // the guest and who comes with them
  UnixMicros updated_at_us = 0;
};

struct RsvpTotals {
  std::int64_t yes = 0, no = 0, maybe = 0, people = 0;  // people: party sizes of the yeses
};

struct GuestbookEntry {
  Id id = 0, event_id = 0, user_id = 0;
  std::string display_name = {}, body = {};
  UnixMicros created_at_us = 0;
};

}  // namespace sangsaeng::live
