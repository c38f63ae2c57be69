#include "market/flags.h"

#include <cassert>

namespace sangsaeng::market {

namespace {

std::string account_subject(Id buyer) {
  return "account:" + id_to_string(buyer);
}

}  // namespace

bool AbuseWatch::room() const {
  return subjects_ < static_cast<std::size_t>(rules_.subjects_max);
}

std::optional<Flag> AbuseWatch::admitted(Id buyer, const std::string& address) {
  if (address.empty()) return std::nullopt;
  auto it = buyers_by_address_.find(address);
  if (it == buyers_by_address_.end()) {
    if (!room()) return std::nullopt;
    it = buyers_by_address_.emplace(address, std::unordered_set<Id>{}).first;
    ++subjects_;
  }
  auto& buyers = it->second;
  // Past the threshold one more account changes nothing: stop growing the set.
  if (std::ssize(buyers) >= rules_.accounts_per_address) return std::nullopt;
  buyers.insert(buyer);
  if (std::ssize(buyers) < rules_.accounts_per_address) return std::nullopt;
  if (!flagged_.insert("shared-address " + address).second) return std::nullopt;
  return Flag{"shared-address", address, std::nullopt,
              std::to_string(buyers.size()) + " accounts got orders from this address"};
}

std::optional<Flag> AbuseWatch::refused_by_limit(Id buyer) {
  auto it = refusals_.find(buyer);
  if (it == refusals_.end()) {
    if (!room()) return std::nullopt;
    it = refusals_.emplace(buyer, 0).first;
    ++subjects_;
  }
  if (++it->second != rules_.refusals_per_account) return std::nullopt;
  const std::string subject = account_subject(buyer);
  if (!flagged_.insert("repeated-refusals " + subject).second) return std::nullopt;
  return Flag{"repeated-refusals", subject, buyer,
              std::to_string(it->second) + " purchases refused by the drop's limits"};
}

std::optional<Flag> AbuseWatch::payment(Id buyer, bool declined) {
  if (!declined) {
    declines_.erase(buyer);
    return std::nullopt;
  }
  auto it = declines_.find(buyer);
  if (it == declines_.end()) {
    if (!room()) return std::nullopt;
    it = declines_.emplace(buyer, 0).first;
    ++subjects_;
  }
  if (++it->second != rules_.declines_in_a_row) return std::nullopt;
  const std::string subject = account_subject(buyer);
  if (!flagged_.insert("declined-payments " + subject).second) return std::nullopt;
  return Flag{"declined-payments", subject, buyer,
              std::to_string(it->second) + " payments declined in a row"};
}

}  // namespace sangsaeng::market
