#include "ledger/read_policy.h"

namespace sangsaeng::ledger {

bool may_read(const Reader& reader, const Account& account) {
  if (reader.reads_books) return true;
  switch (account.owner_kind) {
    case OwnerKind::customer:
      return account.owner_ref == id_to_string(reader.user_id);
    case OwnerKind::merchant:
    case OwnerKind::charity:
    case OwnerKind::company:
      return reader.org_id && account.owner_ref == id_to_string(*reader.org_id);
    case OwnerKind::fund:
    case OwnerKind::program:
      return false;
  }
  return false;
}

AccountFilter visible_to(const Reader& reader, AccountFilter filter) {
  if (reader.reads_books) return filter;
  filter.owner_kind.reset();
  filter.owner_ref = id_to_string(reader.org_id.value_or(reader.user_id));
  return filter;
}

std::optional<LedgerId> parse_ledger(std::string_view text) {
  if (text == "1") return kLedgerKrw;
  if (text == "2") return kLedgerCredit;
  return std::nullopt;
}

}  // namespace sangsaeng::ledger
