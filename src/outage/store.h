// The outage program's SQL (migration 0300): statements run inside the caller's transaction
// (store::Db::write or read). SQLite and PostgreSQL alike. Infrastructure failures and
// constraint violations throw (soci::soci_error).
#pragma once

#include <soci/soci.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/cursor.h"
#include "outage/terms.h"
#include "outage/types.h"

namespace sangsaeng::outage {

void insert_terms(soci::session& s, const Terms& terms, Id created_by, UnixMicros now_us);
std::vector<Terms> all_terms(soci::session& s);  // oldest effective date first

// Inserts the line, or updates the line with the same ref (product, fees, area, merchant flag,
// customer); returns its id.
Id upsert_line(soci::session& s, const ServiceLine& line, UnixMicros now_us);
std::optional<ServiceLine> find_line(soci::session& s, Id id);
std::vector<ServiceLine> lines_by_ids(soci::session& s, const std::vector<Id>& ids);
std::vector<ServiceLine> lines_in_area(soci::session& s, const std::string& area);
Page<ServiceLine> page_lines(soci::session& s, std::optional<Id> customer_id,
                             std::optional<Id> after, int limit);
// Names each line's bill-credit account (line id, account id), before it is opened in the books.
void set_line_accounts(soci::session& s, const std::vector<std::pair<Id, Id>>& line_accounts);

// False (nothing written) when another outage has the event's incident_ref.
bool insert_event(soci::session& s, const Event& event);
std::optional<Event> find_event_by_incident(soci::session& s, const std::string& incident_ref);
// The ids of the lines with these refs (refs without a line are missing from the map).
std::map<std::string, Id> line_ids_by_refs(soci::session& s, const std::vector<std::string>& refs);
// Rewrites the event's fields and its explicit lines (a correction).
void update_event(soci::session& s, const Event& event);
void mark_settled(soci::session& s, Id event_id, int revision);
std::optional<Event> find_event(soci::session& s, Id id);
// Events whose time meets [from_us, to_us) (ongoing ones included), at most `limit`.
std::vector<Event> events_between(soci::session& s, UnixMicros from_us, UnixMicros to_us,
                                  int limit);
// Ended outages whose last revision is not settled, oldest first.
std::vector<Event> unsettled_events(soci::session& s, int limit);
// Newest first. REQUIRES: limit 1..200.
Page<Event> page_events(soci::session& s, std::optional<Id> before, int limit);

// What an outage owes a line, as last settled.
struct Owed {
  Id event_id = 0, line_id = 0;
  UnixMicros own_us = 0, qualifying_us = 0;
  std::int64_t refund_won = 0, voluntary_won = 0, damages_claimable_won = 0;
};
void upsert_results(soci::session& s, const std::vector<Owed>& owed, UnixMicros now_us);
// Lines that have a result for the event (to settle them again after a correction).
std::vector<Id> result_line_ids(soci::session& s, Id event_id);

struct Posting {
  Id id = 0;  // the ledger transfer's id
  Id event_id = 0, line_id = 0;
  Kind kind = Kind::refund;
  int seq = 0;
  std::int64_t amount_won = 0;  // signed
  bool posted = false;
};
void insert_postings(soci::session& s, const std::vector<Posting>& postings, UnixMicros now_us);
void mark_postings_posted(soci::session& s, const std::vector<Id>& ids);
std::vector<Posting> unposted_postings(soci::session& s, int limit);

// Per (event, line, kind): the sum paid and the last seq, for the given events and lines.
using PaidKey = std::tuple<Id, Id, Kind>;
struct Paid {
  std::int64_t amount_won = 0;
  int seq_max = 0;
};
std::map<PaidKey, Paid> paid(soci::session& s, const std::vector<Id>& event_ids,
                             const std::vector<Id>& line_ids);

void insert_claim(soci::session& s, Id event_id, Id line_id, Id user_id, UnixMicros now_us);
bool claimed(soci::session& s, Id event_id, Id line_id);
// The (event, line) pairs claimed, among the given events and lines.
std::set<std::pair<Id, Id>> claims(soci::session& s, const std::vector<Id>& event_ids,
                                   const std::vector<Id>& line_ids);
// The (event, line) pairs settled before: an outage keeps the lines it hit, even when a line
// later moves to another area.
std::set<std::pair<Id, Id>> results(soci::session& s, const std::vector<Id>& event_ids,
                                    const std::vector<Id>& line_ids);

// Compensations of an event (by line id, after `after`) or of a customer's lines (newest
// outage first), with what was paid. REQUIRES: limit 1..200.
Page<Compensation> event_compensations(soci::session& s, Id event_id, std::optional<Id> after,
                                       int limit);
std::vector<Compensation> line_compensations(soci::session& s, Id line_id, int limit);

// Totals of an event, by kind, over its lines.
struct Totals {
  std::int64_t lines = 0, compensated_lines = 0;  // lines hit; lines owed anything
  std::int64_t refund_won = 0, voluntary_won = 0, damages_claimable_won = 0, damages_paid_won = 0;
};
Totals event_totals(soci::session& s, Id event_id);

}  // namespace sangsaeng::outage
