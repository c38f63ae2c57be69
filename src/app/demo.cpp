#include "app/demo.h"

#include <stdexcept>

namespace sangsaeng::app {

namespace {

using accounts::OrgKind;
using accounts::Role;

Id org(accounts::AccountService& a, const std::string& name, OrgKind kind, UnixMicros now) {
  auto created = a.create_org(name, kind, now);
  if (!created.ok()) throw std::runtime_error("demo: " + created.status().message());
  return created->id;
}

void user(accounts::AccountService& a, const std::string& email, const std::string& name,
          std::optional<Id> org_id, std::vector<accounts::RoleGrant> roles, UnixMicros now) {
  auto created = a.create_user({email, name, kDemoPassword, org_id, std::move(roles)}, now);
  if (!created.ok()) throw std::runtime_error("demo: " + email + ": " + created.status().message());
}

void program(accounts::AccountService& a, const std::string& slug, const std::string& status,
             std::optional<std::string> starts_on, std::optional<std::string> ends_on) {
  auto updated =
      a.update_program(slug, {.status = status, .starts_on = starts_on, .ends_on = ends_on});
  if (!updated.ok())
    throw std::runtime_error("demo: program " + slug + ": " + updated.status().message());
}

}  // namespace

bool seed_demo(accounts::AccountService& a, UnixMicros now) {
  if (a.find_user_by_email("admin@sangsaeng.test")) return false;
  const Id company = org(a, "상생텔레콤 (Sangsaeng Telecom)", OrgKind::company, now);
  const Id farm = org(a, "해남 햇살농원 (Haenam Sunshine Farm)", OrgKind::merchant, now);
  org(a, "나눔재단 (Nanum Foundation)", OrgKind::charity, now);
  user(a, "admin@sangsaeng.test", "관리자 김상생", company, {{Role::admin, ""}}, now);
  user(a, "manager@sangsaeng.test", "마켓 매니저 이도윤", company, {{Role::manager, "market"}},
       now);
  user(a, "merchant@sangsaeng.test", "햇살농원 박농부", farm, {{Role::merchant, ""}}, now);
  user(a, "helper@sangsaeng.test", "IT 서포터 최하나", company, {{Role::helper, ""}}, now);
  user(a, "customer@sangsaeng.test", "고객 정미래", std::nullopt, {{Role::customer, ""}}, now);
  user(a, "auditor@sangsaeng.test", "감사인 한투명", company, {{Role::auditor, ""}}, now);
  program(a, "market", "active", "2026-12-02", "2027-01-20");
  program(a, "live", "active", "2026-11-01", std::nullopt);
  program(a, "it-support", "active", "2026-03-01", std::nullopt);
  program(a, "internet-doctor", "active", "2025-06-01", std::nullopt);
  program(a, "female-tech", "active", "2025-06-01", std::nullopt);
  program(a, "outage", "active", "2024-01-01", std::nullopt);
  program(a, "credit", "active", "2026-01-01", "2026-12-31");
  program(a, "volunteer", "active", "2024-01-01", std::nullopt);
  program(a, "events", "paused", std::nullopt, std::nullopt);
  return true;
}

}  // namespace sangsaeng::app
