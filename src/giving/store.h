// Happiness credit's SQL (migration 0400): statements run inside the caller's transaction
// (store::Db::write or read). SQLite and PostgreSQL alike. Infrastructure failures throw
// (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <map>
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

// --- causes and choices
std::optional<std::string> org_kind(soci::session& s, Id org_id);
// False when the organisation is a cause already.
bool insert_cause(soci::session& s, const Cause& cause, UnixMicros now_us);
std::vector<Cause> list_causes(soci::session& s);  // by id, at most 200
std::vector<Share> choices(soci::session& s, Id customer_id);
// Replaces the customer's choices (none: the default split).
void set_choices(soci::session& s, Id customer_id, const std::vector<Share>& shares);
std::map<Id, std::vector<Share>> choices_of(soci::session& s, const std::vector<Id>& customer_ids);

// --- settlements
struct SettlementRow {
  Settlement settlement;
  Id cursor_account_id = 0;
};
// False when a settlement of this period exists (nothing written).
bool insert_settlement(soci::session& s, const Settlement& settlement, std::optional<Id> by);
std::optional<SettlementRow> find_settlement(soci::session& s, Id id);
std::optional<SettlementRow> find_settlement_by_period(soci::session& s, UnixMicros period_end_us);
std::vector<Id> running_settlements(soci::session& s, int limit);
void mark_settlement_done(soci::session& s, Id id, UnixMicros now_us);

struct StatementRow {
  Id settlement_id = 0, customer_id = 0, cause_id = 0;
  std::int64_t points = 0;
  Id transfer_id = 0, account_id = 0, batch_no = 0;
  bool posted = false;
};
struct PaymentRow {
  Id settlement_id = 0, batch_no = 0, cause_id = 0;
  std::int64_t amount_won = 0;
  Id transfer_id = 0;
  bool posted = false;
};
// A batch's plan and the cursor past it, in one transaction (the caller's).
void insert_plan(soci::session& s, Id settlement_id, Id cursor_account_id,
                 const std::vector<StatementRow>& statements,
                 const std::vector<PaymentRow>& payments);
std::vector<StatementRow> unposted_statements(soci::session& s, Id settlement_id, int limit);
std::vector<PaymentRow> unposted_payments(soci::session& s, Id settlement_id, int limit);
void mark_statements_posted(soci::session& s, const std::vector<Id>& transfer_ids);
void mark_payments_posted(soci::session& s, const std::vector<Id>& transfer_ids);
// Customers, points and won planned so far.
void settlement_totals(soci::session& s, Settlement& settlement);
// Points per cause (cause id, points) of a settlement.
std::vector<std::pair<Id, std::int64_t>> settlement_causes(soci::session& s, Id settlement_id);
// A customer's statements, newest settlement first, at most 200 rows.
std::vector<StatementRow> customer_statements(soci::session& s, Id customer_id);

// --- settlements (newest period first) and receipts
// REQUIRES: limit 1..200.
std::vector<SettlementRow> list_settlements(soci::session& s, int limit);
// The customer's posted donations dated (by their ledger transfer) in [from_us, to_us), oldest
// first. REQUIRES: limit 1..kDonationsMax.
constexpr int kDonationsMax = 1'000;
std::vector<Donation> customer_donations(soci::session& s, Id customer_id, UnixMicros from_us,
                                         UnixMicros to_us, int limit);
std::optional<std::string> user_name(soci::session& s, Id user_id);
// Adds one dated rate; false when the partner has a rate starting then (nothing written).
bool add_rate(soci::session& s, Id partner_id, const Rate& rate, UnixMicros now_us);

}  // namespace sangsaeng::giving
