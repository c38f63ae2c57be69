#include "giving/service.h"

#include <sodium.h>

#include <cassert>
#include <limits>
#include <map>

#include "core/json.h"
#include "giving/rules.h"
#include "giving/signature.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
#include "outbox/outbox.h"

namespace sangsaeng::giving {

namespace {

constexpr int kSeenPrunePerCall = 100;

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

// A settlement transfer's id, the same on every run: hashed from what it is, so a re-run that
// plans it again (it never does: the plan is stored) would still post it once.
Id derived_id(std::string_view what) {
  unsigned char hash[8];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(what.data()),
                     what.size(), nullptr, 0);
  std::uint64_t v = 0;
  for (unsigned char b : hash) v = (v << 8) | b;
  const Id id = static_cast<Id>(v & 0x7fff'ffff'ffff'ffffULL);
  return id == 0 ? 1 : id;
}

std::string settlement_reference(Id settlement_id) {
  return "giving:settlement:" + std::to_string(settlement_id);
}

outbox::Message statement_notice(Id settlement_id, Id customer_id, std::int64_t points,
                                 const std::vector<std::string>& causes, UnixMicros now_us) {
  std::string names;
  for (std::size_t i = 0; i < causes.size(); ++i) names += (i ? ", " : "") + causes[i];
  return {.id = ids().next(),
          .dedup_key = "giving:settlement:" + std::to_string(settlement_id) + ":" +
                       std::to_string(customer_id),
          .topic = "giving.donated",
          .recipient_user_id = customer_id,
          .channel = "app",
          .address = std::to_string(customer_id),
          .subject = "행복 크레딧 기부 완료",
          .body = "올해 모으신 행복 크레딧 " + std::to_string(points) + "점이 " + names +
                  "에 기부되었고, 회사가 같은 금액(" + std::to_string(points) +
                  "원)을 전달했습니다. '내 행복 크레딧'에서 기부 내역을 확인하세요.",
          .created_at_us = now_us};
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

Result<Partner> GivingService::add_rate(Id partner_id, Rate rate) {
  const UnixMicros now = options_.clock();
  if (rate.rate_bp < 0 || rate.rate_bp > kRateBpMax)
    return Status::invalid("rate_bp", "0 to " + std::to_string(kRateBpMax) + " basis points");
  if (rate.starts_at_us < now)
    return Status::invalid("starts_at", "must not be in the past: purchases made keep their rate");
  enum class Outcome { added, missing, exists };
  const Outcome outcome = db_.write([&](soci::session& s) {
    if (!giving::find_partner(s, partner_id)) return Outcome::missing;
    return giving::add_rate(s, partner_id, rate, now) ? Outcome::added : Outcome::exists;
  });
  if (outcome == Outcome::missing) return Status::not_found("No partner with this id");
  if (outcome == Outcome::exists)
    return Status(Code::conflict, "rate-exists", "The partner has a rate starting then");
  return *find_partner(partner_id);
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
  auto id = accounts_.find_or_open(customer_credit_account(customer_id));
  if (!id.ok()) return books_unavailable(id.status());
  return id;
}

Status GivingService::post(const Purchase& p) {
  if (!p.posted && p.credit_points > 0) {
    auto issued = accounts_.find_or_open(issued_credit_account());
    if (!issued.ok()) return books_unavailable(issued.status());
    auto customer = customer_account(p.customer_id);
    if (!customer.ok()) return customer.status();
    Status sent = send(ledger_, accrual_transfer(p, issued.value(), customer.value()));
    if (!sent.ok()) return sent;
    db_.write([&](soci::session& s) { mark_posted(s, p.id); });
  }
  if (p.reversal_transfer_id && !p.reversal_posted && p.reversed_points > 0) {
    auto issued = accounts_.find_or_open(issued_credit_account());
    if (!issued.ok()) return books_unavailable(issued.status());
    auto customer = customer_account(p.customer_id);
    if (!customer.ok()) return customer.status();
    Status sent = send(ledger_, reversal_transfer(p, issued.value(), customer.value()));
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

Result<Cause> GivingService::add_cause(Cause c) {
  std::vector<FieldError> errors;
  if (c.name.empty() || utf8_length(c.name) > 100)
    errors.push_back({"name", "1 to 100 characters"});
  if (utf8_length(c.description) > 1000)
    errors.push_back({"description", "at most 1,000 characters"});
  if (c.default_share < 0 || c.default_share > 100) errors.push_back({"default_share", "0 to 100"});
  const bool registration_ok =
      c.registration_no.size() <= 20 &&
      c.registration_no.find_first_not_of("0123456789-") == std::string::npos;
  if (!registration_ok)
    errors.push_back({"registration_no", "digits and hyphens, at most 20 (123-82-01234)"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  c.id = ids().next();
  enum class Outcome { added, exists, not_charity };
  const Outcome outcome = db_.write([&](soci::session& s) {
    if (org_kind(s, c.org_id) != "charity") return Outcome::not_charity;
    return insert_cause(s, c, options_.clock()) ? Outcome::added : Outcome::exists;
  });
  if (outcome == Outcome::not_charity)
    return Status::invalid("org_id", "must name an organisation of kind charity");
  if (outcome == Outcome::exists)
    return Status(Code::conflict, "cause-exists", "This organisation is a cause already");
  return c;
}

std::vector<Cause> GivingService::causes() {
  return db_.read([&](soci::session& s) { return list_causes(s); });
}

std::vector<Share> GivingService::my_causes(Id customer_id) {
  return db_.read([&](soci::session& s) { return choices(s, customer_id); });
}

Status GivingService::set_my_causes(Id customer_id, const std::vector<Share>& shares) {
  if (!shares.empty()) {
    if (auto problem = check_shares(shares)) return Status::invalid("causes", *problem);
    std::map<Id, bool> known;
    for (const Cause& c : causes()) known[c.id] = true;
    for (const Share& share : shares)
      if (!known.count(share.cause_id)) return Status::invalid("causes", "an unknown cause");
  }
  db_.write([&](soci::session& s) { set_choices(s, customer_id, shares); });
  return Status::ok_status();
}

Result<Id> GivingService::cause_account(Id org_id, ledger::LedgerId ledger) {
  auto id = accounts_.find_or_open(
      {.owner_kind = ledger::OwnerKind::charity,
       .owner_ref = std::to_string(org_id),
       .code = ledger == ledger::kLedgerCredit ? kCauseCredit : kCauseReceipts,
       .ledger = ledger});
  if (!id.ok()) return books_unavailable(id.status());
  return id;
}

Status GivingService::post_planned(Id settlement_id) {
  constexpr int kTransfersPerCall = 4'000;  // under the ledger's 8,190 per batch
  std::map<Id, Id> org_of;
  for (const Cause& c : causes()) org_of[c.id] = c.org_id;
  auto company = accounts_.find_or_open(company_giving_account());
  if (!company.ok()) return books_unavailable(company.status());
  for (int round = 0; round < 1'000'000; ++round) {  // bounded by the plan's rows
    const auto statements = db_.read(
        [&](soci::session& s) { return unposted_statements(s, settlement_id, kTransfersPerCall); });
    const auto payments = db_.read(
        [&](soci::session& s) { return unposted_payments(s, settlement_id, kTransfersPerCall); });
    if (statements.empty() && payments.empty()) return Status::ok_status();
    std::vector<ledger::Transfer> transfers;
    std::vector<Id> statement_ids, payment_ids;
    for (const StatementRow& t : statements) {
      auto cause = cause_account(org_of.at(t.cause_id), ledger::kLedgerCredit);
      if (!cause.ok()) return cause.status();
      transfers.push_back({.id = t.transfer_id,
                           .debit_account_id = t.account_id,
                           .credit_account_id = cause.value(),
                           .amount = t.points,
                           .ledger = ledger::kLedgerCredit,
                           .code = kDonated,
                           .reference = settlement_reference(settlement_id)});
      statement_ids.push_back(t.transfer_id);
    }
    for (const PaymentRow& p : payments) {
      auto cause = cause_account(org_of.at(p.cause_id), ledger::kLedgerKrw);
      if (!cause.ok()) return cause.status();
      transfers.push_back({.id = p.transfer_id,
                           .debit_account_id = company.value(),
                           .credit_account_id = cause.value(),
                           .amount = p.amount_won,
                           .ledger = ledger::kLedgerKrw,
                           .code = kPaidToCause,
                           .reference = settlement_reference(settlement_id)});
      payment_ids.push_back(p.transfer_id);
    }
    auto result = ledger_.create_transfers(std::move(transfers)).get();
    if (!result.ok()) return books_unavailable(result.status());
    for (const auto& r : result.value()) {
      if (!ledger::succeeded(r.code))
        return Status(Code::internal, "books-refused",
                      "The books refused a donation: " + std::string(ledger::to_string(r.code)));
    }
    db_.write([&](soci::session& s) {
      mark_statements_posted(s, statement_ids);
      mark_payments_posted(s, payment_ids);
    });
  }
  return Status(Code::internal, "bug", "post_planned did not end");
}

Result<bool> GivingService::settle_batch(Id settlement_id) {
  Status posted = post_planned(settlement_id);
  if (!posted.ok()) return posted;
  const auto row =
      db_.read([&](soci::session& s) { return giving::find_settlement(s, settlement_id); });
  assert(row);
  if (row->settlement.done) return false;
  const auto listed = db_.read([&](soci::session& s) {
    return ledger::list_accounts(s, {.owner_kind = ledger::OwnerKind::customer,
                                     .owner_ref = std::nullopt,
                                     .ledger = ledger::kLedgerCredit,
                                     .after_id = row->cursor_account_id,
                                     .limit = options_.customers_per_batch});
  });
  const UnixMicros now = options_.clock();
  if (listed.empty()) {
    db_.write([&](soci::session& s) { mark_settlement_done(s, settlement_id, now); });
    return false;
  }
  // Who holds credit, and how much (what is not reserved by a pending transfer).
  std::vector<std::pair<Id, const ledger::AccountView*>> holders;  // customer id, account
  std::vector<Id> customer_ids;
  for (const auto& a : listed) {
    if (a.account.code != kCustomerCredit || a.closed) continue;
    const auto& b = a.balances;
    if (b.credits_posted - b.debits_posted - b.debits_pending <= 0) continue;
    const auto customer = parse_id(a.account.owner_ref);
    if (!customer) continue;
    holders.emplace_back(*customer, &a);
    customer_ids.push_back(*customer);
  }
  const std::vector<Cause> all_causes = causes();
  std::map<Id, std::string> names;
  std::vector<Share> defaults;
  for (const Cause& c : all_causes) {
    names[c.id] = c.name;
    if (c.default_share > 0) defaults.push_back({.cause_id = c.id, .percent = c.default_share});
  }
  const auto chosen = db_.read([&](soci::session& s) { return choices_of(s, customer_ids); });
  const Id batch_no = listed.back().account.id;
  std::vector<StatementRow> statements;
  std::map<Id, std::int64_t> won_by_cause;
  std::vector<outbox::Message> notices;
  for (const auto& [customer, account] : holders) {
    const auto& b = account->balances;
    const std::int64_t points = b.credits_posted - b.debits_posted - b.debits_pending;
    const auto it = chosen.find(customer);
    const std::vector<Share>& shares = it != chosen.end() ? it->second : defaults;
    if (shares.empty())
      return Status(Code::failed_precondition, "no-default-causes",
                    "No cause has a default share: customers without a choice cannot be settled");
    std::vector<int> weights;
    for (const Share& share : shares) weights.push_back(share.percent);
    const auto parts = split(points, weights);
    std::vector<std::string> given_to;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      if (parts[i] == 0) continue;
      const Id cause = shares[i].cause_id;
      statements.push_back(
          {.settlement_id = settlement_id,
           .customer_id = customer,
           .cause_id = cause,
           .points = parts[i],
           .transfer_id = derived_id("giving:settlement:" + std::to_string(settlement_id) +
                                     ":customer:" + std::to_string(customer) +
                                     ":cause:" + std::to_string(cause)),
           .account_id = account->account.id,
           .batch_no = batch_no,
           .posted = false});
      won_by_cause[cause] += parts[i];
      given_to.push_back(names[cause]);
    }
    notices.push_back(statement_notice(settlement_id, customer, points, given_to, now));
  }
  std::vector<PaymentRow> payments;
  for (const auto& [cause, won] : won_by_cause) {
    payments.push_back({.settlement_id = settlement_id,
                        .batch_no = batch_no,
                        .cause_id = cause,
                        .amount_won = won,
                        .transfer_id = derived_id(
                            "giving:settlement:" + std::to_string(settlement_id) + ":batch:" +
                            std::to_string(batch_no) + ":pays:" + std::to_string(cause)),
                        .posted = false});
  }
  db_.write([&](soci::session& s) {
    insert_plan(s, settlement_id, batch_no, statements, payments);
    outbox::enqueue_all(s, notices);
  });
  posted = post_planned(settlement_id);
  if (!posted.ok()) return posted;
  return true;
}

Result<Settlement> GivingService::settle(UnixMicros period_end_us, std::optional<Id> actor_id,
                                         int batches_max) {
  if (period_end_us > options_.clock())
    return Status::invalid("period_end", "must not be in the future: credit is still earned");
  return start(period_end_us, actor_id, batches_max);
}

Result<Settlement> GivingService::start(UnixMicros period_end_us, std::optional<Id> actor_id,
                                        int batches_max) {
  bool has_default = false;
  for (const Cause& c : causes()) has_default = has_default || c.default_share > 0;
  if (!has_default)
    return Status(Code::failed_precondition, "no-default-causes",
                  "No cause has a default share: customers without a choice cannot be settled");
  std::lock_guard lock(books_mu_);
  Settlement fresh{
      .id = ids().next(), .period_end_us = period_end_us, .created_at_us = options_.clock()};
  const auto row = db_.write([&](soci::session& s) {
    insert_settlement(s, fresh, actor_id);
    return find_settlement_by_period(s, period_end_us);
  });
  assert(row);
  for (int i = 0; i < batches_max; ++i) {
    auto more = settle_batch(row->settlement.id);
    if (!more.ok()) return more.status();
    if (!more.value()) break;
  }
  return *find_settlement(row->settlement.id);
}

Result<bool> GivingService::continue_settlements(int batches_max) {
  std::lock_guard lock(books_mu_);
  const auto running = db_.read([&](soci::session& s) { return running_settlements(s, 10); });
  int batches = 0;
  for (Id id : running) {
    for (; batches < batches_max; ++batches) {
      auto more = settle_batch(id);
      if (!more.ok()) return more.status();
      if (!more.value()) break;
    }
    if (batches >= batches_max) return true;
  }
  return false;
}

Result<bool> GivingService::settle_year_end(UnixMicros now_us, int batches_max) {
  // The year that ends at the New Year nearest to now: the job is due at 23:59 on 31 December,
  // or catches up early in January when no node ran it then. One settlement per period end.
  const CivilTime today = civil_from_micros(now_us, kSeoulOffsetMinutes);
  const int year = today.month >= 7 ? today.year + 1 : today.year;
  const UnixMicros period_end =
      micros_from_civil(CivilTime{.year = year, .month = 1, .day = 1}, kSeoulOffsetMinutes);
  auto started = start(period_end, std::nullopt, 0);
  if (!started.ok()) return started.status();
  return continue_settlements(batches_max);
}

std::optional<Settlement> GivingService::find_settlement(Id id) {
  return db_.read([&](soci::session& s) -> std::optional<Settlement> {
    auto row = giving::find_settlement(s, id);
    if (!row) return std::nullopt;
    settlement_totals(s, row->settlement);
    return row->settlement;
  });
}

std::vector<Settlement> GivingService::settlements(int limit) {
  return db_.read([&](soci::session& s) {
    std::vector<Settlement> out;
    for (SettlementRow& row : list_settlements(s, limit)) {
      settlement_totals(s, row.settlement);
      out.push_back(row.settlement);
    }
    return out;
  });
}

Result<Receipt> GivingService::receipt(Id customer_id, int year) {
  if (year < 2000 || year > 2200) return Status::invalid("year", "a year from 2000 to 2200");
  const UnixMicros from =
      micros_from_civil({.year = year, .month = 1, .day = 1}, kSeoulOffsetMinutes);
  const UnixMicros to =
      micros_from_civil({.year = year + 1, .month = 1, .day = 1}, kSeoulOffsetMinutes);
  std::optional<Receipt> out = db_.read([&](soci::session& s) -> std::optional<Receipt> {
    auto name = user_name(s, customer_id);
    if (!name) return std::nullopt;
    return Receipt{.donor_id = customer_id,
                   .donor_name = std::move(*name),
                   .year = year,
                   .donations = customer_donations(s, customer_id, from, to, kDonationsMax),
                   .issuer = options_.receipt_issuer,
                   .number = "HC-" + std::to_string(year) + "-" + id_to_string(customer_id)};
  });
  if (!out) return Status::not_found("No customer with this id");
  return std::move(*out);
}

std::vector<std::pair<int, std::int64_t>> GivingService::receipt_years(Id customer_id) {
  const auto donations = db_.read([&](soci::session& s) {
    return customer_donations(s, customer_id, 0, std::numeric_limits<UnixMicros>::max(),
                              kDonationsMax);
  });
  std::map<int, std::int64_t> years;
  for (const Donation& d : donations)
    years[civil_from_micros(d.at_us, kSeoulOffsetMinutes).year] += d.won;
  return {years.begin(), years.end()};
}

std::vector<std::pair<Id, std::int64_t>> GivingService::settlement_causes(Id settlement_id) {
  return db_.read([&](soci::session& s) { return giving::settlement_causes(s, settlement_id); });
}

std::vector<StatementRow> GivingService::statements(Id customer_id) {
  return db_.read([&](soci::session& s) { return customer_statements(s, customer_id); });
}

Page<Purchase> GivingService::purchases(Id customer_id, std::optional<Id> before, int limit) {
  return db_.read(
      [&](soci::session& s) { return customer_purchases(s, customer_id, before, limit); });
}

}  // namespace sangsaeng::giving
