#include "giving/service.h"

#include <cassert>

#include "core/json.h"
#include "giving/rules.h"
#include "giving/signature.h"
#include "ledger/engine.h"
#include "ledger/queries.h"

namespace sangsaeng::giving {

namespace {

constexpr int kSeenPrunePerCall = 100;
constexpr const char* kProgram = "credit";

ledger::AccountKey issued_key() {
  return {.owner_kind = ledger::OwnerKind::program,
          .owner_ref = kProgram,
          .code = kIssuedCredit,
          .ledger = ledger::kLedgerCredit};
}

ledger::AccountKey customer_key(Id customer_id) {
  return {.owner_kind = ledger::OwnerKind::customer,
          .owner_ref = std::to_string(customer_id),
          .code = kCustomerCredit,
          .ledger = ledger::kLedgerCredit,
          .flags = ledger::account_flags::kDebitsMustNotExceedCredits};
}

std::string reference(Id purchase_id) {
  return "giving:purchase:" + std::to_string(purchase_id);
}

Status books_unavailable(const Status& s) {
  return Status(Code::unavailable, "books-unavailable", s.message());
}

// Sends one transfer; ok when the ledger has it (now or before).
Status send(ledger::Engine& ledger, ledger::Transfer t) {
  auto result = ledger.create_transfers({std::move(t)}).get();
  if (!result.ok()) return books_unavailable(result.status());
  assert(result.value().size() == 1);
  const auto code = result.value()[0].code;
  if (!ledger::succeeded(code))
    return Status(Code::internal, "books-refused",
                  "The books refused a credit transfer: " + std::string(ledger::to_string(code)));
  return Status::ok_status();
}

bool same_report(const Purchase& p, const PurchaseReport& r) {
  return p.customer_id == r.customer_id && p.amount_won == r.amount_won && p.at_us == r.at_us;
}

}  // namespace

GivingService::GivingService(store::Db& db, ledger::Engine& ledger, GivingOptions options)
    : db_(db), ledger_(ledger), accounts_(db, ledger), options_(std::move(options)) {}

Result<NewPartner> GivingService::add_partner(std::string name, std::vector<Rate> rates,
                                              Id actor_id) {
  std::vector<FieldError> errors;
  if (name.empty() || utf8_length(name) > 100) errors.push_back({"name", "1 to 100 characters"});
  RatesCheck checked = check_rates(std::move(rates));
  if (checked.error) errors.push_back({"rates", *checked.error});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  NewPartner out{.partner = {.id = ids().next(),
                             .name = std::move(name),
                             .key_id = new_key_id(),
                             .rates = std::move(checked.sorted),
                             .created_at_us = options_.clock()},
                 .secret = new_secret()};
  const bool added = db_.write([&](soci::session& s) {
    if (!insert_partner(s, out.partner, out.secret, actor_id)) return false;
    insert_rates(s, out.partner.id, out.partner.rates, out.partner.created_at_us);
    return true;
  });
  if (!added) return Status(Code::conflict, "partner-name-taken", "A partner has this name");
  return out;
}

std::vector<Partner> GivingService::partners() {
  return db_.read([&](soci::session& s) { return list_partners(s, kPageLimitMax); });
}

std::optional<Partner> GivingService::find_partner(Id id) {
  return db_.read([&](soci::session& s) { return giving::find_partner(s, id); });
}

Status GivingService::refuse(const PartnerRequest& r, std::optional<Id> partner_id, Refusal why) {
  RefusalRow row{.id = ids().next(),
                 .key_id = r.key_id.substr(0, 64),
                 .partner_id = partner_id,
                 .reason = std::string(to_string(why)),
                 .method = r.method,
                 .path = r.path.substr(0, 200),
                 .remote = r.remote.substr(0, 64),
                 .at_us = options_.clock()};
  db_.write([&](soci::session& s) { insert_refusal(s, row); });
  switch (why) {
    case Refusal::unknown_partner:
      return Status(Code::unauthenticated, row.reason, "No partner has this key");
    case Refusal::bad_signature:
      return Status(Code::unauthenticated, row.reason,
                    "The signature does not match the request under the partner's key");
    case Refusal::stale_timestamp:
      return Status(Code::unauthenticated, row.reason,
                    "The timestamp is not within " + std::to_string(options_.freshness_window_s) +
                        " seconds of the server's clock");
    case Refusal::replayed:
      return Status(Code::conflict, row.reason, "This signed request was received before");
  }
  return Status(Code::internal, "bug", "unknown refusal");
}

Result<Partner> GivingService::authenticate(const PartnerRequest& r) {
  auto found = r.key_id.empty() || r.key_id.size() > 64
                   ? std::nullopt
                   : db_.read([&](soci::session& s) { return find_partner_by_key(s, r.key_id); });
  if (!found) return refuse(r, std::nullopt, Refusal::unknown_partner);
  const UnixMicros now = options_.clock();
  const SignedRequest signed_request{r.method, r.path, r.timestamp, r.body};
  if (auto why = check_signature(found->second, signed_request, r.signature, now,
                                 options_.freshness_window_s))
    return refuse(r, found->first.id, *why);
  // Stale after twice the window: forgetting it then cannot let a replay through.
  const UnixMicros forget_before = now - 2 * options_.freshness_window_s * kMicrosPerSecond;
  const bool fresh = db_.write([&](soci::session& s) {
    return remember_signature(s, r.signature, found->first.id, now, forget_before,
                              kSeenPrunePerCall);
  });
  if (!fresh) return refuse(r, found->first.id, Refusal::replayed);
  return std::move(found->first);
}

std::vector<RefusalRow> GivingService::refusals(int limit) {
  return db_.read([&](soci::session& s) { return recent_refusals(s, limit); });
}

Result<Id> GivingService::customer_account(Id customer_id) {
  auto id = accounts_.find_or_open(customer_key(customer_id));
  if (!id.ok()) return books_unavailable(id.status());
  return id;
}

Status GivingService::post(const Purchase& p) {
  if (!p.posted && p.credit_points > 0) {
    auto issued = accounts_.find_or_open(issued_key());
    if (!issued.ok()) return books_unavailable(issued.status());
    auto customer = customer_account(p.customer_id);
    if (!customer.ok()) return customer.status();
    Status sent = send(ledger_, {.id = p.transfer_id,
                                 .debit_account_id = issued.value(),
                                 .credit_account_id = customer.value(),
                                 .amount = p.credit_points,
                                 .ledger = ledger::kLedgerCredit,
                                 .code = kAccrued,
                                 .reference = reference(p.id)});
    if (!sent.ok()) return sent;
    db_.write([&](soci::session& s) { mark_posted(s, p.id); });
  }
  if (p.reversal_transfer_id && !p.reversal_posted && p.reversed_points > 0) {
    auto issued = accounts_.find_or_open(issued_key());
    if (!issued.ok()) return books_unavailable(issued.status());
    auto customer = customer_account(p.customer_id);
    if (!customer.ok()) return customer.status();
    Status sent = send(ledger_, {.id = *p.reversal_transfer_id,
                                 .debit_account_id = customer.value(),
                                 .credit_account_id = issued.value(),
                                 .amount = p.reversed_points,
                                 .ledger = ledger::kLedgerCredit,
                                 .code = kReversed,
                                 .reference = reference(p.id)});
    if (!sent.ok()) return sent;
    db_.write([&](soci::session& s) { mark_reversal_posted(s, p.id); });
  }
  return Status::ok_status();
}

Result<GivingService::Reported> GivingService::report(const Partner& partner,
                                                      const PurchaseReport& r) {
  std::vector<FieldError> errors;
  const UnixMicros now = options_.clock();
  if (r.partner_purchase_id.empty() || utf8_length(r.partner_purchase_id) > 64)
    errors.push_back({"partner_purchase_id", "1 to 64 characters"});
  if (r.amount_won <= 0) errors.push_back({"amount_won", "must be a positive number of won"});
  if (r.at_us > now + options_.freshness_window_s * kMicrosPerSecond)
    errors.push_back({"at", "must not be in the future"});
  const std::optional<int> rate = rate_at(partner.rates, r.at_us);
  if (!rate) errors.push_back({"at", "is before the partner's first earning rate"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  Purchase p{.id = ids().next(),
             .partner_id = partner.id,
             .partner_purchase_id = r.partner_purchase_id,
             .customer_id = r.customer_id,
             .amount_won = r.amount_won,
             .at_us = r.at_us,
             .rate_bp = *rate,
             .credit_points = credit_points(r.amount_won, *rate),
             .transfer_id = ids().next(),
             .created_at_us = now};
  p.posted = p.credit_points == 0;  // nothing to send
  enum class Outcome { created, again, no_customer };
  std::optional<Purchase> first;
  const Outcome outcome = db_.write([&](soci::session& s) {
    first = find_purchase_by_ref(s, partner.id, r.partner_purchase_id);
    if (first) return Outcome::again;
    if (!user_exists(s, r.customer_id)) return Outcome::no_customer;
    if (insert_purchase(s, p)) return Outcome::created;
    first = find_purchase_by_ref(s, partner.id, r.partner_purchase_id);  // raced with a twin
    return Outcome::again;
  });
  if (outcome == Outcome::no_customer)
    return Status::invalid("customer_id", "No customer has this id");
  if (outcome == Outcome::again) {
    assert(first);
    if (!same_report(*first, r))
      return Status(Code::conflict, "purchase-differs",
                    "This partner_purchase_id was reported before with other fields");
    Status posted = post(*first);
    if (!posted.ok()) return posted;
    first->posted = true;
    return Reported{.purchase = *first, .created = false};
  }
  Status posted = post(p);
  if (!posted.ok()) return posted;
  p.posted = true;
  return Reported{.purchase = p, .created = true};
}

Result<Purchase> GivingService::cancel(const Partner& partner, Id purchase_id) {
  std::lock_guard lock(books_mu_);
  auto found = db_.read([&](soci::session& s) { return find_purchase(s, purchase_id); });
  if (!found || found->partner_id != partner.id)
    return Status::not_found("This partner reported no purchase with this id");
  if (!found->cancelled_at_us) {
    // The accrual first: what is left is counted after it.
    Status posted = post(*found);
    if (!posted.ok()) return posted;
    found->posted = true;
    const std::int64_t reversed =
        reversible_points(found->credit_points, balance(found->customer_id));
    const Id reversal_id = ids().next();
    const UnixMicros now = options_.clock();
    db_.write([&](soci::session& s) { set_cancelled(s, found->id, now, reversed, reversal_id); });
    // Read back: a cancellation by another node may have won.
    found = db_.read([&](soci::session& s) { return find_purchase(s, purchase_id); });
    assert(found && found->cancelled_at_us);
  }
  Status posted = post(*found);
  if (!posted.ok()) return posted;
  found->posted = true;
  found->reversal_posted = true;
  return std::move(*found);
}

Result<int> GivingService::post_unposted(int limit) {
  std::lock_guard lock(books_mu_);
  const auto pending = db_.read([&](soci::session& s) { return unposted_purchases(s, limit); });
  int done = 0;
  for (const Purchase& p : pending) {
    Status posted = post(p);
    if (!posted.ok()) return posted;
    ++done;
  }
  return done;
}

std::int64_t GivingService::balance(Id customer_id) {
  return db_.read([&](soci::session& s) {
    const auto found = ledger::list_accounts(s, {.owner_kind = ledger::OwnerKind::customer,
                                                 .owner_ref = std::to_string(customer_id),
                                                 .ledger = ledger::kLedgerCredit,
                                                 .after_id = 0,
                                                 .limit = 10});
    std::int64_t points = 0;
    for (const auto& a : found) {
      if (a.account.code != kCustomerCredit) continue;
      const auto& b = a.balances;
      points += b.credits_posted - b.debits_posted - b.debits_pending;
    }
    return points;
  });
}

Page<Purchase> GivingService::purchases(Id customer_id, std::optional<Id> before, int limit) {
  return db_.read(
      [&](soci::session& s) { return customer_purchases(s, customer_id, before, limit); });
}

}  // namespace sangsaeng::giving
