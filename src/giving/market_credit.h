// Happiness credit earned in the platform's own market (issues 15 and 17): goods of merchants
// flagged social enterprise or small merchant earn the buyer donation-only credit at the drop's
// rate. The market is one more partner shop of the program (a giving_partners row made on first
// use, with no rates and a secret nobody is shown: it reports nothing through the signed API);
// its purchases are recorded in the transaction that records the payment and posted in the
// payment's linked batch (market/service.h). A refund cancels the purchase through
// GivingService::cancel, so the rule for credit already donated is the program's one.
#pragma once

#include <soci/soci.h>

#include <optional>

#include "giving/types.h"

namespace sangsaeng::giving {

inline constexpr const char* kMarketPartnerKey = "market";
inline constexpr const char* kMarketPartnerName = "상생 커뮤니티 마켓";

// The market's partner row, made once (a race between nodes makes one).
Partner market_partner(soci::session& s, UnixMicros now_us);

// What a paid market order earns, recorded as a purchase of the market ("order:<id>"):
// floor(amount_won × rate_bp / 10,000) points; nullopt (nothing recorded) when that is 0. The
// accrual's transfer id is chosen here; posted stays false until the books confirm it.
// REQUIRES: inside the payment's write transaction; amount_won > 0; rate_bp 1..kRateBpMax.
std::optional<Purchase> record_market_purchase(soci::session& s, Id order_id, Id customer_id,
                                               std::int64_t amount_won, int rate_bp,
                                               UnixMicros at_us);

}  // namespace sangsaeng::giving
