// Happiness credit's SQL (migration 0400): statements run inside the caller's transaction
// (store::Db::write or read). SQLite and PostgreSQL alike. Infrastructure failures throw
// (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/cursor.h"
#include "giving/types.h"

namespace sangsaeng::giving {

// False when the name is taken (nothing written).
bool insert_partner(soci::session& s, const Partner& partner, const std::string& secret,
                    Id created_by);
void insert_rates(soci::session& s, Id partner_id, const std::vector<Rate>& rates,
                  UnixMicros now_us);
// The partner with this key id and its secret.
std::optional<std::pair<Partner, std::string>> find_partner_by_key(soci::session& s,
                                                                   const std::string& key_id);
std::optional<Partner> find_partner(soci::session& s, Id id);
// Oldest first. REQUIRES: limit 1..200.
std::vector<Partner> list_partners(soci::session& s, int limit);

// False when the signature was seen before (a replay). Forgets, at most `prune_max` of them,
// signatures seen before `forget_before_us` (they are stale by then anyway).
bool remember_signature(soci::session& s, const std::string& signature, Id partner_id,
                        UnixMicros now_us, UnixMicros forget_before_us, int prune_max);

struct RefusalRow {
  Id id = 0;
  std::string key_id = {};
  std::optional<Id> partner_id = {};
  std::string reason = {}, method = {}, path = {}, remote = {};
  UnixMicros at_us = 0;
};
void insert_refusal(soci::session& s, const RefusalRow& refusal);
// Newest first. REQUIRES: limit 1..200.
std::vector<RefusalRow> recent_refusals(soci::session& s, int limit);

// False when the partner reported this partner_purchase_id before (nothing written).
bool insert_purchase(soci::session& s, const Purchase& purchase);
std::optional<Purchase> find_purchase(soci::session& s, Id id);
std::optional<Purchase> find_purchase_by_ref(soci::session& s, Id partner_id,
                                             const std::string& partner_purchase_id);
void mark_posted(soci::session& s, Id purchase_id);
// Records the cancellation; false when the purchase was cancelled before (nothing written).
bool set_cancelled(soci::session& s, Id purchase_id, UnixMicros at_us, std::int64_t reversed_points,
                   Id reversal_transfer_id);
void mark_reversal_posted(soci::session& s, Id purchase_id);
// Purchases whose accrual or reversal the ledger has not confirmed, oldest first.
std::vector<Purchase> unposted_purchases(soci::session& s, int limit);
// A customer's purchases, newest first (cursor: the last id seen). REQUIRES: limit 1..200.
Page<Purchase> customer_purchases(soci::session& s, Id customer_id, std::optional<Id> before,
                                  int limit);

bool user_exists(soci::session& s, Id user_id);

}  // namespace sangsaeng::giving
