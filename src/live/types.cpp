#include "live/types.h"

#include <array>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url_view.hpp>

namespace sangsaeng::live {

namespace {

template <class E, std::size_t N>
std::optional<E> parse_named(std::string_view text,
                             const std::array<std::pair<std::string_view, E>, N>& names) {
  for (const auto& [name, value] : names)
    if (name == text) return value;
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, EventKind>, 3> kKinds = {
    {{"market_show", EventKind::market_show},
     {"ceremony", EventKind::ceremony},
     {"performance", EventKind::performance}}};
constexpr std::array<std::pair<std::string_view, EventState>, 4> kStates = {
    {{"scheduled", EventState::scheduled},
     {"live", EventState::live},
     {"ended", EventState::ended},
     {"replay_available", EventState::replay_available}}};
constexpr std::array<std::pair<std::string_view, Platform>, 3> kPlatforms = {
    {{"youtube", Platform::youtube}, {"facebook", Platform::facebook}, {"iptv", Platform::iptv}}};
constexpr std::array<std::pair<std::string_view, RsvpAnswer>, 3> kAnswers = {
    {{"yes", RsvpAnswer::yes}, {"no", RsvpAnswer::no}, {"maybe", RsvpAnswer::maybe}}};

template <class E, std::size_t N>
std::string_view name_of(E value, const std::array<std::pair<std::string_view, E>, N>& names) {
  for (const auto& [name, v] : names)
    if (v == value) return name;
  return "?";
}

bool host_in(std::string_view host, std::initializer_list<std::string_view> hosts) {
  for (std::string_view h : hosts)
    if (host == h) return true;
  return false;
}

// A YouTube video id: 11 characters of [A-Za-z0-9_-].
bool video_id(std::string_view id) {
  if (id.size() != 11) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// The video a YouTube link names: watch?v=ID, youtu.be/ID, /live/ID, /embed/ID, /shorts/ID.
std::optional<std::string> youtube_video(const boost::urls::url_view& u) {
  const std::string path(u.encoded_path());
  if (u.host() == "youtu.be") {
    const std::string id = path.substr(1);
    return video_id(id) ? std::optional(id) : std::nullopt;
  }
  if (path == "/watch") {
    auto it = u.params().find("v");
    if (it == u.params().end()) return std::nullopt;
    const std::string id = (*it).value;
    return video_id(id) ? std::optional(id) : std::nullopt;
  }
  for (std::string_view prefix : {"/live/", "/embed/", "/shorts/"}) {
    if (path.starts_with(prefix)) {
      const std::string id = path.substr(prefix.size());
      return video_id(id) ? std::optional(id) : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(EventKind kind) {
  return name_of(kind, kKinds);
}
std::optional<EventKind> parse_event_kind(std::string_view text) {
  return parse_named(text, kKinds);
}
std::string_view program_of(EventKind kind) {
  switch (kind) {
    case EventKind::market_show:
      return "live";
    case EventKind::ceremony:
      return "events";
    case EventKind::performance:
      return "performances";
  }
  return "live";
}

std::string_view to_string(EventState state) {
  return name_of(state, kStates);
}
std::optional<EventState> parse_event_state(std::string_view text) {
  return parse_named(text, kStates);
}
bool may_move(EventState from, EventState to) {
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

std::string_view to_string(Platform platform) {
  return name_of(platform, kPlatforms);
}
std::optional<Platform> parse_platform(std::string_view text) {
  return parse_named(text, kPlatforms);
}

std::string_view to_string(PinKind kind) {
  return kind == PinKind::product ? "product" : "moment";
}

std::string_view to_string(RsvpAnswer answer) {
  return name_of(answer, kAnswers);
}
std::optional<RsvpAnswer> parse_rsvp_answer(std::string_view text) {
  return parse_named(text, kAnswers);
}

Status check_channel(Channel& c, const std::string& field) {
  c.embed_url.clear();
  if (c.platform == Platform::iptv) {
    if (c.iptv_channel.empty() && c.url.empty())
      return Status::invalid(field + ".iptv_channel", "an IPTV channel or a link is required");
  } else if (!c.iptv_channel.empty()) {
    return Status::invalid(field + ".iptv_channel", "only IPTV channels have a channel number");
  }
  if (c.url.empty()) {
    if (c.platform == Platform::iptv) return {};
    return Status::invalid(field + ".url", "a link is required");
  }
  auto parsed = boost::urls::parse_absolute_uri(c.url);
  if (!parsed || parsed->scheme() != "https" || parsed->host().empty() || parsed->has_userinfo() ||
      parsed->has_port())
    return Status::invalid(field + ".url", "must be an https link");
  const std::string host = parsed->host();
  if (c.platform == Platform::youtube) {
    if (!host_in(host, {"www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be"}))
      return Status::invalid(field + ".url", "must be a youtube.com or youtu.be link");
    auto id = youtube_video(*parsed);
    if (!id) return Status::invalid(field + ".url", "must name a YouTube video or live stream");
    c.embed_url = "https://www.youtube-nocookie.com/embed/" + *id;
  } else if (c.platform == Platform::facebook) {
    if (!host_in(host, {"www.facebook.com", "facebook.com", "m.facebook.com", "fb.watch"}))
      return Status::invalid(field + ".url", "must be a facebook.com or fb.watch link");
    c.embed_url = "https://www.facebook.com/plugins/video.php?href=" +
                  boost::urls::encode(c.url, boost::urls::unreserved_chars);
  }
  return {};
}

}  // namespace sangsaeng::live
