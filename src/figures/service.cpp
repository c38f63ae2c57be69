#include "figures/service.h"

#include <cassert>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "core/csv.h"
#include "ledger/store.h"

namespace sangsaeng::figures {

FiguresService::FiguresService(store::Db& db, FiguresOptions options)
    : db_(db), options_(std::move(options)) {}
FiguresService::~FiguresService() = default;

void FiguresService::add(std::unique_ptr<Source> source) {
  assert(source && !has_source(source->program()));
  sources_.push_back(std::move(source));
}

bool FiguresService::has_source(std::string_view program) const {
  for (const auto& s : sources_)
    if (s->program() == program) return true;
  return false;
}

std::shared_ptr<const Snapshot> FiguresService::snapshot(bool fresh) {
  auto cached = [&]() -> std::shared_ptr<const Snapshot> {
    std::lock_guard lock(mu_);
    if (fresh || !cached_ || options_.clock() - cached_->computed_at_us >= options_.cache_us)
      return nullptr;
    return cached_;
  };
  if (auto hit = cached()) return hit;
  // When the cache runs out under load, one request computes and the others wait for it rather
  // than each scanning the books.
  std::lock_guard computing(compute_mu_);
  if (auto hit = cached()) return hit;
  auto snap = std::make_shared<Snapshot>();
  snap->computed_at_us = options_.clock();
  db_.read([&](soci::session& s) {
    const ledger::Head head = ledger::read_head(s, false);
    snap->head = {head.seq, head.hash, head.timestamp_us};
    for (const auto& source : sources_) {
      for (Row& r : source->from_ledger(s)) {
        assert(r.program == source->program() && is_won(r.measure));
        snap->ledger_rows.push_back(std::move(r));
      }
      for (Row& r : source->from_records(s)) {
        assert(r.program == source->program());
        snap->record_rows.push_back(std::move(r));
      }
    }
  });
  std::lock_guard lock(mu_);
  cached_ = snap;
  return snap;
}

Page FiguresService::program(std::string_view slug) {
  Page page = page_of(*snapshot(false), [&](const Row& r) { return r.program == slug; });
  for (const auto& s : sources_)
    if (s->program() == slug && s->reports_activity()) page.activity = true;
  return page;
}

Page FiguresService::cause(const Cause& cause) {
  const std::string id = cause_id(cause);
  return page_of(*snapshot(false), [&](const Row& r) { return r.cause == id; });
}

Reconciliation FiguresService::reconcile() {
  return figures::reconcile(*snapshot(true));
}

Page page_of(const Snapshot& s, const std::function<bool(const Row&)>& keep) {
  std::map<Month, MonthFigures> months;
  std::set<std::string> programs, causes;
  bool page_activity = false;
  auto add = [&](const Row& r) {
    programs.insert(r.program);
    if (!r.cause.empty()) causes.insert(r.cause);
    if (is_activity(r.measure)) page_activity = true;
    MonthFigures& m = months[r.month];
    m.month = r.month;
    m[r.measure] += r.value;
  };
  for (const Row& r : s.ledger_rows)
    if (keep(r)) add(r);
  for (const Row& r : s.record_rows)
    if (!is_won(r.measure) && keep(r)) add(r);
  Page page{.programs = {programs.begin(), programs.end()},
            .causes = {causes.begin(), causes.end()},
            .computed_at_us = s.computed_at_us,
            .head = s.head,
            .activity = page_activity};
  for (auto& [month, figures] : months) {
    for (Measure m : kMeasures) page.total[m] += figures[m];
    page.months.push_back(figures);
  }
  return page;
}

Reconciliation reconcile(const Snapshot& s) {
  using Key = std::tuple<std::string, std::string, Month, Measure>;
  std::map<Key, std::pair<std::int64_t, std::int64_t>> figures;  // (ledger, records)
  for (const Row& r : s.ledger_rows)
    figures[{r.program, r.cause, r.month, r.measure}].first += r.value;
  for (const Row& r : s.record_rows)
    if (is_won(r.measure)) figures[{r.program, r.cause, r.month, r.measure}].second += r.value;
  Reconciliation out{.computed_at_us = s.computed_at_us, .head = s.head};
  for (const auto& [key, values] : figures) {
    ++out.figures_checked;
    if (values.first == values.second) continue;
    const auto& [program, cause, month, measure] = key;
    out.mismatches.push_back({program, cause, month, measure, values.first, values.second});
  }
  return out;
}

std::string hours_text(const MonthFigures& f) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", static_cast<double>(f[Measure::minutes]) / 60.0);
  return out;
}

std::string satisfaction_text(const MonthFigures& f) {
  if (f[Measure::satisfaction_ratings] <= 0) return "";
  char out[32];
  std::snprintf(out, sizeof out, "%.2f",
                static_cast<double>(f[Measure::satisfaction_points]) /
                    static_cast<double>(f[Measure::satisfaction_ratings]));
  return out;
}

std::string to_csv(const Page& page) {
  // Machine-read too, and a correction month may be negative: no formula guard.
  CsvWriter csv({.bom = true, .guard_formulas = false});
  std::vector<std::string> header{"month",       "raised_won",  "matched_won",
                                  "donated_won", "granted_won", "people_helped"};
  if (page.activity) {
    for (const char* h :
         {"visits", "hours", "learners", "satisfaction_ratings", "satisfaction_avg"})
      header.emplace_back(h);
  }
  csv.row(header);
  auto line = [&](const std::string& label, const MonthFigures& f) {
    std::vector<std::string> fields{label};
    for (Measure m : kMeasures)
      if (!is_activity(m)) fields.push_back(std::to_string(f[m]));
    if (page.activity) {
      fields.push_back(std::to_string(f[Measure::visits]));
      fields.push_back(hours_text(f));
      fields.push_back(std::to_string(f[Measure::learners]));
      fields.push_back(std::to_string(f[Measure::satisfaction_ratings]));
      fields.push_back(satisfaction_text(f));
    }
    csv.row(fields);
  };
  for (const MonthFigures& f : page.months) line(month_text(f.month), f);
  line("total", page.total);
  return csv.text();
}

}  // namespace sangsaeng::figures
