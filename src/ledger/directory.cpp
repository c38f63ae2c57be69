#include "ledger/directory.h"

#include "core/id.h"
#include "ledger/queries.h"

namespace sangsaeng::ledger {

Result<Id> AccountDirectory::find_or_open(const AccountKey& key) {
  std::lock_guard lock(mu_);
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  const auto found = db_.read([&](soci::session& s) {
    return list_accounts(s, {.owner_kind = key.owner_kind,
                             .owner_ref = key.owner_ref,
                             .ledger = key.ledger,
                             .after_id = 0,
                             .limit = 500});
  });
  for (const auto& v : found) {
    if (v.account.code == key.code && !v.closed) return ids_[key] = v.account.id;
  }
  const Account account{.id = ids().next(),
                        .ledger = key.ledger,
                        .code = key.code,
                        .owner_kind = key.owner_kind,
                        .owner_ref = key.owner_ref,
                        .flags = key.flags};
  auto opened = engine_.create_accounts({account}).get();
  if (!opened.ok() || !succeeded(opened.value().front().code)) {
    return Status(Code::unavailable, "books-unavailable",
                  "The books could not open an account; try again");
  }
  return ids_[key] = account.id;
}

}  // namespace sangsaeng::ledger
