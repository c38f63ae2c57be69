// Free performances: partner organisations' titles streamed for free on IPTV and mobile, a
// monthly line-up planned ahead (e.g. four new titles a month), each title watchable in an
// availability window; the public catalogue shows what is available at an instant.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"
#include "store/db.h"

namespace sangsaeng::live {

struct Partner {
  Id id = 0;
  std::string name = {}, description = {}, url = {};
  UnixMicros created_at_us = 0;
};

struct Title {
  Id id = 0, partner_id = 0;
  std::string partner_name = {};  // read back with the title
  std::string title = {}, description = {};
  int duration_min = 0;
  std::string age_rating = "all";  // "all", "7", "12", "15", "19" (Korean ratings)
  std::string iptv_channel = {};  // where to watch on the set-top box, e.g. "U+tv 무료공연 801"
  std::string mobile_url = {};    // https, the mobile app's or web player's link
  std::string lineup_month = {};  // "YYYY-MM": the month's line-up it belongs to
  UnixMicros available_from_us = 0, available_until_us = 0;
  std::int64_t views = 0;
  Id created_by = 0;
  UnixMicros created_at_us = 0;
};

class Performances {
 public:
  // `db` must be migrated and outlive this.
  explicit Performances(store::Db& db, std::function<UnixMicros()> clock = now_us);

  // conflict "partner-exists" for a name taken; invalid_argument for a url that is not https.
  Result<Partner> add_partner(Partner partner);
  std::vector<Partner> partners();  // by name, at most 200
  // invalid_argument with field errors: an unknown partner, a rating, a window that ends before
  // it starts, a month that is not YYYY-MM, a mobile link that is not https, no place to watch.
  Result<Title> add_title(Title title, Id actor_id);
  // Titles available at `at_us` (from <= at < until), soonest to leave first, at most `limit`.
  std::vector<Title> available_at(UnixMicros at_us, int limit);
  // A month's line-up ("YYYY-MM") in the order its titles open.
  std::vector<Title> lineup(const std::string& month, int limit);
  // Counts one view (someone pressed play). not_found; failed_precondition "not-available"
  // outside the title's window.
  Result<Title> count_view(Id title_id);
  std::optional<Title> find(Id title_id);

 private:
  store::Db& db_;
  std::function<UnixMicros()> clock_;
};

}  // namespace sangsaeng::live
