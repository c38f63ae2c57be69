// Suspicious patterns in one drop, recorded for its managers (issue 15's abuse controls). The
// limits refuse; these rules only notice, so that a person can look:
//   shared-address     `accounts_per_address` accounts or more got orders from one address
//                      (a household or an office is a few; a bot farm is many)
//   repeated-refusals  one account refused `refusals_per_account` times by the per-buyer or
//                      per-address limit (someone probing the limits, or a script retrying)
//   declined-payments  one account's payments declined `declines_in_a_row` times in a row
//                      (card testing); an approved payment starts the count again
// Each rule flags a subject (an address or an account) once per drop. Pure and single-
// threaded like Admission: the service keeps one per drop beside it and writes what it
// returns. Counts live in memory: after a restart the refusal and decline counts start again
// (a flag already written stays; the table has one row per drop, rule and subject).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/id.h"

namespace sangsaeng::market {

struct FlagRules {
  int accounts_per_address = 10;
  int refusals_per_account = 3;
  int declines_in_a_row = 3;
  // Addresses and accounts tracked per drop, at most (beyond it, new ones are not watched;
  // far above a drop's buyers).
  int subjects_max = 200'000;
};

struct Flag {
  std::string kind;     // "shared-address" | "repeated-refusals" | "declined-payments"
  std::string subject;  // the address, or "account:<id>"
  std::optional<Id> buyer_id;
  std::string detail;  // what crossed the threshold, in words
};

class AbuseWatch {
 public:
  explicit AbuseWatch(FlagRules rules = {}) : rules_(rules) {}

  // An order admitted (or restored at start) for `buyer` from `address` ("" is not watched).
  std::optional<Flag> admitted(Id buyer, const std::string& address);
  // A purchase refused by a limit (per-buyer or per-address).
  std::optional<Flag> refused_by_limit(Id buyer);
  // A payment's outcome: declined or approved.
  std::optional<Flag> payment(Id buyer, bool declined);

 private:
  bool room() const;

  FlagRules rules_;
  std::unordered_map<std::string, std::unordered_set<Id>> buyers_by_address_;
  std::unordered_map<Id, int> refusals_;
  std::unordered_map<Id, int> declines_;
  std::unordered_set<std::string> flagged_;  // kind + subject
  std::size_t subjects_ = 0;
};

}  // namespace sangsaeng::market
