// Who may read which ledger accounts. Whether a caller reads the whole books is a role
// (accounts::Action::read_books: admins, auditors) and the caller's module decides it; which
// single accounts everyone else may read follows from the account's owner and is decided here,
// once, for every reader of the ledger (API, and later the programs' own pages).
#pragma once

#include <optional>
#include <string_view>

#include "ledger/queries.h"

namespace sangsaeng::ledger {

// The caller, as the ledger sees it.
struct Reader {
  bool reads_books = false;  // may read every account (admin, auditor)
  Id user_id = 0;
  std::optional<Id> org_id;  // staff, merchants and charities belong to an organisation
};

// True when `reader` may read the account, its history and its balances: every account for
// those who read the books; otherwise only their own: a customer account whose owner_ref is
// the reader's user id, or a merchant, charity or company account whose owner_ref is the
// reader's organisation. Fund and program accounts are read through the books only.
bool may_read(const Reader& reader, const Account& account);

// Narrows an account list to what `reader` may see: unchanged for those who read the books;
// otherwise the accounts owned by their organisation, else by themselves (the owner kind
// asked for is dropped). Entries may still need may_read (a customer's and an organisation's
// owner_ref can coincide).
AccountFilter visible_to(const Reader& reader, AccountFilter filter);

// The ledger named on the wire: "1" (KRW) or "2" (CREDIT); nullopt for anything else.
std::optional<LedgerId> parse_ledger(std::string_view text);

}  // namespace sangsaeng::ledger
