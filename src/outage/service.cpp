#include "outage/service.h"

#include <algorithm>
#include <cassert>
#include <future>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/id.h"
#include "core/money.h"
#include "ledger/engine.h"
#include "outage/compensation.h"
#include "outbox/outbox.h"

namespace sangsaeng::outage {

namespace {

constexpr std::size_t kAreasMax = 200;
constexpr std::size_t kLineIdsMax = 10'000;
constexpr std::size_t kTextCharsMax = 500;
constexpr std::size_t kRefCharsMax = 64;
constexpr int kCustomerLinesMax = 50;
constexpr int kCompensationsPerLineMax = 100;

UnixMicros month_start(Month m) {
  return micros_from_civil(CivilTime{.year = m.year, .month = m.month, .day = 1},
                           kSeoulOffsetMinutes);
}
Month next_month(Month m) {
  return m.month == 12 ? Month{m.year + 1, 1} : Month{m.year, m.month + 1};
}

// A line's bill-credit account belongs to its customer when they have an account on the platform
// (they see it among their own), else to the line by its number (what an auditor can look up).
std::string line_owner(const ServiceLine& line) {
  return line.customer_id ? std::to_string(*line.customer_id) : "line:" + line.ref;
}

bool area_ok(const std::string& a) {
  return !a.empty() && a.size() <= kRefCharsMax && a.find(',') == std::string::npos;
}

// "11월 18일 14:10~17:40" (KST; the end's date when it differs).
std::string when_kst(const Event& e) {
  const CivilTime a = civil_from_micros(e.started_at_us, kSeoulOffsetMinutes);
  const CivilTime b = civil_from_micros(*e.ended_at_us, kSeoulOffsetMinutes);
  char out[64];
  if (a.year == b.year && a.month == b.month && a.day == b.day) {
    std::snprintf(out, sizeof out, "%d월 %d일 %02d:%02d~%02d:%02d", a.month, a.day, a.hour,
                  a.minute, b.hour, b.minute);
  } else {
    std::snprintf(out, sizeof out, "%d월 %d일 %02d:%02d~%d월 %d일 %02d:%02d", a.month, a.day,
                  a.hour, a.minute, b.month, b.day, b.hour, b.minute);
  }
  return out;
}

// The customer's notice of what an outage now gives their line (after a settlement changed it).
outbox::Message notice(const Event& e, const ServiceLine& line, const Entitlement& due,
                       bool claimed, Id first_posting_id, UnixMicros now_us) {
  std::string body = "[인터넷 장애 자동 보상] " + when_kst(e) + " 장애(" + e.cause + ")로 " +
                     line.ref + " 회선의 보상이 ";
  std::vector<std::string> parts;
  if (due.refund_won > 0) parts.push_back("요금 감액 " + format_krw(due.refund_won));
  if (due.voluntary_won > 0) parts.push_back("자율 보상 " + format_krw(due.voluntary_won));
  if (claimed && due.damages_claimable_won > 0) {
    parts.push_back("손해배상 " + format_krw(due.damages_claimable_won));
  }
  if (parts.empty()) {
    body += "정정되어, 이전에 드린 보상이 취소되었습니다. 문의: 고객센터 100번.";
  } else {
    body += "확정되었습니다: ";
    for (std::size_t i = 0; i < parts.size(); ++i) body += (i ? ", " : "") + parts[i];
    body += ". 신청하지 않으셔도 다음 청구서에 반영됩니다.";
    if (!claimed && due.damages_claimable_won > 0) {
      body += " 약관에 따른 손해배상 " + format_krw(due.damages_claimable_won) +
              "은 '내 장애 보상'에서 신청하실 수 있습니다.";
    }
  }
  const bool app = line.customer_id.has_value();
  return {.id = ids().next(),
          .dedup_key = "outage:" + std::to_string(e.id) + ":" + std::to_string(line.id) + ":" +
                       std::to_string(first_posting_id),
          .topic = "outage.compensated",
          .recipient_user_id = line.customer_id,
          .channel = app ? "app" : "bill",  // without an account: a line on the next bill
          .address = line.ref,
          .subject = "인터넷 장애 보상 안내",
          .body = std::move(body),
          .created_at_us = now_us};
}

}  // namespace

std::int32_t transfer_code(Kind kind) {
  switch (kind) {
    case Kind::refund:
      return 1;
    case Kind::voluntary:
      return 2;
    case Kind::damages:
      return 3;
  }
  return 1;
}

// The outages settled together with one: every ended outage in the KST months it touches,
// with the lines each hits and its terms.
struct OutageService::Window {
  struct Neighbour {
    Event event;
    const Terms* terms = nullptr;
    std::unordered_set<std::string> areas = {};
    std::unordered_set<Id> lines = {};
    bool hits(const ServiceLine& l) const { return areas.count(l.area) || lines.count(l.id); }
  };
  const Event& event(Id id) const {
    for (const Neighbour& n : neighbours) {
      if (n.event.id == id) return n.event;
    }
    assert(false && "an entitlement of an outage outside the window");
    return neighbours.front().event;
  }
  std::vector<Terms> versions;  // owns what Neighbour::terms points to
  std::vector<Neighbour> neighbours;
  std::vector<Id> event_ids;
};

OutageService::OutageService(store::Db& db, ledger::Engine& ledger, OutageOptions options)
    : db_(db), ledger_(ledger), accounts_(db, ledger), options_(std::move(options)) {
  db_.write([&](soci::session& s) {
    std::set<std::string> have;
    for (const Terms& t : all_terms(s)) have.insert(t.code);
    for (Terms t : shipped_terms()) {
      if (have.count(t.code)) continue;
      t.id = ids().next();
      insert_terms(s, t, 0, options_.clock());
    }
  });
}

std::vector<Terms> OutageService::terms() {
  return db_.read([&](soci::session& s) { return all_terms(s); });
}

Result<Terms> OutageService::add_terms(Terms terms, Id actor_id) {
  if (Status st = validate_terms(terms); !st.ok()) return st;
  terms.id = ids().next();
  const bool added = db_.write([&](soci::session& s) {
    for (const Terms& t : all_terms(s)) {
      if (t.code == terms.code) return false;
    }
    insert_terms(s, terms, actor_id, options_.clock());
    return true;
  });
  if (!added) {
    return Status(Code::conflict, "terms-code-in-use", "A terms version with this code exists");
  }
  return terms;
}

Result<std::vector<Id>> OutageService::upsert_lines(const std::vector<ServiceLine>& lines) {
  std::vector<FieldError> errors;
  if (lines.empty() || lines.size() > static_cast<std::size_t>(options_.lines_per_call_max)) {
    return Status::invalid("lines",
                           "1 to " + std::to_string(options_.lines_per_call_max) + " lines");
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ServiceLine& l = lines[i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    if (l.ref.empty() || l.ref.size() > kRefCharsMax)
      errors.push_back({at + "ref", "1 to 64 characters"});
    if (l.product.empty() || l.product.size() > kTextCharsMax)
      errors.push_back({at + "product", "1 to 500 characters"});
    if (!area_ok(l.area)) errors.push_back({at + "area", "1 to 64 characters, no comma"});
    if (l.monthly_fee_won < 0 || l.monthly_fee_won > 10'000'000)
      errors.push_back({at + "monthly_fee_won", "0 to 10,000,000 won"});
    if (l.addons_won < 0 || l.addons_won > 10'000'000)
      errors.push_back({at + "addons_won", "0 to 10,000,000 won"});
    if (errors.size() >= 20) break;  // enough to fix a file; the rest after
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const UnixMicros now = options_.clock();
  return db_.write([&](soci::session& s) {
    std::vector<Id> out;
    for (ServiceLine l : lines) {
      l.id = ids().next();
      out.push_back(upsert_line(s, l, now));
    }
    return out;
  });
}

std::optional<ServiceLine> OutageService::find_line(Id id) {
  return db_.read([&](soci::session& s) { return outage::find_line(s, id); });
}

Page<ServiceLine> OutageService::lines(std::optional<Id> customer_id, std::optional<Id> after,
                                       int limit) {
  return db_.read([&](soci::session& s) { return page_lines(s, customer_id, after, limit); });
}

Status OutageService::validate(const Event& e, UnixMicros now_us) {
  std::vector<FieldError> errors;
  if (e.ended_at_us && *e.ended_at_us <= e.started_at_us) {
    errors.push_back({"ended_at", "must be after started_at"});
  }
  if (e.started_at_us > now_us) errors.push_back({"started_at", "must not be in the future"});
  if (e.ended_at_us && *e.ended_at_us > now_us) {
    errors.push_back({"ended_at", "must not be in the future"});
  }
  if (e.ended_at_us && *e.ended_at_us - e.started_at_us > options_.outage_length_max_us) {
    errors.push_back({"ended_at", "an outage of more than a year"});
  }
  if (e.cause.empty() || e.cause.size() > kTextCharsMax) {
    errors.push_back({"cause", "1 to 500 characters"});
  }
  if (e.areas.empty() && e.line_ids.empty()) {
    errors.push_back({"areas", "name the affected areas or lines"});
  }
  if (e.areas.size() > kAreasMax) errors.push_back({"areas", "at most 200 areas"});
  for (const std::string& a : e.areas) {
    if (!area_ok(a)) errors.push_back({"areas", "1 to 64 characters each, no comma"});
  }
  if (e.line_ids.size() > kLineIdsMax) errors.push_back({"line_ids", "at most 10,000 lines"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  return db_.read([&](soci::session& s) {
    if (lines_by_ids(s, e.line_ids).size() != e.line_ids.size()) {
      return Status::invalid("line_ids", "a line that does not exist");
    }
    const auto all = all_terms(s);
    if (e.terms_id &&
        std::none_of(all.begin(), all.end(), [&](const Terms& t) { return t.id == *e.terms_id; })) {
      return Status::invalid("terms_id", "no terms version with this id");
    }
    if (!e.terms_id && in_force(all, e.started_at_us) == nullptr) {
      return Status::invalid("terms_id", "no terms version was in force at started_at; name one");
    }
    return Status::ok_status();
  });
}

Result<Event> OutageService::report(Event event, Id actor_id) {
  const UnixMicros now = options_.clock();
  std::sort(event.line_ids.begin(), event.line_ids.end());
  event.line_ids.erase(std::unique(event.line_ids.begin(), event.line_ids.end()),
                       event.line_ids.end());
  if (Status st = validate(event, now); !st.ok()) return st;
  event.id = ids().next();
  event.revision = 1;
  event.settled_revision = 0;
  event.created_by = actor_id;
  event.created_at_us = event.updated_at_us = now;
  if (!db_.write([&](soci::session& s) { return insert_event(s, event); })) {
    return Status(Code::conflict, "incident-exists",
                  "An outage with incident " + event.incident_ref + " is recorded already");
  }
  return settled(event);
}

std::string_view to_string(ImportedIncident::Action action) {
  switch (action) {
    case ImportedIncident::Action::reported:
      return "reported";
    case ImportedIncident::Action::corrected:
      return "corrected";
    case ImportedIncident::Action::unchanged:
      return "unchanged";
  }
  return "reported";
}

Result<ImportedIncident> OutageService::plan_incident(Incident row, UnixMicros now_us) {
  Event& e = row.event;
  if (e.incident_ref.empty() || e.incident_ref.size() > 64) {
    return Status::invalid("incident_ref", "1 to 64 characters");
  }
  const auto [known, ids] = db_.read([&](soci::session& s) {
    return std::pair(find_event_by_incident(s, e.incident_ref), line_ids_by_refs(s, row.line_refs));
  });
  for (const std::string& ref : row.line_refs) {
    auto it = ids.find(ref);
    if (it == ids.end()) return Status::invalid("line_refs", "no line " + ref);
    e.line_ids.push_back(it->second);
  }
  std::sort(e.line_ids.begin(), e.line_ids.end());
  e.line_ids.erase(std::unique(e.line_ids.begin(), e.line_ids.end()), e.line_ids.end());
  if (!known) {
    if (Status st = validate(e, now_us); !st.ok()) return st;
    return ImportedIncident{.action = ImportedIncident::Action::reported, .event = std::move(e)};
  }
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (sorted(known->areas) != sorted(e.areas) || known->line_ids != e.line_ids) {
    return Status::invalid("areas", "outage " + id_to_string(known->id) +
                                        " of this incident hits other areas or lines; correct it "
                                        "by hand");
  }
  if (known->ended_at_us && !e.ended_at_us) {
    return Status::invalid("ended_at", "outage " + id_to_string(known->id) +
                                           " of this incident has ended; reopen it by hand");
  }
  const bool same = known->started_at_us == e.started_at_us &&
                    known->ended_at_us == e.ended_at_us && known->cause == e.cause &&
                    known->gross_negligence == e.gross_negligence;
  Event merged = *known;
  merged.started_at_us = e.started_at_us;
  merged.ended_at_us = e.ended_at_us;
  merged.cause = e.cause;
  merged.gross_negligence = e.gross_negligence;
  if (!same) {
    if (Status st = validate(merged, now_us); !st.ok()) return st;
  }
  return ImportedIncident{
      .action = same ? ImportedIncident::Action::unchanged : ImportedIncident::Action::corrected,
      .event = std::move(merged)};
}

Result<std::vector<ImportedIncident>> OutageService::import_incidents(std::vector<Incident> rows,
                                                                      Id actor_id) {
  if (rows.empty() || rows.size() > kIncidentsPerImportMax) {
    return Status::invalid("rows", "1 to 500 outages");
  }
  const UnixMicros now = options_.clock();
  std::vector<ImportedIncident> plan;
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  constexpr std::size_t kErrorsMax = 20;
  for (std::size_t i = 0; i < rows.size() && errors.size() < kErrorsMax; ++i) {
    const std::string at = "rows[" + std::to_string(i) + "]";
    if (!seen.insert(rows[i].event.incident_ref).second) {
      errors.push_back({at + ".incident_ref", "appears twice in the import"});
      continue;
    }
    auto planned = plan_incident(std::move(rows[i]), now);
    if (!planned.ok()) {
      for (const FieldError& f : planned.status().fields()) {
        errors.push_back({at + "." + f.field, f.message});
      }
      if (planned.status().fields().empty()) errors.push_back({at, planned.status().message()});
      continue;
    }
    plan.push_back(std::move(planned).value());
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  for (ImportedIncident& p : plan) {
    Result<Event> done = p.event;
    if (p.action == ImportedIncident::Action::reported) done = report(p.event, actor_id);
    if (p.action == ImportedIncident::Action::corrected) {
      done = correct(p.event.id, Correction{.started_at_us = p.event.started_at_us,
                                            .ended_at_us = p.event.ended_at_us,
                                            .cause = p.event.cause,
                                            .gross_negligence = p.event.gross_negligence});
    }
    // Checked above; a failure now is another writer's (the same incident reported meanwhile).
    if (!done.ok()) return done.status();
    p.event = std::move(done).value();
  }
  return plan;
}

Result<Event> OutageService::correct(Id event_id, const Correction& c) {
  auto event = find_event(event_id);
  if (!event) return Status::not_found("No outage with this id");
  if (c.started_at_us) event->started_at_us = *c.started_at_us;
  if (c.ended_at_us) event->ended_at_us = *c.ended_at_us;
  if (c.cause) event->cause = *c.cause;
  if (c.gross_negligence) event->gross_negligence = *c.gross_negligence;
  if (c.terms_id) event->terms_id = *c.terms_id;
  const UnixMicros now = options_.clock();
  if (Status st = validate(*event, now); !st.ok()) return st;
  event->revision += 1;
  event->updated_at_us = now;
  db_.write([&](soci::session& s) { update_event(s, *event); });
  return settled(*event);
}

Event OutageService::settled(const Event& event) {
  if (!event.ended_at_us) return event;
  // The outage is recorded; a settlement that fails now (the books are down, another node
  // settles) is finished by settle_pending.
  (void)settle(event.id);
  return find_event(event.id).value_or(event);
}

Result<int> OutageService::settle_pending(int limit) {
  const auto pending = db_.read([&](soci::session& s) { return unsettled_events(s, limit); });
  int settled_count = 0;
  for (const Event& e : pending) {
    auto r = settle(e.id);
    if (!r.ok() && r.status().code() != Code::failed_precondition) return r.status();
    settled_count += r.ok() ? 1 : 0;
  }
  return settled_count;
}

Result<OutageService::Window> OutageService::window_of(const Event& event) {
  assert(event.ended_at_us);
  Window w;
  const UnixMicros from_us = month_start(month_of(event.started_at_us));
  const UnixMicros to_us = month_start(next_month(month_of(*event.ended_at_us - 1)));
  std::vector<Event> found = db_.read([&](soci::session& s) {
    w.versions = all_terms(s);
    return events_between(s, from_us, to_us, options_.events_in_window_max);
  });
  // The window's events must include the one settled even at the bound.
  if (std::none_of(found.begin(), found.end(), [&](const Event& e) { return e.id == event.id; })) {
    found.push_back(event);
  }
  for (Event& e : found) {
    if (!e.ended_at_us) continue;  // ongoing: its time is not known yet
    const Terms* terms = nullptr;
    if (e.terms_id) {
      for (const Terms& t : w.versions) {
        if (t.id == *e.terms_id) terms = &t;
      }
    } else {
      terms = in_force(w.versions, e.started_at_us);
    }
    if (terms == nullptr) {
      if (e.id == event.id) {
        return Status(Code::failed_precondition, "no-terms",
                      "No terms version was in force when this outage started; name one");
      }
      continue;
    }
    Window::Neighbour n{.event = e, .terms = terms};
    n.areas.insert(e.areas.begin(), e.areas.end());
    n.lines.insert(e.line_ids.begin(), e.line_ids.end());
    w.event_ids.push_back(e.id);
    w.neighbours.push_back(std::move(n));
  }
  return w;
}

Result<Settlement> OutageService::settle(Id event_id) {
  std::lock_guard lock(settle_mu_);
  const auto event = find_event(event_id);
  if (!event) return Status::not_found("No outage with this id");
  if (!event->ended_at_us) {
    return Status(Code::failed_precondition, "outage-ongoing",
                  "The outage has not ended; it is settled when it ends");
  }
  return settle_locked(*event);
}

Result<Settlement> OutageService::settle_locked(const Event& event) {
  auto window = window_of(event);
  if (!window.ok()) return window.status();
  // The lines it hits, and those it hit when last settled (a line moved since keeps its due).
  std::vector<ServiceLine> lines = db_.read([&](soci::session& s) {
    std::map<Id, ServiceLine> by_id;
    for (const std::string& a : event.areas) {
      for (ServiceLine& l : lines_in_area(s, a)) by_id.emplace(l.id, std::move(l));
    }
    std::vector<Id> more = event.line_ids;
    for (Id id : result_line_ids(s, event.id)) more.push_back(id);
    std::erase_if(more, [&](Id id) { return by_id.count(id) > 0; });
    for (ServiceLine& l : lines_by_ids(s, more)) by_id.emplace(l.id, std::move(l));
    std::vector<ServiceLine> out;
    out.reserve(by_id.size());
    for (auto& [id, l] : by_id) out.push_back(std::move(l));
    return out;
  });
  Settlement out{.event_id = event.id, .revision = event.revision};
  const std::size_t batch = static_cast<std::size_t>(options_.lines_per_batch);
  // Postings the books confirmed, marked in the next batch's commit rather than one of their own
  // (a crash before that mark sends them again; the books answer "exists").
  // One batch's postings are with the books while the next batch is computed and recorded (on
  // PostgreSQL both commit at once; on SQLite the computing overlaps).
  std::vector<Id> confirmed;
  InFlight in_flight;
  for (std::size_t i = 0; i < lines.size(); i += batch) {
    std::vector<ServiceLine> chunk(lines.begin() + i,
                                   lines.begin() + std::min(lines.size(), i + batch));
    InFlight next;
    if (Status st = settle_lines(window.value(), std::move(chunk), confirmed, next, out);
        !st.ok()) {
      return st;
    }
    if (Status st = await(in_flight); !st.ok()) return st;
    confirmed.insert(confirmed.end(), in_flight.posting_ids.begin(), in_flight.posting_ids.end());
    in_flight = std::move(next);
  }
  if (Status st = await(in_flight); !st.ok()) return st;
  confirmed.insert(confirmed.end(), in_flight.posting_ids.begin(), in_flight.posting_ids.end());
  db_.write([&](soci::session& s) {
    mark_postings_posted(s, confirmed);
    mark_settled(s, event.id, event.revision);
  });
  return out;
}

Status OutageService::settle_lines(const Window& w, std::vector<ServiceLine> lines,
                                   std::vector<Id>& confirmed, InFlight& in_flight,
                                   Settlement& out) {
  const UnixMicros now = options_.clock();
  std::vector<Id> line_ids;
  for (const ServiceLine& l : lines) line_ids.push_back(l.id);
  std::map<PaidKey, Paid> paid_now;
  std::set<std::pair<Id, Id>> claimed, settled_before;
  db_.read([&](soci::session& s) {
    paid_now = paid(s, w.event_ids, line_ids);
    claimed = claims(s, w.event_ids, line_ids);
    settled_before = results(s, w.event_ids, line_ids);
  });
  std::vector<Owed> owed;
  std::vector<Posting> postings;
  std::vector<outbox::Message> notices;
  std::vector<ServiceLine> new_accounts;  // lines whose account this batch names and opens
  std::unordered_map<Id, Id> account_of;  // line -> account, for its postings
  for (ServiceLine& line : lines) {
    std::vector<Hit> hits;
    for (const Window::Neighbour& n : w.neighbours) {
      if (!n.hits(line) && !settled_before.count({n.event.id, line.id})) continue;
      const UnixMicros length_us = *n.event.ended_at_us - n.event.started_at_us;
      hits.push_back({.event_id = n.event.id,
                      .interval = {n.event.started_at_us, *n.event.ended_at_us},
                      .terms = n.terms,
                      .gross_negligence = n.event.gross_negligence,
                      .event_longest_us = length_us});
    }
    const std::vector<Entitlement> due = entitlements(
        {.id = line.id, .monthly_fee_won = line.fee_won(), .small_merchant = line.small_merchant},
        hits);
    bool posts = false;
    for (const Entitlement& e : due) {
      owed.push_back({e.event_id, line.id, e.own_us, e.qualifying_us, e.refund_won, e.voluntary_won,
                      e.damages_claimable_won});
      const bool has_claim = claimed.count({e.event_id, line.id}) > 0;
      const std::size_t postings_before = postings.size();
      const std::pair<Kind, std::int64_t> targets[] = {
          {Kind::refund, e.refund_won},
          {Kind::voluntary, e.voluntary_won},
          {Kind::damages, has_claim ? e.damages_claimable_won : 0}};
      for (auto [kind, target_won] : targets) {
        const auto it = paid_now.find({e.event_id, line.id, kind});
        const Paid before = it == paid_now.end() ? Paid{} : it->second;
        if (target_won == before.amount_won) continue;
        postings.push_back({.id = ids().next(),
                            .event_id = e.event_id,
                            .line_id = line.id,
                            .kind = kind,
                            .seq = before.seq_max + 1,
                            .amount_won = target_won - before.amount_won});
        posts = true;
      }
      if (postings.size() > postings_before) {
        notices.push_back(
            notice(w.event(e.event_id), line, e, has_claim, postings[postings_before].id, now));
      }
    }
    if (posts && !line.account_id) {
      line.account_id = ids().next();
      new_accounts.push_back(line);
    }
    if (posts) account_of[line.id] = *line.account_id;
  }
  try {
    db_.write([&](soci::session& s) {
      std::vector<std::pair<Id, Id>> named;
      for (const ServiceLine& l : new_accounts) named.emplace_back(l.id, *l.account_id);
      set_line_accounts(s, named);
      upsert_results(s, owed, now);
      insert_postings(s, postings, now);
      outbox::enqueue_all(s, notices);
      mark_postings_posted(s, confirmed);
    });
    confirmed.clear();
  } catch (const soci::soci_error&) {
    // Most likely another process posted the same difference first (the postings' key).
    return Status(Code::unavailable, "settlement-busy",
                  "Another settlement of these lines ran at the same time; settle again");
  }
  auto submitted = submit(postings, new_accounts, account_of);
  if (!submitted.ok()) return submitted.status();
  in_flight = std::move(submitted).value();
  out.lines += static_cast<std::int64_t>(lines.size());
  out.postings += static_cast<std::int64_t>(postings.size());
  for (const Posting& p : postings) {
    (p.kind == Kind::refund      ? out.refund_won
     : p.kind == Kind::voluntary ? out.voluntary_won
                                 : out.damages_won) += p.amount_won;
  }
  return Status::ok_status();
}

Result<OutageService::InFlight> OutageService::submit(
    const std::vector<Posting>& postings, const std::vector<ServiceLine>& new_accounts,
    const std::unordered_map<Id, Id>& account_of) {
  InFlight out;
  if (postings.empty()) return out;
  auto budget = accounts_.find_or_open({.owner_kind = ledger::OwnerKind::program,
                                        .owner_ref = "outage",
                                        .code = kCompensationBudget});
  if (!budget.ok()) return budget.status();
  // Every batch is submitted before any answer is awaited, so the books' writer commits them
  // back to back. It applies commands in order, so the transfers find the accounts opened
  // before them; if an account batch fails, the transfers naming it fail too and are sent again
  // by post_unposted.
  const std::size_t batch = ledger::kBatchEventsMax;
  for (std::size_t i = 0; i < new_accounts.size(); i += batch) {
    std::vector<ledger::Account> open;
    for (std::size_t k = i; k < std::min(new_accounts.size(), i + batch); ++k) {
      open.push_back({.id = *new_accounts[k].account_id,
                      .ledger = ledger::kLedgerKrw,
                      .code = kLineBillCredit,
                      .owner_kind = ledger::OwnerKind::customer,
                      .owner_ref = line_owner(new_accounts[k])});
    }
    out.opening.push_back(ledger_.create_accounts(std::move(open)));
  }
  for (std::size_t i = 0; i < postings.size(); i += batch) {
    std::vector<ledger::Transfer> transfers;
    for (std::size_t k = i; k < std::min(postings.size(), i + batch); ++k) {
      const Posting& p = postings[k];
      assert(account_of.count(p.line_id));
      const Id line_account = account_of.at(p.line_id);
      const bool up = p.amount_won > 0;
      transfers.push_back({.id = p.id,
                           .debit_account_id = up ? budget.value() : line_account,
                           .credit_account_id = up ? line_account : budget.value(),
                           .amount = up ? p.amount_won : -p.amount_won,
                           .ledger = ledger::kLedgerKrw,
                           .code = transfer_code(p.kind),
                           .reference = "outage:" + std::to_string(p.event_id)});
    }
    out.posting.push_back(ledger_.create_transfers(std::move(transfers)));
  }
  for (const Posting& p : postings) out.posting_ids.push_back(p.id);
  return out;
}

Status OutageService::await(InFlight& in_flight) {
  Status status = Status::ok_status();
  for (auto& opened : in_flight.opening) {
    auto r = opened.get();  // every future is awaited: its callback must not outlive us
    if (!status.ok()) continue;
    if (!r.ok()) status = Status(Code::unavailable, "books-unavailable", r.status().message());
    for (const auto& a : r.ok() ? r.value() : std::vector<ledger::AccountResult>{}) {
      if (!ledger::succeeded(a.code) && status.ok()) {
        status = Status(Code::internal, "books-refused", "The books refused a line's account");
      }
    }
  }
  for (auto& posted : in_flight.posting) {
    auto r = posted.get();
    if (!status.ok()) continue;
    if (!r.ok()) status = Status(Code::unavailable, "books-unavailable", r.status().message());
    for (const auto& t : r.ok() ? r.value() : std::vector<ledger::TransferResult>{}) {
      if (!ledger::succeeded(t.code) && status.ok()) {
        status =
            Status(Code::internal, "books-refused",
                   "The books refused a compensation: " + std::string(ledger::to_string(t.code)));
      }
    }
  }
  return status;
}

Result<int> OutageService::post_unposted(int limit) {
  std::lock_guard lock(settle_mu_);
  const auto postings = db_.read([&](soci::session& s) { return unposted_postings(s, limit); });
  // Their lines' accounts may not be in the books yet (a crash right after they were named).
  std::vector<Id> line_ids;
  for (const Posting& p : postings) line_ids.push_back(p.line_id);
  std::sort(line_ids.begin(), line_ids.end());
  line_ids.erase(std::unique(line_ids.begin(), line_ids.end()), line_ids.end());
  std::vector<ServiceLine> accounts;
  std::unordered_map<Id, Id> account_of;
  for (ServiceLine& l : db_.read([&](soci::session& s) { return lines_by_ids(s, line_ids); })) {
    assert(l.account_id);  // named in the transaction that recorded its postings
    account_of[l.id] = *l.account_id;
    accounts.push_back(std::move(l));
  }
  auto submitted = submit(postings, accounts, account_of);
  if (!submitted.ok()) return submitted.status();
  if (Status st = await(submitted.value()); !st.ok()) return st;
  db_.write([&](soci::session& s) { mark_postings_posted(s, submitted.value().posting_ids); });
  return static_cast<int>(postings.size());
}

Result<Compensation> OutageService::claim(Id event_id, Id line_id, Id user_id) {
  const auto line = find_line(line_id);
  if (!line || line->customer_id != user_id) return Status::not_found("No such line of yours");
  const auto found = db_.read([&](soci::session& s) {
    auto all = line_compensations(s, line_id, kCompensationsPerLineMax);
    std::optional<Compensation> c;
    for (auto& x : all) {
      if (x.event_id == event_id) c = std::move(x);
    }
    return c;
  });
  if (!found || found->own_us == 0) return Status::not_found("This outage did not touch the line");
  if (found->damages_claimable_won == 0) {
    return Status(Code::failed_precondition, "nothing-to-claim",
                  "The terms give no damages to claim for this outage");
  }
  const UnixMicros now = options_.clock();
  db_.write([&](soci::session& s) { insert_claim(s, event_id, line_id, user_id, now); });
  if (auto settled = settle(event_id); !settled.ok()) return settled.status();
  return db_.read([&](soci::session& s) {
    for (auto& x : line_compensations(s, line_id, kCompensationsPerLineMax)) {
      if (x.event_id == event_id) return x;
    }
    return *found;
  });
}

std::optional<Event> OutageService::find_event(Id id) {
  return db_.read([&](soci::session& s) { return outage::find_event(s, id); });
}

Page<Event> OutageService::events(std::optional<Id> before, int limit) {
  return db_.read([&](soci::session& s) { return page_events(s, before, limit); });
}

Totals OutageService::totals(Id event_id) {
  return db_.read([&](soci::session& s) { return event_totals(s, event_id); });
}

Page<Compensation> OutageService::compensations(Id event_id, std::optional<Id> after, int limit) {
  return db_.read([&](soci::session& s) { return event_compensations(s, event_id, after, limit); });
}

std::vector<OutageService::LineCompensations> OutageService::customer_compensations(Id user_id) {
  return db_.read([&](soci::session& s) {
    std::vector<LineCompensations> out;
    for (ServiceLine& l : page_lines(s, user_id, std::nullopt, kCustomerLinesMax).items) {
      auto list = line_compensations(s, l.id, kCompensationsPerLineMax);
      std::erase_if(list, [](const Compensation& c) { return c.own_us == 0; });
      out.push_back({std::move(l), std::move(list)});
    }
    return out;
  });
}

}  // namespace sangsaeng::outage
