#include "grants/service.h"

#include <algorithm>
#include <cassert>

#include "accounts/phone.h"
#include "accounts/service.h"  // append_audit
#include "core/id.h"
#include "core/json.h"  // utf8_length
#include "grants/store.h"
#include "ledger/engine.h"
#include "ledger/queries.h"
#include "uploads/store.h"

namespace sangsaeng::grants {

namespace {

constexpr std::size_t kNameCharsMax = 50;
constexpr std::size_t kTextCharsMax = 500;
constexpr std::size_t kSaleIdCharsMax = 64;
constexpr std::int64_t kLineWonMax = 10'000'000'000;  // a day of a large hall, with margin
constexpr int kTicketsMax = 100'000;
constexpr int kMineMax = 50;
constexpr int kMonthsMax = 24;
constexpr int kPaidTimesMax = 100'000;
constexpr int kChildAgeYearsMax = 19;  // 아동: under 19 (the child welfare act's bound is 18)

// "YYYY-MM-DD" of a Seoul calendar day.
std::string kst_date(UnixMicros at_us) {
  return format_date(civil_from_micros(at_us, kSeoulOffsetMinutes));
}

bool is_date(const std::string& text) {
  return text.size() == 10 && parse_date(text).has_value();
}

Status books_unavailable(const Status& cause) {
  return Status(Code::unavailable, "books-unavailable", cause.message());
}

bool text_ok(const std::string& text, std::size_t max) {
  return !text.empty() && text.size() <= max * 4 && utf8_length(text) <= max;
}

}  // namespace

GrantService::GrantService(store::Db& db, ledger::Engine& ledger, GrantOptions options)
    : db_(db), ledger_(ledger), options_(std::move(options)) {}

// --- the fund ------------------------------------------------------------------------------

Result<GrantService::Accounts> GrantService::accounts_of(const std::string& fund_id) {
  std::lock_guard lock(mu_);
  if (auto it = accounts_.find(fund_id); it != accounts_.end()) return it->second;
  auto fund = db_.read([&](soci::session& s) { return find_fund(s, fund_id); });
  if (!fund) return Status::not_found("No fund with this id");
  if (!fund->account_id) {
    // The first caller (of any node) names the ids; the others read the winner's.
    db_.write([&](soci::session& s) {
      name_fund_accounts(s, fund_id, ids().next(), ids().next(), ids().next());
    });
    fund = db_.read([&](soci::session& s) { return find_fund(s, fund_id); });
  }
  assert(fund && fund->account_id && fund->revenue_account_id && fund->payout_account_id);
  namespace af = ledger::account_flags;
  std::vector<ledger::Account> open = {{.id = *fund->account_id,
                                        .ledger = ledger::kLedgerKrw,
                                        .code = kFundAccount,
                                        .owner_kind = ledger::OwnerKind::fund,
                                        .owner_ref = fund->program,
                                        .flags = af::kDebitsMustNotExceedCredits},
                                       {.id = *fund->revenue_account_id,
                                        .ledger = ledger::kLedgerKrw,
                                        .code = kTicketSales,
                                        .owner_kind = ledger::OwnerKind::program,
                                        .owner_ref = fund->program},
                                       {.id = *fund->payout_account_id,
                                        .ledger = ledger::kLedgerKrw,
                                        .code = kGrantsPaid,
                                        .owner_kind = ledger::OwnerKind::program,
                                        .owner_ref = std::string(kGrantProgram)}};
  auto opened = ledger_.create_accounts(std::move(open)).get();
  if (!opened.ok()) return books_unavailable(opened.status());
  for (const auto& r : opened.value()) {
    if (!ledger::succeeded(r.code))
      return Status(Code::internal, "books-refused",
                    "The books refused the fund's account: " + std::string(to_string(r.code)));
  }
  Accounts a{.fund = *fund,
             .account = *fund->account_id,
             .revenue = *fund->revenue_account_id,
             .payout = *fund->payout_account_id};
  accounts_[fund_id] = a;
  return a;
}

Result<FundView> GrantService::fund(const std::string& fund_id) {
  auto accounts = accounts_of(fund_id);
  if (!accounts.ok()) return accounts.status();
  return db_.read([&](soci::session& s) {
    FundView v{.fund = accounts->fund};
    if (auto a = ledger::find_account(s, accounts->account)) {
      v.balance_won = a->balances.credits_posted - a->balances.debits_posted;
      v.reserved_won = a->balances.debits_pending;
    }
    if (auto p = ledger::find_account(s, accounts->payout)) v.paid_won = p->balances.credits_posted;
    v.inflow_won = revenue_total(s, fund_id);
    v.inflow_months = revenue_months(s, fund_id, kMonthsMax);
    const auto counts = money_counts(s, fund_id);
    const auto count = [&](Money m) {
      const auto it = counts.find(m);
      return it == counts.end() ? 0 : it->second;
    };
    v.grants_reserved = count(Money::reserved) + count(Money::paying);
    v.grants_paid = count(Money::paid);
    v.grants_released = count(Money::released);
    return v;
  });
}

Result<RevenueResult> GrantService::credit_revenue(const std::string& fund_id,
                                                   const std::vector<RevenueLine>& lines,
                                                   Id actor_id) {
  if (lines.empty() || lines.size() > options_.revenue_lines_per_call_max)
    return Status::invalid(
        "lines", "1 to " + std::to_string(options_.revenue_lines_per_call_max) + " lines");
  const UnixMicros now = options_.clock();
  const std::string today = kst_date(now);
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < lines.size() && errors.size() < 20; ++i) {
    const RevenueLine& l = lines[i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    if (l.sale_id && (l.sale_id->empty() || l.sale_id->size() > kSaleIdCharsMax))
      errors.push_back({at + "sale_id", "1 to 64 characters"});
    if (!is_date(l.sold_on) || l.sold_on > today)
      errors.push_back({at + "sold_on", "a date (YYYY-MM-DD), not in the future"});
    if (l.amount_won <= 0 || l.amount_won > kLineWonMax)
      errors.push_back({at + "amount_won", "1 to 10,000,000,000 won"});
    if (l.title.size() > kTextCharsMax) errors.push_back({at + "title", "at most 500 bytes"});
    if (l.tickets < 0 || l.tickets > kTicketsMax)
      errors.push_back({at + "tickets", "0 to 100,000"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  auto accounts = accounts_of(fund_id);
  if (!accounts.ok()) return accounts.status();
  RevenueResult out;
  db_.write([&](soci::session& s) {
    out = {};
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const RevenueLine& l = lines[i];
      RevenueRow row{.id = ids().next(),
                     .fund_id = fund_id,
                     .source_key = source_key(l),
                     .line = l,
                     .created_by = actor_id,
                     .created_at_us = now};
      const DayKind kind = l.sale_id ? DayKind::sales : DayKind::total;
      const bool mixed = claim_day(s, fund_id, l.sold_on, kind) != kind;
      if (!mixed && insert_revenue(s, row)) {
        out.outcomes.push_back(LineOutcome::credited);
        out.credited_won += l.amount_won;
        continue;
      }
      const auto had = revenue_amount(s, fund_id, row.source_key);
      if (had && *had == l.amount_won) {
        out.outcomes.push_back(LineOutcome::duplicate);
        continue;
      }
      out.outcomes.push_back(LineOutcome::conflict);
      out.conflicts.push_back(
          "lines[" + std::to_string(i) + "]: " +
          (had ? "credited before with another amount (" + std::to_string(*had) + " won)"
               : std::string(l.sale_id ? "the day was credited as a total"
                                       : "the day was credited sale by sale")));
    }
  });
  if (Status posted = post_revenue(accounts.value()); !posted.ok()) return posted;
  return out;
}

Status GrantService::post_revenue(const Accounts& a) {
  // Bounded: each round posts what an earlier call or this one recorded.
  const std::size_t rounds_max = options_.revenue_lines_per_call_max / ledger::kBatchEventsMax + 2;
  for (std::size_t round = 0; round < rounds_max; ++round) {
    const auto rows = db_.read([&](soci::session& s) {
      return unposted_revenue(s, a.fund.id, static_cast<int>(ledger::kBatchEventsMax));
    });
    if (rows.empty()) return Status::ok_status();
    std::vector<ledger::Transfer> transfers;
    std::vector<Id> posted;
    for (const RevenueRow& r : rows) {
      std::string reference = a.fund.id + ":" + r.source_key;
      reference.resize(std::min(reference.size(), ledger::kReferenceCharsMax));
      transfers.push_back({.id = r.id,
                           .debit_account_id = a.revenue,
                           .credit_account_id = a.account,
                           .amount = r.line.amount_won,
                           .ledger = ledger::kLedgerKrw,
                           .code = kRevenue,
                           .reference = std::move(reference)});
      posted.push_back(r.id);
    }
    auto result = ledger_.create_transfers(std::move(transfers)).get();
    if (!result.ok()) return books_unavailable(result.status());
    for (const auto& r : result.value()) {
      if (!ledger::succeeded(r.code))
        return Status(Code::internal, "books-refused",
                      "The books refused revenue: " + std::string(to_string(r.code)));
    }
    db_.write([&](soci::session& s) { mark_revenue_posted(s, posted); });
  }
  return Status::ok_status();
}

// --- applications --------------------------------------------------------------------------

Result<Report> GrantService::store_report(std::string_view bytes) {
  const auto type = uploads::sniff(bytes);
  const uploads::Kind kind =
      type == uploads::MediaType::pdf || !type ? uploads::Kind::document : uploads::Kind::image;
  auto prepared = uploads::prepare(kind, bytes, options_.uploads);
  if (!prepared.ok()) {
    if (prepared.status().code() == Code::unsupported_media_type)
      return Status(Code::unsupported_media_type, "unsupported-media-type",
                    "Send the report as a PDF, or a JPEG, PNG or WebP photo of it");
    return prepared.status();
  }
  // A photo keeps its large variant only: a report is read, never shown as a thumbnail.
  std::vector<uploads::Blob> blobs = std::move(prepared.value().blobs);
  blobs.resize(1);
  db_.write([&](soci::session& s) { uploads::save(s, blobs, options_.clock()); });
  return Report{.hash = blobs.front().hash, .media_type = blobs.front().media_type};
}

Status GrantService::validate(const Application& a) const {
  const std::string today = kst_date(options_.clock());
  std::vector<FieldError> errors;
  if (!text_ok(a.child_name, kNameCharsMax)) errors.push_back({"child_name", "1 to 50 characters"});
  if (!is_date(a.child_birth_date) || a.child_birth_date > today) {
    errors.push_back({"child_birth_date", "a date (YYYY-MM-DD), not in the future"});
  } else {
    auto born = parse_date(a.child_birth_date).value();
    born.year += kChildAgeYearsMax;
    if (format_date(born) <= today)
      errors.push_back({"child_birth_date", "the program helps children under 19"});
  }
  if (!text_ok(a.guardian_name, kNameCharsMax))
    errors.push_back({"guardian_name", "1 to 50 characters"});
  if (!text_ok(a.guardian_relation, 20))
    errors.push_back({"guardian_relation", "1 to 20 characters"});
  if (!accounts::normalize_korean_mobile(a.guardian_phone))
    errors.push_back({"guardian_phone", "a Korean mobile number (010-XXXX-XXXX)"});
  if (!text_ok(a.hospital, 100)) errors.push_back({"hospital", "1 to 100 characters"});
  if (!is_date(a.consent_on) || a.consent_on > today)
    errors.push_back({"consent_on", "the date of the guardian's consent, not in the future"});
  if (a.requested_won <= 0 || a.requested_won > options_.grant_won_max)
    errors.push_back({"requested_won", "1 to " + std::to_string(options_.grant_won_max) + " won"});
  if (!uploads::is_hash(a.report_hash)) errors.push_back({"report_id", "an uploaded report's id"});
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const auto type =
      db_.read([&](soci::session& s) { return uploads::media_type(s, a.report_hash); });
  if (!type) return Status::invalid("report_id", "no report with this id; upload it first");
  return Status::ok_status();
}

Result<Application> GrantService::apply(Application a) {
  a.guardian_phone = accounts::normalize_korean_mobile(a.guardian_phone).value_or(a.guardian_phone);
  if (Status st = validate(a); !st.ok()) return st;
  const UnixMicros now = options_.clock();
  a.id = ids().next();
  a.program = std::string(kGrantProgram);
  a.fund_id = "art-hall";
  a.stage = Stage::submitted;
  a.money = Money::none;
  a.granted_won = 0;
  a.reserve_id = a.pay_id = a.release_id = std::nullopt;
  a.paid_at_us = std::nullopt;
  a.reason.clear();
  a.version = 1;
  a.created_at_us = a.updated_at_us = now;
  db_.write([&](soci::session& s) {
    a.report_type = uploads::media_type(s, a.report_hash).value_or("application/octet-stream");
    insert_application(s, a);
  });
  return a;
}

Case GrantService::case_of(soci::session& s, Application a) {
  Case c{.application = std::move(a)};
  c.steps = steps_of(s, c.application.id);
  c.sessions = sessions_of(s, c.application.id);
  return c;
}

Result<Case> GrantService::read(Id id, const Reader& reader) {
  auto found = db_.write([&](soci::session& s) -> std::optional<Case> {
    auto a = find_application(s, id);
    if (!a || (!reader.reviewer && a->applicant_id != reader.user_id)) return std::nullopt;
    accounts::AuditEntry entry = reader.audit;
    entry.target = "grant-application:" + id_to_string(id);
    accounts::append_audit(s, entry);
    return case_of(s, std::move(*a));
  });
  if (!found) return Status::not_found("No application with this id");
  return std::move(*found);
}

Page<Application> GrantService::queue(std::optional<Stage> stage, std::optional<Id> before,
                                      int limit, const Reader& reader) {
  assert(reader.reviewer);
  return db_.write([&](soci::session& s) {
    auto page = page_applications(s, stage, before, limit);
    accounts::AuditEntry entry = reader.audit;
    entry.target = "grant-applications:";
    for (const Application& a : page.items) entry.target += " " + id_to_string(a.id);
    accounts::append_audit(s, entry);
    return page;
  });
}

std::vector<Application> GrantService::mine(const Reader& reader) {
  return db_.write([&](soci::session& s) {
    auto list = applications_of(s, reader.user_id, kMineMax);
    accounts::AuditEntry entry = reader.audit;
    entry.target = "grant-applications-of:" + id_to_string(reader.user_id);
    accounts::append_audit(s, entry);
    return list;
  });
}

Result<uploads::Blob> GrantService::report(Id id, const Reader& reader) {
  auto blob = db_.write([&](soci::session& s) -> std::optional<uploads::Blob> {
    auto a = find_application(s, id);
    if (!a || (!reader.reviewer && a->applicant_id != reader.user_id)) return std::nullopt;
    auto found = uploads::find(s, a->report_hash);
    if (!found) return std::nullopt;
    accounts::AuditEntry entry = reader.audit;
    entry.target = "grant-report:" + id_to_string(id);
    accounts::append_audit(s, entry);
    return found;
  });
  if (!blob) return Status::not_found("No application with this id");
  return std::move(*blob);
}

// --- steps and money -----------------------------------------------------------------------

Result<Application> GrantService::commit(Application next, std::optional<Step> step) {
  next.version += 1;
  next.updated_at_us = options_.clock();
  const bool written = db_.write([&](soci::session& s) {
    if (!update_application(s, next)) return false;
    if (step) insert_step(s, next.id, *step);
    return true;
  });
  if (!written)
    return Status(Code::conflict, "case-changed",
                  "The case was changed by someone else meanwhile; reload it");
  return next;
}

Result<Case> GrantService::move(Id id, const Move& m, Id actor_id) {
  auto read_case = [&] {
    return db_.read([&](soci::session& s) { return find_application(s, id); });
  };
  auto found = read_case();
  if (!found) return Status::not_found("No application with this id");
  Application a = *found;
  if (a.money == Money::reserving || a.money == Money::paying || a.money == Money::releasing) {
    // A step left mid-way by a crash or an absent ledger is finished before another.
    auto finished = finish_money(a, std::nullopt);
    if (!finished.ok()) return finished.status();
    a = finished.value();
  }
  if (!may_move(a.stage, m.to))
    return Status(Code::conflict, "illegal-transition",
                  "A case in " + std::string(to_string(a.stage)) + " cannot move to " +
                      std::string(to_string(m.to)));
  const bool ends_early = m.to == Stage::closed && a.stage == Stage::approved;
  if ((m.to == Stage::declined || ends_early) && m.reason.empty())
    return Status::invalid("reason", "say why; the applicant reads it");
  if (m.reason.size() > kTextCharsMax * 4 || utf8_length(m.reason) > kTextCharsMax)
    return Status::invalid("reason", "at most 500 characters");
  Application next = a;
  const Step step{.id = ids().next(),
                  .from = a.stage,
                  .to = m.to,
                  .reason = m.reason,
                  .actor_id = actor_id,
                  .at_us = options_.clock()};
  if (m.to == Stage::approved) {
    next.granted_won = m.granted_won.value_or(a.requested_won);
    next.sessions_planned = m.sessions_planned.value_or(0);
    if (next.granted_won <= 0 || next.granted_won > options_.grant_won_max)
      return Status::invalid("granted_won",
                             "1 to " + std::to_string(options_.grant_won_max) + " won");
    if (next.sessions_planned < 0 || next.sessions_planned > options_.sessions_planned_max)
      return Status::invalid("sessions_planned", "0 to 200 sessions");
    next.money = Money::reserving;
    next.reserve_id = ids().next();
  } else if (m.to == Stage::surgery) {
    next.money = Money::paying;
    next.pay_id = ids().next();
  } else if (ends_early) {
    next.money = Money::releasing;
    next.release_id = ids().next();
  } else {
    next.stage = m.to;
  }
  if (m.to == Stage::declined || m.to == Stage::closed) next.reason = m.reason;
  // A money step changes the stage (and is recorded) once the ledger agreed.
  const bool money_step = next.money != a.money;
  auto written = commit(std::move(next), money_step ? std::nullopt : std::optional(step));
  if (!written.ok()) return written.status();
  if (money_step) {
    auto finished = finish_money(written.value(), step);
    if (!finished.ok()) return finished.status();
  }
  return db_.read([&](soci::session& s) { return case_of(s, *find_application(s, id)); });
}

Result<Application> GrantService::finish_money(Application a, std::optional<Step> step) {
  auto accounts = accounts_of(a.fund_id);
  if (!accounts.ok()) return accounts.status();
  namespace tf = ledger::transfer_flags;
  ledger::Transfer t;
  Application next = a;
  if (a.money == Money::reserving) {
    t = {.id = *a.reserve_id,
         .debit_account_id = accounts->account,
         .credit_account_id = accounts->payout,
         .amount = a.granted_won,
         .ledger = ledger::kLedgerKrw,
         .code = kGrant,
         .flags = tf::kPending,
         .reference = "grant:" + id_to_string(a.id)};
    next.stage = Stage::approved;
    next.money = Money::reserved;
  } else if (a.money == Money::paying) {
    t = {.id = *a.pay_id, .pending_id = *a.reserve_id, .flags = tf::kPostPending, .reference = {}};
    next.stage = Stage::surgery;
    next.money = Money::paid;
    next.paid_at_us = options_.clock();
  } else {
    assert(a.money == Money::releasing);
    t = {.id = *a.release_id,
         .pending_id = *a.reserve_id,
         .flags = tf::kVoidPending,
         .reference = {}};
    next.stage = Stage::closed;
    next.money = Money::released;
  }
  auto result = ledger_.create_transfers({t}).get();
  if (!result.ok()) return books_unavailable(result.status());
  const ledger::ResultCode code = result.value().front().code;
  if (a.money == Money::reserving && code == ledger::ResultCode::exceeds_credits) {
    // The ledger will not promise more than is free: the case stays in screening, unreserved.
    Application back = a;
    back.money = Money::none;
    back.reserve_id = std::nullopt;
    back.granted_won = 0;
    (void)commit(std::move(back), std::nullopt);
    return Status(Code::failed_precondition, "fund-insufficient",
                  "The fund has less free than this grant; it cannot be approved now");
  }
  if (!ledger::succeeded(code))
    return Status(Code::internal, "books-refused",
                  "The books refused the grant: " + std::string(to_string(code)));
  if (!step) {  // finished after a crash or by the job: the step its stages say, by nobody
    step = Step{.from = a.stage, .to = next.stage, .reason = next.reason};
  }
  step->id = ids().next();
  step->at_us = options_.clock();
  const Money done = next.money;
  auto written = commit(std::move(next), step);
  if (written.ok() || written.status().slug() != "case-changed") return written;
  // Another attempt finished the same step first (it found the case mid-way): that is success.
  auto now = db_.read([&](soci::session& s) { return find_application(s, a.id); });
  if (now && now->money == done) return *now;
  return written;
}

Result<Case> GrantService::record_session(Id id, Session x, Id actor_id) {
  if (!is_date(x.held_on) || x.held_on > kst_date(options_.clock()))
    return Status::invalid("held_on", "a date (YYYY-MM-DD), not in the future");
  if (x.progress_percent < 0 || x.progress_percent > 100)
    return Status::invalid("progress_percent", "0 to 100");
  if (x.note.size() > kTextCharsMax * 4 || utf8_length(x.note) > kTextCharsMax)
    return Status::invalid("note", "at most 500 characters");
  x.id = ids().next();
  x.application_id = id;
  x.recorded_by = actor_id;
  x.created_at_us = options_.clock();
  enum class Outcome { ok, missing, wrong_stage, taken };
  Outcome outcome = Outcome::ok;
  auto c = db_.write([&](soci::session& s) -> std::optional<Case> {
    auto a = find_application(s, id);
    if (!a) return outcome = Outcome::missing, std::nullopt;
    if (a->stage != Stage::rehabilitation) return outcome = Outcome::wrong_stage, std::nullopt;
    if (!insert_session(s, x)) return outcome = Outcome::taken, std::nullopt;
    return case_of(s, std::move(*a));
  });
  switch (outcome) {
    case Outcome::missing:
      return Status::not_found("No application with this id");
    case Outcome::wrong_stage:
      return Status(Code::conflict, "not-in-rehabilitation",
                    "Sessions are recorded while the case is in rehabilitation");
    case Outcome::taken:
      return Status(Code::conflict, "case-changed", "Another session was recorded meanwhile");
    case Outcome::ok:
      break;
  }
  return std::move(*c);
}

std::vector<YearCount> GrantService::children_helped() {
  const auto times = db_.read([&](soci::session& s) { return paid_times(s, kPaidTimesMax); });
  std::map<int, std::int64_t> by_year;
  for (UnixMicros t : times) ++by_year[civil_from_micros(t, kSeoulOffsetMinutes).year];
  std::vector<YearCount> out;
  for (auto [year, n] : by_year) out.push_back({.year = year, .children = n});
  return out;
}

Result<int> GrantService::settle_money(int limit) {
  const auto open = db_.read([&](soci::session& s) { return unsettled_money(s, limit); });
  int finished = 0;
  for (const Application& a : open) {
    auto r = finish_money(a, std::nullopt);
    if (!r.ok() && r.status().code() == Code::unavailable) return r.status();
    finished += r.ok() ? 1 : 0;
  }
  return finished;
}

}  // namespace sangsaeng::grants
