// The program catalogue: list, look-up, status and dates.
#include "accounts/service.h"

namespace sangsaeng::accounts {

namespace {

constexpr const char* kSelectPrograms =
    "SELECT slug, name_ko, name_en, summary_ko, summary_en, status, starts_on, ends_on FROM "
    "programs ";
constexpr const char* kUpdateProgram =
    "UPDATE programs SET status = :status, starts_on = :starts, ends_on = :ends WHERE slug = :slug";

std::vector<Program> select_programs(soci::session& s, const std::string& where,
                                     const std::string& slug) {
  std::vector<Program> out;
  Program p;
  std::string starts, ends;
  soci::indicator starts_ind, ends_ind;
  const std::string sql = std::string(kSelectPrograms) + where + " ORDER BY sort_order";
  soci::statement st =
      slug.empty()
          ? (s.prepare << sql, soci::into(p.slug), soci::into(p.name_ko), soci::into(p.name_en),
             soci::into(p.summary_ko), soci::into(p.summary_en), soci::into(p.status),
             soci::into(starts, starts_ind), soci::into(ends, ends_ind))
          : (s.prepare << sql, soci::use(slug), soci::into(p.slug), soci::into(p.name_ko),
             soci::into(p.name_en), soci::into(p.summary_ko), soci::into(p.summary_en),
             soci::into(p.status), soci::into(starts, starts_ind), soci::into(ends, ends_ind));
  st.execute();
  while (st.fetch()) {
    p.starts_on = starts_ind == soci::i_ok ? std::optional(starts) : std::nullopt;
    p.ends_on = ends_ind == soci::i_ok ? std::optional(ends) : std::nullopt;
    out.push_back(p);
  }
  return out;
}
}  // namespace

std::vector<Program> AccountService::list_programs() {
  return db_.read([](soci::session& s) { return select_programs(s, "", ""); });
}

std::optional<Program> AccountService::find_program(const std::string& slug) {
  auto found =
      db_.read([&](soci::session& s) { return select_programs(s, "WHERE slug = :slug", slug); });
  if (found.empty()) return std::nullopt;
  return found.front();
}

Result<Program> AccountService::update_program(const std::string& slug, const ProgramPatch& patch) {
  if (patch.status)
    if (Status known = check_program_status("status", *patch.status); !known.ok()) return known;
  auto current = find_program(slug);
  if (!current) return Status::not_found("No program with this slug");
  Program next = *current;
  if (patch.status) next.status = *patch.status;
  if (patch.starts_on) next.starts_on = *patch.starts_on;
  if (patch.ends_on) next.ends_on = *patch.ends_on;
  if (next.starts_on && next.ends_on && *next.ends_on < *next.starts_on)
    return Status::invalid("ends_on", "must not be before starts_on");
  db_.write([&](soci::session& s) {
    std::string starts = next.starts_on.value_or(""), ends = next.ends_on.value_or("");
    soci::indicator si = next.starts_on ? soci::i_ok : soci::i_null;
    soci::indicator ei = next.ends_on ? soci::i_ok : soci::i_null;
    s << kUpdateProgram, soci::use(next.status), soci::use(starts, si), soci::use(ends, ei),
        soci::use(slug);
  });
  return next;
}

}  // namespace sangsaeng::accounts
