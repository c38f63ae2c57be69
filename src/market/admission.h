// Admission: the in-memory decision of who gets units of one drop (DESIGN.md invariant 1).
//
// Pure and single-threaded: no I/O, no clock (every call takes `now_us`), no locking. The
// market service owns one Admission per drop, serialises calls to it, persists what it decides
// (a hold is acknowledged only once durable) and rebuilds it from the database at start.
//
// Promises, whatever the sequence of calls:
//   sold + held <= stock                   (never sells what this node does not have)
//   units(buyer) <= per_buyer_limit        (held + sold, for every buyer)
//   units(address) <= per_address_limit    (held + sold, for every client address but "")
//   one hold per (buyer, idempotency key)  (a retry answers the first hold again)
// A refusal (sold out, not open, over the limit) changes nothing and allocates nothing, so
// the 10:00 rush past the last unit costs no database write.
//
// Fair start: requests in the first `fair_start_us` after opening are not answered in order of
// arrival; they are queued (bounded; this node's, a cache) and admitted in lottery order by
// draw(), which is given every node's entries (draw/draw.h, market/entries.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"

namespace sangsaeng::market {

struct DropTerms {
  Id drop_id = 0;
  UnixMicros opens_at_us = 0;
  UnixMicros closes_at_us = 0;   // exclusive
  std::int64_t stock = 0;        // units this engine may sell: the quantity, or a node's lease
  int per_buyer_limit = 1;       // units per buyer account over the whole drop
  UnixMicros fair_start_us = 0;  // lottery window after opening; 0 = first come first served
  UnixMicros hold_us = 10 * 60 * kMicrosPerSecond;  // time a hold waits for payment
  std::string seed = {};                            // fair start only: the lottery seed (raw bytes)
  int queue_max = 100'000;  // fair start: entries held for the draw, at most
  // Units per client address over the whole drop, whatever the accounts (one machine cycling
  // through accounts); 0 = no limit. Requests without an address are not counted.
  int per_address_limit = 0;
};

// Field errors for terms a manager cannot mean (closes before it opens, limit above stock, ...).
Status validate_terms(const DropTerms& terms);

enum class DropState { scheduled, open, sold_out, closed };
std::string_view to_string(DropState state);

enum class HoldStatus { held, paid, released };

struct Hold {
  Id id = 0;
  Id buyer_id = 0;
  int units = 0;
  UnixMicros created_us = 0;
  UnixMicros pay_by_us = 0;
  std::string idem_key = {};
  HoldStatus status = HoldStatus::held;
  std::string address = {};  // the client's address ("" when unknown)
};

enum class Verdict {
  admitted,         // a new hold: persist it, then acknowledge (or abandon() it)
  replayed,         // the same (buyer, key) again: the first hold, nothing changed
  queued,           // fair-start window: answered by draw()
  sold_out,         // no unit left (held units may come back when holds expire)
  not_enough,       // fewer units left than asked; `remaining` says how many
  not_open,         // before opens_at
  closed,           // at or after closes_at
  per_buyer_limit,  // the buyer would exceed the limit
  key_reused,       // the buyer used this key for a different number of units
  queue_full,       // fair-start queue at its bound: ask again shortly
  // The client address would exceed its limit (DropTerms::per_address_limit).
  per_address_limit,
};

struct BuyRequest {
  Id buyer_id = 0;
  std::string idem_key = {};  // non-empty
  int units = 0;              // >= 1
  Id hold_id = 0;             // the id the hold gets if admitted (the caller generates ids)
  std::string address = {};   // the client's address ("" when unknown: not counted)
};

struct Decision {
  Verdict verdict = Verdict::sold_out;
  std::optional<Hold> hold;    // admitted, replayed (and queued: the entry's future hold id)
  std::int64_t remaining = 0;  // units left after the decision
};

// One decided entry of the fair-start draw, in lottery order.
struct DrawnEntry {
  BuyRequest request;
  Decision decision;
  std::size_t arrival = 0;  // its place in the entries draw() was given (arrival order)
  Id ticket = 0;            // the buyer's ticket: the id of their first entry there
};

// Counters for the drop page and the live stream.
struct Counts {
  std::int64_t stock = 0, sold = 0, held = 0, remaining = 0;
  std::int64_t queued = 0;
  bool operator==(const Counts&) const = default;
};

class Admission {
 public:
  // REQUIRES: terms valid (validate_terms() is ok).
  explicit Admission(DropTerms terms);

  // The rebuild at start: holds as stored (held and paid; released ones may be included and are
  // remembered only for their keys); `drawn` when the fair-start draw has already run.
  // REQUIRES: a fresh engine; the holds respect the promises above (asserted).
  void restore(const std::vector<Hold>& holds, bool drawn);

  // REQUIRES: !draw_due(now_us) (call draw() first, so no late request overtakes the entries).
  Decision buy(const BuyRequest& request, UnixMicros now_us);
  // Undo an admitted hold whose write failed: as if the request never came.
  void abandon(Id hold_id);

  // The fair-start draw over `entries` (every node's, in arrival order; their hold ids unique):
  // each buyer holds one ticket, named by the id of their first entry, and the entries are
  // decided in draw::ordering() of those tickets, as if they arrived at the end of the window.
  // Returns every entry's decision in drawn order and forgets this node's queue.
  // REQUIRES: draw_due(now_us).
  std::vector<DrawnEntry> draw(std::vector<BuyRequest> entries, UnixMicros now_us);
  // The draw's commit failed: its holds are abandoned and the draw is due again.
  void undo_draw(const std::vector<DrawnEntry>& drawn);
  // Another node published the draw: this engine takes the holds it made (those it does not
  // know yet; `grow_stock`: their units came with them, as from another node's lease) and
  // forgets its queue.
  void learn_draw(const std::vector<Hold>& holds, bool grow_stock);
  // A queued entry that will not be drawn (its write failed or found the draw published).
  void withdraw(Id buyer_id, const std::string& idem_key);
  // This node's queued entries in arrival order.
  const std::vector<BuyRequest>& queued() const { return queue_; }
  bool draw_due(UnixMicros now_us) const;
  // A fair-start drop whose draw has run (its seed may then be published).
  bool drawn() const { return terms_.fair_start_us > 0 && drawn_; }

  // A hold is paid (its units are sold) or released (cancelled; its units return). nullopt when
  // no such hold or it is not held (already paid or released).
  std::optional<Hold> pay(Id hold_id);
  std::optional<Hold> release(Id hold_id);
  // A paid hold is refunded: its units return to the pool and to the buyer's allowance (a
  // closed drop sells them no more). nullopt when no such hold or it is not paid.
  std::optional<Hold> refund(Id hold_id);
  // Held holds whose pay_by has passed, at most `max_holds`, oldest deadline first. Changes
  // nothing: the caller records the expiry, then release()s each (the database decides first).
  std::vector<Hold> overdue(UnixMicros now_us, int max_holds) const;
  // The next pay_by among held holds (for the expiry timer).
  std::optional<UnixMicros> next_deadline_us() const;

  // More stock for this engine (a new lease) or less (a lease returned). Returns false, and
  // changes nothing, when it would leave sold + held above stock.
  bool set_stock(std::int64_t stock);

  // A manager closes the drop early or extends it. REQUIRES: closes_at_us > opens_at_us.
  void set_closes_at(UnixMicros closes_at_us);

  DropState state(UnixMicros now_us) const;
  Counts counts() const;
  int units_of(Id buyer_id) const;
  int units_of_address(const std::string& address) const;
  const Hold* find(Id hold_id) const;
  const DropTerms& terms() const { return terms_; }

 private:
  Decision decide(const BuyRequest& request, UnixMicros now_us);
  void add_stored(const Hold& hold);  // a hold as the database holds it (restore, learn_draw)
  Decision admit(const BuyRequest& request, UnixMicros now_us);
  bool over_address_limit(const BuyRequest& request, int units_before) const;
  void give_back(Hold& hold);
  void drop_deadline(const Hold& hold);
  void check_invariants() const;

  DropTerms terms_;
  std::int64_t sold_ = 0, held_ = 0;
  std::unordered_map<Id, Hold> holds_;
  std::unordered_map<Id, int> units_by_buyer_;  // held + paid
  // Held + paid, by client address (not "").
  std::unordered_map<std::string, int> units_by_address_;
  std::map<std::pair<Id, std::string>, Id> hold_by_key_;
  std::multimap<UnixMicros, Id> deadlines_;  // pay_by -> held hold
  std::vector<BuyRequest> queue_;            // fair-start entries, in arrival order
  std::map<std::pair<Id, std::string>, std::size_t> queued_by_key_;  // -> index in queue_
  bool drawn_ = false;
};

}  // namespace sangsaeng::market
