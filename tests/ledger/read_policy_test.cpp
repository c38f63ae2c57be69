// The ledger's read policy, without a database or a server: who reads which account, what an
// account list is narrowed to, the ledgers' names on the wire, and what a transfer is called.
#include "ledger/read_policy.h"

#include <gtest/gtest.h>

namespace sangsaeng::ledger {
namespace {

constexpr Id kUser = 1'001, kOrg = 2'002, kOtherUser = 1'003, kOtherOrg = 2'004;

Account owned_by(OwnerKind kind, Id owner) {
  Account a;
  a.id = 7;
  a.ledger = kLedgerKrw;
  a.owner_kind = kind;
  a.owner_ref = id_to_string(owner);
  return a;
}

const Reader kCustomer{.reads_books = false, .user_id = kUser, .org_id = std::nullopt};
const Reader kMerchant{.reads_books = false, .user_id = kUser, .org_id = kOrg};
const Reader kAuditor{.reads_books = true, .user_id = kOtherUser, .org_id = kOtherOrg};

TEST(LedgerReadPolicy, ACustomerReadsTheirOwnAccountOnly) {
  EXPECT_TRUE(may_read(kCustomer, owned_by(OwnerKind::customer, kUser)));
  EXPECT_FALSE(may_read(kCustomer, owned_by(OwnerKind::customer, kOtherUser)));
  // An organisation's account whose id happens to be the user's id is not theirs.
  EXPECT_FALSE(may_read(kCustomer, owned_by(OwnerKind::merchant, kUser)));
}

TEST(LedgerReadPolicy, StaffReadTheirOrganisationsAccounts) {
  for (OwnerKind kind : {OwnerKind::merchant, OwnerKind::charity, OwnerKind::company}) {
    EXPECT_TRUE(may_read(kMerchant, owned_by(kind, kOrg))) << to_string(kind);
    EXPECT_FALSE(may_read(kMerchant, owned_by(kind, kOtherOrg))) << to_string(kind);
  }
  EXPECT_TRUE(may_read(kMerchant, owned_by(OwnerKind::customer, kUser)));
}

TEST(LedgerReadPolicy, FundsAndProgramsAreReadThroughTheBooksOnly) {
  for (OwnerKind kind : {OwnerKind::fund, OwnerKind::program}) {
    EXPECT_FALSE(may_read(kMerchant, owned_by(kind, kOrg))) << to_string(kind);
    EXPECT_FALSE(may_read(kCustomer, owned_by(kind, kUser))) << to_string(kind);
    EXPECT_TRUE(may_read(kAuditor, owned_by(kind, kOrg))) << to_string(kind);
  }
}

TEST(LedgerReadPolicy, BookReadersReadEveryAccount) {
  EXPECT_TRUE(may_read(kAuditor, owned_by(OwnerKind::customer, kUser)));
  EXPECT_TRUE(may_read(kAuditor, owned_by(OwnerKind::charity, kOrg)));
}

TEST(LedgerReadPolicy, AListIsNarrowedToTheReadersOwnAccounts) {
  AccountFilter asked;
  asked.owner_kind = OwnerKind::charity;
  asked.owner_ref = id_to_string(kOtherOrg);
  asked.ledger = kLedgerCredit;
  const AccountFilter customer = visible_to(kCustomer, asked);
  EXPECT_FALSE(customer.owner_kind.has_value());
  EXPECT_EQ(customer.owner_ref, id_to_string(kUser));
  EXPECT_EQ(customer.ledger, kLedgerCredit);  // other filters stay
  EXPECT_EQ(visible_to(kMerchant, asked).owner_ref, id_to_string(kOrg));
  const AccountFilter auditor = visible_to(kAuditor, asked);
  EXPECT_EQ(auditor.owner_kind, OwnerKind::charity);
  EXPECT_EQ(auditor.owner_ref, id_to_string(kOtherOrg));
}

TEST(LedgerReadPolicy, LedgersAreNamedOneAndTwo) {
  EXPECT_EQ(parse_ledger("1"), kLedgerKrw);
  EXPECT_EQ(parse_ledger("2"), kLedgerCredit);
  for (const char* bad : {"", "0", "3", "01", "KRW", "1 ", "-1"})
    EXPECT_EQ(parse_ledger(bad), std::nullopt) << bad;
}

TEST(LedgerTransferKind, NamesWhatTheFlagsSay) {
  namespace tf = transfer_flags;
  EXPECT_EQ(transfer_kind(0), "posted");
  EXPECT_EQ(transfer_kind(tf::kLinked), "posted");
  EXPECT_EQ(transfer_kind(tf::kPending), "pending");
  EXPECT_EQ(transfer_kind(tf::kPostPending), "post");
  EXPECT_EQ(transfer_kind(tf::kVoidPending), "void");
  EXPECT_EQ(transfer_kind(tf::kVoidPending | tf::kExpired), "expire");
}

}  // namespace
}  // namespace sangsaeng::ledger
