// Posted money between a program's accounts, by Seoul calendar month: what sources read from the
// ledger. Accounts are matched by owner and code, as ledger::AccountDirectory names them.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "figures/types.h"

namespace sangsaeng::figures {

struct AccountMatch {
  ledger::OwnerKind owner_kind = ledger::OwnerKind::program;
  std::optional<std::string> owner_ref = {};  // none: every owner of the kind
  std::int32_t code = 0;
};

struct FlowQuery {
  AccountMatch from;                               // the debit side
  AccountMatch to;                                 // the credit side
  std::optional<std::int32_t> transfer_code = {};  // none: every code
  ledger::LedgerId ledger = ledger::kLedgerKrw;
  bool by_from_owner = false;  // one Flow per debit owner (else owner "")
  bool by_to_owner = false;    // one Flow per credit owner (else owner "")
  // Only transfers whose reference starts with it (a module's own postings, when other postings
  // share its accounts and codes). REQUIRES: no % or _ in it. Empty: any reference.
  std::string reference_prefix = {};
};

struct Flow {
  Month month = 0;
  std::string from_owner, to_owner;  // owner refs, when asked for
  std::int64_t amount = 0;           // posted, summed
  std::int64_t transfers = 0;
};

// The posted amounts of `query`'s transfers: single-phase transfers and posts of pendings; a
// pending (until posted), a void and an expiry move nothing. One Flow per month and asked-for
// owner, months ascending. Runs in the caller's read transaction; the answer is bounded by
// months x owners, the scan by the matching accounts' transfers (indexed by account).
std::vector<Flow> posted_flows(soci::session& s, const FlowQuery& query);

}  // namespace sangsaeng::figures
