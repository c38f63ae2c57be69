// Matching campaigns with budgets (issue 17): the company gives `match_percent` of what
// customers spend in a campaign to a named charity, up to a budget. The market's giving rule is
// one such rule: a drop that names a campaign donates the campaign's match from its budget.
//
// The budget is a ledger account of its own (KRW, owner program "credit", code 9, "debits must
// not exceed credits"; its id is on the campaign) funded from the company's giving account. Each
// match is decided once, in the transaction that records what it matches (claim_match, under the
// campaign row's lock), and capped at what is left: funded (confirmed by the books) less matched.
// So the decided matches never exceed what the books hold, a repost of a payment posts the same
// amount, and the account's flag refuses anything a bug would add. A withdrawn match (a refund) is
// given back to the budget only once the books confirm its reversal (release_match).
#pragma once

#include <soci/soci.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "ledger/directory.h"
#include "store/db.h"

namespace sangsaeng::ledger {
class Engine;
}

namespace sangsaeng::giving {

struct Campaign {
  Id id = 0;
  std::string name = {};
  Id charity_org_id = 0;
  int match_percent = 0;  // 1..100 of what customers spend
  Id account_id = 0;      // the budget's ledger account
  std::int64_t funded_won = 0, matched_won = 0;
  Id created_by = 0;
  UnixMicros created_at_us = 0;
  std::int64_t remaining_won() const { return funded_won - matched_won; }
};

constexpr std::int64_t kCampaignBudgetWonMax = 100'000'000'000LL;  // 1,000억 원

// --- inside the caller's transaction (the market's pay and refund paths)

std::optional<Campaign> find_campaign(soci::session& s, Id campaign_id);
// The match of `basis_won`: floor(basis_won × match_percent / 100), capped at what is left, and
// recorded (matched_won grows by it). Takes the campaign's row lock on PostgreSQL (SQLite's
// write transactions are serial), so concurrent payments on any node take turns and their sum
// never passes the budget. nullopt for an unknown campaign. REQUIRES: basis_won >= 0.
std::optional<std::int64_t> claim_match(soci::session& s, Id campaign_id, std::int64_t basis_won);
// Gives `won` of a withdrawn match back (the books confirmed its reversal).
// REQUIRES: 0 <= won <= the campaign's matched_won.
void release_match(soci::session& s, Id campaign_id, std::int64_t won);

// --- use cases

struct NewCampaign {
  std::string name = {};
  Id charity_org_id = 0;
  int match_percent = 0;
  std::int64_t budget_won = 0;
};

struct CampaignOptions {
  std::function<UnixMicros()> clock = now_us;
};

class CampaignService {
 public:
  // `db` and `ledger` must outlive the service.
  CampaignService(store::Db& db, ledger::Engine& ledger, CampaignOptions options = {});

  // Opens the budget account and funds it with `budget_won` from the company's giving account.
  // invalid_argument (name 1..100 characters, charity_org_id not a charity, match_percent
  // 1..100, budget_won 1..kCampaignBudgetWonMax); conflict "campaign-name-taken".
  // unavailable "books-unavailable": the campaign is recorded with nothing funded yet; the
  // funding is posted by post_unposted() (or a top-up) when the books are back.
  Result<Campaign> create(NewCampaign campaign, Id actor_id);
  // Adds `amount_won` to the budget. not_found; invalid_argument (1..kCampaignBudgetWonMax);
  // unavailable "books-unavailable" (recorded, posted later).
  Result<Campaign> add_budget(Id campaign_id, std::int64_t amount_won, Id actor_id);
  std::optional<Campaign> find(Id campaign_id);
  std::vector<Campaign> list();  // newest first, at most 200
  // What the budget account holds in the books (funded, less matches posted, plus reversals).
  std::int64_t books_balance_won(const Campaign& campaign);
  // Posts the fundings the books have not confirmed, at most `limit`; how many were confirmed.
  Result<int> post_unposted(int limit);

 private:
  Status open_account(const Campaign& campaign);
  Status post_funding(Id funding_id);

  store::Db& db_;
  ledger::Engine& ledger_;
  ledger::AccountDirectory accounts_;
  const CampaignOptions options_;
};

}  // namespace sangsaeng::giving
