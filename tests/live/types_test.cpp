// Channel links a manager types in: what is accepted, what the player embeds, what is refused;
// and the one-way state machine.
#include "live/types.h"

#include <gtest/gtest.h>

namespace sangsaeng::live {
namespace {

Status check(Platform platform, std::string url, std::string* embed = nullptr,
             std::string iptv = {}) {
  Channel c{.platform = platform, .url = std::move(url), .iptv_channel = std::move(iptv)};
  Status s = check_channel(c, "channels[0]");
  if (embed) *embed = c.embed_url;
  return s;
}

TEST(Channels, YouTubeLinksOfEveryFormEmbedTheSameVideo) {
  for (const char* url :
       {"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=30"}) {
    std::string embed;
    ASSERT_TRUE(check(Platform::youtube, url, &embed).ok()) << url;
    EXPECT_EQ(embed, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") << url;
  }
}

TEST(Channels, FacebookEmbedsThroughItsVideoPlugin) {
  std::string embed;
  ASSERT_TRUE(
      check(Platform::facebook, "https://www.facebook.com/ktmarket/videos/123", &embed).ok());
  EXPECT_EQ(embed,
            "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%"
            "2Fktmarket%2Fvideos%2F123");
}

TEST(Channels, RefusesLinksThatAreNotThePlatformsOwnOverHttps) {
  for (const char* url :
       {"http://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "javascript:alert(1)",
        "https://www.youtube.com/watch?v=short", "https://user@youtu.be/dQw4w9WgXcQ", "",
        "not a url"}) {
    Status s = check(Platform::youtube, url);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.fields().at(0).field, "channels[0].url") << url;
  }
  EXPECT_FALSE(check(Platform::facebook, "https://www.youtube.com/watch?v=dQw4w9WgXcQ").ok());
}

TEST(Channels, IptvNeedsAChannelOrALinkAndEmbedsNothing) {
  std::string embed = "x";
  EXPECT_TRUE(check(Platform::iptv, "", &embed, "U+tv 801").ok());
  EXPECT_EQ(embed, "");
  EXPECT_FALSE(check(Platform::iptv, "", nullptr, "").ok());
  EXPECT_FALSE(check(Platform::iptv, "http://tv.example/801", nullptr, "U+tv 801").ok());
  EXPECT_FALSE(check(Platform::youtube, "https://youtu.be/dQw4w9WgXcQ", nullptr, "801").ok());
}

TEST(States, MoveOnlyForwardOneStepAtATime) {
  using S = EventState;
  EXPECT_TRUE(may_move(S::scheduled, S::live));
  EXPECT_TRUE(may_move(S::live, S::ended));
  EXPECT_TRUE(may_move(S::ended, S::replay_available));
  EXPECT_FALSE(may_move(S::scheduled, S::ended));
  EXPECT_FALSE(may_move(S::live, S::scheduled));
  EXPECT_FALSE(may_move(S::live, S::live));
  EXPECT_FALSE(may_move(S::replay_available, S::scheduled));
  EXPECT_FALSE(may_move(S::scheduled, S::replay_available));
}

}  // namespace
}  // namespace sangsaeng::live
