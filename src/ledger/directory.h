// Finding a program's ledger accounts by who owns them and what for, opening them on first use:
// the market's merchant and charity accounts, the outage program's budget, ... Each program
// names its accounts by (owner kind, owner ref, code, ledger) instead of keeping ids.
// Thread-safe; found ids are cached (accounts are never deleted, a closed one is not reused).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "core/status.h"
#include "ledger/engine.h"
#include "store/db.h"

namespace sangsaeng::ledger {

struct AccountKey {
  OwnerKind owner_kind = OwnerKind::program;
  std::string owner_ref;
  std::int32_t code = 0;
  LedgerId ledger = kLedgerKrw;
  std::uint32_t flags = 0;  // used when the account is opened
  bool operator<(const AccountKey& o) const {
    return std::tie(owner_kind, owner_ref, code, ledger) <
           std::tie(o.owner_kind, o.owner_ref, o.code, o.ledger);
  }
};

class AccountDirectory {
 public:
  // `db` and `engine` must outlive the directory.
  AccountDirectory(store::Db& db, Engine& engine) : db_(db), engine_(engine) {}

  // The open account of `key`, opened now when there is none. unavailable "books-unavailable"
  // when the ledger could not open it. Two processes opening the same key at once may open two
  // accounts (both valid, both in the books); later lookups use the lower id.
  Result<Id> find_or_open(const AccountKey& key);

 private:
  store::Db& db_;
  Engine& engine_;
  std::mutex mu_;
  std::map<AccountKey, Id> ids_;  // guarded by mu_
};

}  // namespace sangsaeng::ledger
