#include "giving/market_credit.h"

#include <cassert>

#include "giving/rules.h"
#include "giving/signature.h"
#include "giving/store.h"

namespace sangsaeng::giving {

Partner market_partner(soci::session& s, UnixMicros now_us) {
  if (auto found = find_partner_by_key(s, kMarketPartnerKey)) return std::move(found->first);
  const Partner fresh{.id = ids().next(),
                      .name = kMarketPartnerName,
                      .key_id = kMarketPartnerKey,
                      .rates = {},
                      .created_at_us = now_us};
  // The secret is never shown: the market reports in-process, not through the signed API.
  insert_partner(s, fresh, new_secret(), 0);
  auto found = find_partner_by_key(s, kMarketPartnerKey);
  assert(found);  // ours, or a twin's made meanwhile (ON CONFLICT DO NOTHING)
  return std::move(found->first);
}

std::optional<Purchase> record_market_purchase(soci::session& s, Id order_id, Id customer_id,
                                               std::int64_t amount_won, int rate_bp,
                                               UnixMicros at_us) {
  assert(amount_won > 0 && rate_bp > 0 && rate_bp <= kRateBpMax);
  const std::int64_t points = credit_points(amount_won, rate_bp);
  if (points == 0) return std::nullopt;
  const Partner partner = market_partner(s, at_us);
  Purchase p{.id = ids().next(),
             .partner_id = partner.id,
             .partner_purchase_id = "order:" + std::to_string(order_id),
             .customer_id = customer_id,
             .amount_won = amount_won,
             .at_us = at_us,
             .rate_bp = rate_bp,
             .credit_points = points,
             .transfer_id = ids().next(),
             .posted = false,
             .created_at_us = at_us};
  const bool inserted = insert_purchase(s, p);
  assert(inserted);  // an order is paid once (its move from held decides)
  (void)inserted;
  return p;
}

}  // namespace sangsaeng::giving
