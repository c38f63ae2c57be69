#include "giving/campaigns.h"

#include <cassert>

#include "core/json.h"
#include "giving/credit_books.h"
#include "giving/store.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
#include "ledger/rows.h"

namespace sangsaeng::giving {

namespace {

using ledger::row_i64;

constexpr const char* kCampaignColumns =
    "SELECT id, name, charity_org_id, match_percent, account_id, funded_won, matched_won, "
    "created_by, created_at FROM giving_campaigns ";
constexpr const char* kInsertCampaign =
    "INSERT INTO giving_campaigns (id, name, charity_org_id, match_percent, account_id, "
    "funded_won, matched_won, created_by, created_at) VALUES (:i, :n, :c, :p, :a, 0, 0, :b, :t) "
    "ON CONFLICT (name) DO NOTHING";
constexpr const char* kInsertFunding =
    "INSERT INTO giving_campaign_fundings (id, campaign_id, amount_won, transfer_id, posted, "
    "created_by, created_at) VALUES (:i, :c, :w, :t, 0, :b, :at)";
constexpr const char* kFundingColumns =
    "SELECT id, campaign_id, amount_won, transfer_id FROM giving_campaign_fundings ";

Campaign campaign_from(const soci::row& r) {
  return {.id = row_i64(r, 0),
          .name = r.get<std::string>(1),
          .charity_org_id = row_i64(r, 2),
          .match_percent = static_cast<int>(row_i64(r, 3)),
          .account_id = row_i64(r, 4),
          .funded_won = row_i64(r, 5),
          .matched_won = row_i64(r, 6),
          .created_by = row_i64(r, 7),
          .created_at_us = row_i64(r, 8)};
}

struct Funding {
  Id id = 0, campaign_id = 0;
  std::int64_t amount_won = 0;
  Id transfer_id = 0;
};

std::optional<Funding> find_funding(soci::session& s, Id id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kFundingColumns) + "WHERE id = :i", soci::use(id));
  for (const auto& r : rows)
    return Funding{row_i64(r, 0), row_i64(r, 1), row_i64(r, 2), row_i64(r, 3)};
  return std::nullopt;
}

// The funding confirmed by the books: counted once in the campaign's budget.
void mark_funded(soci::session& s, const Funding& f) {
  soci::statement st =
      (s.prepare << "UPDATE giving_campaign_fundings SET posted = 1 WHERE id = :i AND posted = 0",
       soci::use(f.id));
  st.execute(true);
  if (st.get_affected_rows() != 1) return;  // counted before (another node, a retry)
  s << "UPDATE giving_campaigns SET funded_won = funded_won + :w WHERE id = :c",
      soci::use(f.amount_won), soci::use(f.campaign_id);
}

Status books_unavailable(const Status& s) {
  return Status(Code::unavailable, "books-unavailable", s.message());
}

Status refused(ledger::ResultCode code, const char* what) {
  return Status(Code::internal, "books-refused",
                std::string("The books refused ") + what + ": " + std::string(to_string(code)));
}

}  // namespace

std::optional<Campaign> find_campaign(soci::session& s, Id campaign_id) {
  soci::rowset<soci::row> rows =
      (s.prepare << std::string(kCampaignColumns) + "WHERE id = :i", soci::use(campaign_id));
  for (const auto& r : rows) return campaign_from(r);
  return std::nullopt;
}

std::optional<std::int64_t> claim_match(soci::session& s, Id campaign_id, std::int64_t basis_won) {
  assert(basis_won >= 0);
  std::optional<Campaign> c;
  {
    soci::rowset<soci::row> rows = (s.prepare << std::string(kCampaignColumns) + "WHERE id = :i" +
                                                     (ledger::is_pg(s) ? " FOR UPDATE" : ""),
                                    soci::use(campaign_id));
    for (const auto& r : rows) c = campaign_from(r);
  }
  if (!c) return std::nullopt;
  assert(c->remaining_won() >= 0);
  // basis_won <= 10^11 (an order's amount), so the product stays far below 2^63.
  const std::int64_t share = basis_won * c->match_percent / 100;
  const std::int64_t match = std::min(share, c->remaining_won());
  if (match > 0)
    s << "UPDATE giving_campaigns SET matched_won = matched_won + :m WHERE id = :i",
        soci::use(match), soci::use(campaign_id);
  return match;
}

void release_match(soci::session& s, Id campaign_id, std::int64_t won) {
  assert(won >= 0);
  if (won == 0) return;
  s << "UPDATE giving_campaigns SET matched_won = matched_won - :w WHERE id = :i", soci::use(won),
      soci::use(campaign_id);
}

CampaignService::CampaignService(store::Db& db, ledger::Engine& ledger, CampaignOptions options)
    : db_(db), ledger_(ledger), accounts_(db, ledger), options_(std::move(options)) {}

Status CampaignService::open_account(const Campaign& c) {
  auto opened =
      ledger_
          .create_accounts({{.id = c.account_id,
                             .ledger = ledger::kLedgerKrw,
                             .code = kCampaignBudget,
                             .owner_kind = ledger::OwnerKind::program,
                             .owner_ref = kCreditProgram,
                             .flags = ledger::account_flags::kDebitsMustNotExceedCredits}})
          .get();
  if (!opened.ok()) return books_unavailable(opened.status());
  const auto code = opened.value().front().code;
  if (!ledger::succeeded(code)) return refused(code, "the campaign's budget account");
  return Status::ok_status();
}

Status CampaignService::post_funding(Id funding_id) {
  const auto f = db_.read([&](soci::session& s) { return find_funding(s, funding_id); });
  assert(f);
  auto company = accounts_.find_or_open(company_giving_account());
  if (!company.ok()) return books_unavailable(company.status());
  const auto c = find(f->campaign_id);
  assert(c);
  auto sent = ledger_
                  .create_transfers({{.id = f->transfer_id,
                                      .debit_account_id = company.value(),
                                      .credit_account_id = c->account_id,
                                      .amount = f->amount_won,
                                      .ledger = ledger::kLedgerKrw,
                                      .code = kCampaignFunded,
                                      .reference = "giving:campaign:" + std::to_string(c->id)}})
                  .get();
  if (!sent.ok()) return books_unavailable(sent.status());
  const auto code = sent.value().front().code;
  if (!ledger::succeeded(code)) return refused(code, "a campaign's funding");
  db_.write([&](soci::session& s) { mark_funded(s, *f); });
  return Status::ok_status();
}

Result<Campaign> CampaignService::create(NewCampaign n, Id actor_id) {
  std::vector<FieldError> errors;
  if (n.name.empty() || utf8_length(n.name) > 100)
    errors.push_back({"name", "1 to 100 characters"});
  if (n.match_percent < 1 || n.match_percent > 100) errors.push_back({"match_percent", "1 to 100"});
  if (n.budget_won < 1 || n.budget_won > kCampaignBudgetWonMax)
    errors.push_back({"budget_won", "1 to 100,000,000,000 won"});
  if (db_.read([&](soci::session& s) { return org_kind(s, n.charity_org_id); }) != "charity")
    errors.push_back({"charity_org_id", "must name an organisation of kind charity"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const UnixMicros now = options_.clock();
  const Campaign c{.id = ids().next(),
                   .name = std::move(n.name),
                   .charity_org_id = n.charity_org_id,
                   .match_percent = n.match_percent,
                   .account_id = ids().next(),
                   .created_by = actor_id,
                   .created_at_us = now};
  const Funding f{.id = ids().next(),
                  .campaign_id = c.id,
                  .amount_won = n.budget_won,
                  .transfer_id = ids().next()};
  const bool added = db_.write([&](soci::session& s) {
    soci::statement st = (s.prepare << kInsertCampaign, soci::use(c.id), soci::use(c.name),
                          soci::use(c.charity_org_id), soci::use(c.match_percent),
                          soci::use(c.account_id), soci::use(actor_id), soci::use(now));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
    s << kInsertFunding, soci::use(f.id), soci::use(f.campaign_id), soci::use(f.amount_won),
        soci::use(f.transfer_id), soci::use(actor_id), soci::use(now);
    return true;
  });
  if (!added) return Status(Code::conflict, "campaign-name-taken", "A campaign has this name");
  if (Status opened = open_account(c); !opened.ok()) return opened;
  if (Status funded = post_funding(f.id); !funded.ok()) return funded;
  return *find(c.id);
}

Result<Campaign> CampaignService::add_budget(Id campaign_id, std::int64_t amount_won, Id actor_id) {
  const auto c = find(campaign_id);
  if (!c) return Status::not_found("No campaign with this id");
  if (amount_won < 1 || amount_won > kCampaignBudgetWonMax)
    return Status::invalid("amount_won", "1 to 100,000,000,000 won");
  const Funding f{.id = ids().next(),
                  .campaign_id = c->id,
                  .amount_won = amount_won,
                  .transfer_id = ids().next()};
  const UnixMicros now = options_.clock();
  db_.write([&](soci::session& s) {
    s << kInsertFunding, soci::use(f.id), soci::use(f.campaign_id), soci::use(f.amount_won),
        soci::use(f.transfer_id), soci::use(actor_id), soci::use(now);
  });
  if (Status opened = open_account(*c); !opened.ok()) return opened;
  if (Status funded = post_funding(f.id); !funded.ok()) return funded;
  return *find(c->id);
}

std::optional<Campaign> CampaignService::find(Id campaign_id) {
  return db_.read([&](soci::session& s) { return find_campaign(s, campaign_id); });
}

std::vector<Campaign> CampaignService::list() {
  return db_.read([&](soci::session& s) {
    std::vector<Campaign> out;
    soci::rowset<soci::row> rows =
        (s.prepare << std::string(kCampaignColumns) + "ORDER BY id DESC LIMIT 200");
    for (const auto& r : rows) out.push_back(campaign_from(r));
    return out;
  });
}

std::int64_t CampaignService::books_balance_won(const Campaign& c) {
  return db_.read([&](soci::session& s) -> std::int64_t {
    const auto a = ledger::find_account(s, c.account_id);
    if (!a) return 0;
    const auto& b = a->balances;
    return b.credits_posted - b.debits_posted - b.debits_pending;
  });
}

Result<int> CampaignService::post_unposted(int limit) {
  const auto ids_due = db_.read([&](soci::session& s) {
    std::vector<Id> out;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT id FROM giving_campaign_fundings WHERE posted = 0 "
                      "ORDER BY created_at LIMIT :n",
         soci::use(limit));
    for (const auto& r : rows) out.push_back(row_i64(r, 0));
    return out;
  });
  int done = 0;
  for (Id id : ids_due) {
    const auto f = db_.read([&](soci::session& s) { return find_funding(s, id); });
    const auto c = f ? find(f->campaign_id) : std::nullopt;
    if (!c) continue;
    if (Status opened = open_account(*c); !opened.ok()) return opened;
    if (Status funded = post_funding(id); !funded.ok()) return funded;
    ++done;
  }
  return done;
}

}  // namespace sangsaeng::giving
