#include "market/admission.h"

#include <algorithm>
#include <cassert>

#include "draw/draw.h"

namespace sangsaeng::market {

namespace {

// A drop sells at most this many units (far above any real drop; keeps sums far from overflow).
constexpr std::int64_t kStockMax = 100'000'000;
constexpr int kPerBuyerLimitMax = 1'000;

}  // namespace

Status validate_terms(const DropTerms& t) {
  std::vector<FieldError> errors;
  if (t.closes_at_us <= t.opens_at_us) errors.push_back({"closes_at", "must be after opens_at"});
  if (t.stock < 0 || t.stock > kStockMax)
    errors.push_back({"quantity", "must be between 0 and 100,000,000"});
  if (t.per_buyer_limit < 1 || t.per_buyer_limit > kPerBuyerLimitMax)
    errors.push_back({"per_buyer_limit", "must be between 1 and 1,000"});
  if (t.fair_start_us < 0 || t.fair_start_us > 60 * kMicrosPerSecond)
    errors.push_back({"fair_start_seconds", "must be between 0 and 60"});
  if (t.fair_start_us > 0 && t.seed.size() != draw::kSeedBytes)
    errors.push_back({"seed", "a fair start needs a 32-byte seed"});
  if (t.hold_us < kMicrosPerSecond) errors.push_back({"hold_seconds", "must be at least 1"});
  if (t.queue_max < 1) errors.push_back({"queue_max", "must be at least 1"});
  if (t.per_address_limit < 0) errors.push_back({"per_address_limit", "must be 0 (none) or more"});
  if (errors.empty()) return {};
  return Status::invalid(std::move(errors));
}

std::string_view to_string(DropState state) {
  switch (state) {
    case DropState::scheduled:
      return "scheduled";
    case DropState::open:
      return "open";
    case DropState::sold_out:
      return "sold_out";
    case DropState::closed:
      return "closed";
  }
  return "closed";
}

Admission::Admission(DropTerms terms) : terms_(std::move(terms)) {
  assert(validate_terms(terms_).ok());
}

void Admission::restore(const std::vector<Hold>& holds, bool drawn) {
  assert(holds_.empty() && queue_.empty());
  for (const Hold& h : holds) add_stored(h);
  drawn_ = drawn;
  check_invariants();
}

void Admission::add_stored(const Hold& h) {
  assert(h.units >= 1 && !holds_.contains(h.id));
  holds_.emplace(h.id, h);
  hold_by_key_[{h.buyer_id, h.idem_key}] = h.id;
  if (h.status == HoldStatus::released) return;
  units_by_buyer_[h.buyer_id] += h.units;
  if (!h.address.empty()) units_by_address_[h.address] += h.units;
  if (h.status == HoldStatus::paid) {
    sold_ += h.units;
  } else {
    held_ += h.units;
    deadlines_.emplace(h.pay_by_us, h.id);
  }
}

Decision Admission::buy(const BuyRequest& request, UnixMicros now_us) {
  assert(!request.idem_key.empty() && request.units >= 1 && request.hold_id > 0);
  assert(!draw_due(now_us));
  if (auto it = hold_by_key_.find({request.buyer_id, request.idem_key}); it != hold_by_key_.end()) {
    const Hold& first = holds_.at(it->second);
    if (first.units != request.units)
      return {Verdict::key_reused, std::nullopt, counts().remaining};
    return {Verdict::replayed, first, counts().remaining};
  }
  const bool in_window = terms_.fair_start_us > 0 && !drawn_ && now_us >= terms_.opens_at_us &&
                         now_us < terms_.opens_at_us + terms_.fair_start_us;
  if (!in_window) return decide(request, now_us);
  // Fair start: enter the draw (a request over the limit on its own is refused at once).
  if (request.units > terms_.per_buyer_limit)
    return {Verdict::per_buyer_limit, std::nullopt, counts().remaining};
  if (over_address_limit(request, 0))
    return {Verdict::per_address_limit, std::nullopt, counts().remaining};
  const auto key = std::make_pair(request.buyer_id, request.idem_key);
  if (auto it = queued_by_key_.find(key); it != queued_by_key_.end()) {
    const BuyRequest& first = queue_[it->second];
    if (first.units != request.units)
      return {Verdict::key_reused, std::nullopt, counts().remaining};
    return {Verdict::queued,
            Hold{.id = first.hold_id,
                 .buyer_id = first.buyer_id,
                 .units = first.units,
                 .idem_key = first.idem_key},
            counts().remaining};
  }
  if (std::ssize(queue_) >= terms_.queue_max)
    return {Verdict::queue_full, std::nullopt, counts().remaining};
  queued_by_key_.emplace(key, queue_.size());
  queue_.push_back(request);
  return {Verdict::queued,
          Hold{.id = request.hold_id,
               .buyer_id = request.buyer_id,
               .units = request.units,
               .idem_key = request.idem_key},
          counts().remaining};
}

Decision Admission::decide(const BuyRequest& request, UnixMicros now_us) {
  if (now_us < terms_.opens_at_us) return {Verdict::not_open, std::nullopt, counts().remaining};
  if (now_us >= terms_.closes_at_us) return {Verdict::closed, std::nullopt, counts().remaining};
  const std::int64_t remaining = counts().remaining;
  if (remaining == 0) return {Verdict::sold_out, std::nullopt, 0};
  if (units_of(request.buyer_id) + request.units > terms_.per_buyer_limit)
    return {Verdict::per_buyer_limit, std::nullopt, remaining};
  if (over_address_limit(request, units_of_address(request.address)))
    return {Verdict::per_address_limit, std::nullopt, remaining};
  if (request.units > remaining) return {Verdict::not_enough, std::nullopt, remaining};
  return admit(request, now_us);
}

Decision Admission::admit(const BuyRequest& request, UnixMicros now_us) {
  assert(!holds_.contains(request.hold_id));
  Hold hold{.id = request.hold_id,
            .buyer_id = request.buyer_id,
            .units = request.units,
            .created_us = now_us,
            .pay_by_us = now_us + terms_.hold_us,
            .idem_key = request.idem_key,
            .status = HoldStatus::held,
            .address = request.address};
  holds_.emplace(hold.id, hold);
  if (!hold.address.empty()) units_by_address_[hold.address] += hold.units;
  hold_by_key_[{hold.buyer_id, hold.idem_key}] = hold.id;
  units_by_buyer_[hold.buyer_id] += hold.units;
  held_ += hold.units;
  deadlines_.emplace(hold.pay_by_us, hold.id);
  check_invariants();
  return {Verdict::admitted, hold, counts().remaining};
}

void Admission::abandon(Id hold_id) {
  auto it = holds_.find(hold_id);
  assert(it != holds_.end() && it->second.status == HoldStatus::held);
  if (it == holds_.end() || it->second.status != HoldStatus::held) return;
  give_back(it->second);
  hold_by_key_.erase({it->second.buyer_id, it->second.idem_key});
  holds_.erase(it);
  check_invariants();
}

bool Admission::draw_due(UnixMicros now_us) const {
  return !drawn_ && terms_.fair_start_us > 0 && now_us >= terms_.opens_at_us + terms_.fair_start_us;
}

std::vector<DrawnEntry> Admission::draw(std::vector<BuyRequest> entries, UnixMicros now_us) {
  assert(draw_due(now_us));
  drawn_ = true;
  queue_.clear();
  queued_by_key_.clear();
  // A buyer's ticket is their first entry's id (draw/draw.h: one chance per ticket).
  std::map<Id, Id> ticket_of_buyer;
  std::vector<Id> tickets;
  std::vector<std::string> names;
  tickets.reserve(entries.size());
  names.reserve(entries.size());
  for (const BuyRequest& r : entries) {
    tickets.push_back(ticket_of_buyer.try_emplace(r.buyer_id, r.hold_id).first->second);
    names.push_back(id_to_string(tickets.back()));
  }
  // Entries are decided as if they arrived at the end of the window, in drawn order.
  const UnixMicros at_us = std::max(now_us, terms_.opens_at_us + terms_.fair_start_us);
  std::vector<DrawnEntry> out;
  out.reserve(entries.size());
  for (std::size_t i : draw::ordering(terms_.seed, names))
    out.push_back({entries[i], decide(entries[i], at_us), i, tickets[i]});
  return out;
}

void Admission::undo_draw(const std::vector<DrawnEntry>& drawn) {
  assert(drawn_);
  for (const DrawnEntry& e : drawn)
    if (const Hold* h = find(e.request.hold_id); h && h->status == HoldStatus::held) abandon(h->id);
  drawn_ = false;
}

void Admission::learn_draw(const std::vector<Hold>& holds, bool grow_stock) {
  drawn_ = true;
  queue_.clear();
  queued_by_key_.clear();
  for (const Hold& h : holds) {
    if (holds_.contains(h.id)) continue;
    if (grow_stock && h.status != HoldStatus::released) terms_.stock += h.units;
    add_stored(h);
  }
  check_invariants();
}

void Admission::withdraw(Id buyer_id, const std::string& idem_key) {
  auto it = queued_by_key_.find({buyer_id, idem_key});
  if (it == queued_by_key_.end()) return;
  queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(it->second));
  queued_by_key_.clear();  // rare (a failed write): index again
  for (std::size_t i = 0; i < queue_.size(); ++i)
    queued_by_key_.emplace(std::make_pair(queue_[i].buyer_id, queue_[i].idem_key), i);
}

std::optional<Hold> Admission::pay(Id hold_id) {
  auto it = holds_.find(hold_id);
  if (it == holds_.end() || it->second.status != HoldStatus::held) return std::nullopt;
  Hold& h = it->second;
  drop_deadline(h);
  held_ -= h.units;
  sold_ += h.units;
  h.status = HoldStatus::paid;
  check_invariants();
  return h;
}

std::optional<Hold> Admission::release(Id hold_id) {
  auto it = holds_.find(hold_id);
  if (it == holds_.end() || it->second.status != HoldStatus::held) return std::nullopt;
  give_back(it->second);
  it->second.status = HoldStatus::released;
  check_invariants();
  return it->second;
}

std::optional<Hold> Admission::refund(Id hold_id) {
  auto it = holds_.find(hold_id);
  if (it == holds_.end() || it->second.status != HoldStatus::paid) return std::nullopt;
  Hold& h = it->second;
  assert(sold_ >= h.units);
  sold_ -= h.units;
  auto buyer = units_by_buyer_.find(h.buyer_id);
  assert(buyer != units_by_buyer_.end() && buyer->second >= h.units);
  if ((buyer->second -= h.units) == 0) units_by_buyer_.erase(buyer);
  h.status = HoldStatus::released;
  check_invariants();
  return h;
}

std::vector<Hold> Admission::overdue(UnixMicros now_us, int max_holds) const {
  assert(max_holds >= 1);
  std::vector<Hold> out;
  for (auto it = deadlines_.begin();
       it != deadlines_.end() && it->first <= now_us && std::ssize(out) < max_holds; ++it)
    out.push_back(holds_.at(it->second));
  return out;
}

std::optional<UnixMicros> Admission::next_deadline_us() const {
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.begin()->first;
}

bool Admission::set_stock(std::int64_t stock) {
  if (stock < sold_ + held_ || stock > kStockMax) return false;
  terms_.stock = stock;
  return true;
}

void Admission::set_closes_at(UnixMicros closes_at_us) {
  assert(closes_at_us > terms_.opens_at_us);
  terms_.closes_at_us = closes_at_us;
}

DropState Admission::state(UnixMicros now_us) const {
  if (now_us < terms_.opens_at_us) return DropState::scheduled;
  if (now_us >= terms_.closes_at_us) return DropState::closed;
  return counts().remaining == 0 ? DropState::sold_out : DropState::open;
}

Counts Admission::counts() const {
  return {.stock = terms_.stock,
          .sold = sold_,
          .held = held_,
          .remaining = terms_.stock - sold_ - held_,
          .queued = std::ssize(queue_)};
}

int Admission::units_of_address(const std::string& address) const {
  auto it = units_by_address_.find(address);
  return it == units_by_address_.end() ? 0 : it->second;
}

bool Admission::over_address_limit(const BuyRequest& request, int units_before) const {
  return terms_.per_address_limit > 0 && !request.address.empty() &&
         units_before + request.units > terms_.per_address_limit;
}

int Admission::units_of(Id buyer_id) const {
  auto it = units_by_buyer_.find(buyer_id);
  return it == units_by_buyer_.end() ? 0 : it->second;
}

const Hold* Admission::find(Id hold_id) const {
  auto it = holds_.find(hold_id);
  return it == holds_.end() ? nullptr : &it->second;
}

void Admission::give_back(Hold& hold) {
  assert(hold.status == HoldStatus::held);
  drop_deadline(hold);
  held_ -= hold.units;
  auto it = units_by_buyer_.find(hold.buyer_id);
  assert(it != units_by_buyer_.end() && it->second >= hold.units);
  if ((it->second -= hold.units) == 0) units_by_buyer_.erase(it);
  if (hold.address.empty()) return;
  auto at = units_by_address_.find(hold.address);
  assert(at != units_by_address_.end() && at->second >= hold.units);
  if ((at->second -= hold.units) == 0) units_by_address_.erase(at);
}

void Admission::drop_deadline(const Hold& hold) {
  auto [first, last] = deadlines_.equal_range(hold.pay_by_us);
  for (auto it = first; it != last; ++it)
    if (it->second == hold.id) {
      deadlines_.erase(it);
      return;
    }
  assert(false && "a held hold has its deadline");
}

void Admission::check_invariants() const {
  assert(sold_ >= 0 && held_ >= 0);
  assert(sold_ + held_ <= terms_.stock);
#ifndef NDEBUG
  for (const auto& [buyer, units] : units_by_buyer_)
    assert(units >= 1 && units <= terms_.per_buyer_limit);
  // Not bounded by per_address_limit here: a limit lowered in the config between two runs
  // leaves restored addresses above it (they are refused further units, nothing more).
  for (const auto& [address, units] : units_by_address_) assert(units >= 1);
#endif
}

}  // namespace sangsaeng::market
