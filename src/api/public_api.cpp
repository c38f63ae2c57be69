// /api/v1/public/...: the transparency pages' figures, for anyone, as JSON or CSV; and the
// auditor's reconciliation of every public figure. The figures module computes; this file only
// names the subjects and writes the answers.
#include <boost/json/array.hpp>

#include "api/modules.h"
#include "figures/service.h"
#include "ledger/queries.h"

namespace sangsaeng::api {

namespace json = boost::json;
namespace fg = figures;
using accounts::Action;
using http::Method;

namespace {

json::value head_json(const fg::ChainHead& h) {
  return json::object{
      {"seq", h.seq},
      {"hash", h.hash},
      {"at", h.at_us > 0 ? json::value(format_rfc3339(h.at_us)) : json::value(nullptr)}};
}

// The activity measures (and their hours and average satisfaction) only on a page with activity.
json::object figures_json(const fg::MonthFigures& f, bool activity) {
  json::object o;
  for (fg::Measure m : fg::kMeasures) {
    if (fg::is_activity(m) && !activity) continue;
    std::string name(fg::to_string(m));
    if (fg::is_won(m)) name += "_won";
    o[name] = f[m];
  }
  if (activity) {
    o["hours"] = std::stod(fg::hours_text(f));
    const std::string avg = fg::satisfaction_text(f);
    o["satisfaction_avg"] = avg.empty() ? json::value(nullptr) : json::value(std::stod(avg));
  }
  return o;
}

// ?format=csv asks for the CSV; absent or json for JSON.
Result<bool> wants_csv(const http::Request& req) {
  const auto f = req.query.find("format");
  if (f == req.query.end() || f->second == "json") return false;
  if (f->second == "csv") return true;
  return Status::invalid("format", "must be json or csv");
}

// A cause's name: the organisation's, the program's (Korean, English), or the fund's reference.
// nullopt when the cause names no one on record.
std::optional<std::pair<std::string, std::string>> cause_name(Deps& deps, const fg::Cause& c) {
  switch (c.kind) {
    case ledger::OwnerKind::charity: {
      const auto id = parse_id(c.ref);
      if (!id) return std::nullopt;
      const auto names = deps.accounts.display_names({*id}, {});
      const auto it = names.orgs.find(*id);
      if (it == names.orgs.end()) return std::nullopt;
      return std::pair{it->second, it->second};
    }
    case ledger::OwnerKind::program: {
      const auto p = deps.accounts.find_program(c.ref);
      if (!p) return std::nullopt;
      return std::pair{p->name_ko, p->name_en};
    }
    default: {
      const bool opened = deps.db.read([&](soci::session& s) {
        return !ledger::list_accounts(s, {.owner_kind = c.kind,
                                          .owner_ref = c.ref,
                                          .ledger = std::nullopt,
                                          .after_id = 0,
                                          .limit = 1})
                    .empty();
      });
      if (!opened) return std::nullopt;
      return std::pair{c.ref, c.ref};
    }
  }
}

json::object named(const std::string& id, const std::string& name_ko, const std::string& name_en) {
  return {{"id", id}, {"name_ko", name_ko}, {"name_en", name_en}};
}

http::Response page_answer(Deps& deps, const fg::Page& page, json::object subject, bool csv,
                           const std::string& file_stem) {
  if (csv) {
    http::Response res = http::Response::text(200, fg::to_csv(page), "text/csv; charset=utf-8");
    res.header("Content-Disposition", "attachment; filename=\"" + file_stem + "-figures.csv\"");
    return res;
  }
  json::array months, programs, causes;
  for (const fg::MonthFigures& f : page.months) {
    json::object o = figures_json(f, page.activity);
    o.emplace("month", fg::month_text(f.month));
    months.push_back(std::move(o));
  }
  for (const std::string& slug : page.programs) {
    const auto p = deps.accounts.find_program(slug);
    programs.push_back(named(slug, p ? p->name_ko : slug, p ? p->name_en : slug));
  }
  for (const std::string& id : page.causes) {
    const auto cause = fg::parse_cause_id(id);
    const auto name = cause ? cause_name(deps, *cause) : std::nullopt;
    causes.push_back(named(id, name ? name->first : id, name ? name->second : id));
  }
  return json_response(200, json::object{{"subject", std::move(subject)},
                                         {"months", std::move(months)},
                                         {"total", figures_json(page.total, page.activity)},
                                         {"programs", std::move(programs)},
                                         {"causes", std::move(causes)},
                                         {"computed_at", format_rfc3339(page.computed_at_us)},
                                         {"books", head_json(page.head)}});
}

http::Response program_figures(Deps& deps, fg::FiguresService& figures, Call& call) {
  const auto csv = wants_csv(call.req);
  if (!csv.ok()) return problem(csv.status());
  const std::string& slug = call.req.params["slug"];
  const auto p = deps.accounts.find_program(slug);
  if (!p) return problem(Status::not_found("No program with this slug"));
  json::object subject = named(slug, p->name_ko, p->name_en);
  subject.emplace("kind", "program");
  return page_answer(deps, figures.program(slug), std::move(subject), csv.value(), slug);
}

http::Response cause_figures(Deps& deps, fg::FiguresService& figures, Call& call) {
  const auto csv = wants_csv(call.req);
  if (!csv.ok()) return problem(csv.status());
  const std::string& id = call.req.params["id"];
  const auto cause = fg::parse_cause_id(id);
  const auto name = cause ? cause_name(deps, *cause) : std::nullopt;
  if (!name) return problem(Status::not_found("No cause with this id"));
  json::object subject = named(id, name->first, name->second);
  subject.emplace("kind", std::string(ledger::to_string(cause->kind)));
  std::string stem = "cause-" + id;
  for (char& c : stem)
    if (c == ':') c = '-';
  return page_answer(deps, figures.cause(*cause), std::move(subject), csv.value(), stem);
}

http::Response reconciliation(fg::FiguresService& figures) {
  const fg::Reconciliation r = figures.reconcile();
  json::array mismatches;
  for (const fg::Mismatch& m : r.mismatches) {
    mismatches.push_back(
        json::object{{"program", m.program},
                     {"cause", m.cause.empty() ? json::value(nullptr) : json::value(m.cause)},
                     {"month", fg::month_text(m.month)},
                     {"measure", fg::to_string(m.measure)},
                     {"ledger_won", m.ledger_won},
                     {"records_won", m.records_won},
                     {"difference_won", m.records_won - m.ledger_won}});
  }
  return json_response(200, json::object{{"computed_at", format_rfc3339(r.computed_at_us)},
                                         {"books", head_json(r.head)},
                                         {"figures_checked", r.figures_checked},
                                         {"mismatches", std::move(mismatches)}});
}

}  // namespace

void add_public_routes(Routes& routes, figures::FiguresService& figures) {
  Deps& d = routes.deps();
  routes.add({Method::get, "/api/v1/public/programs/{slug}", {Action::public_read}},
             [&d, &figures](Call& c) { return program_figures(d, figures, c); });
  routes.add({Method::get, "/api/v1/public/causes/{id}", {Action::public_read}},
             [&d, &figures](Call& c) { return cause_figures(d, figures, c); });
  routes.add({Method::get, "/api/v1/figures/reconciliation", {Action::reconcile_figures}},
             [&figures](Call&) { return reconciliation(figures); });
}

}  // namespace sangsaeng::api
