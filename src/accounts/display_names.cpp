// AccountService::display_names: names for owner ids, one query per kind of owner.
#include <cassert>
#include <string>

#include "accounts/service.h"

namespace sangsaeng::accounts {
namespace {

// The statements are built per call: the IN list has one literal per id. Ids are integers
// formatted here, never text from a client, so nothing can be injected.
constexpr const char* kSelectOrgNames = "SELECT id, name FROM orgs WHERE id IN (";
constexpr const char* kSelectUserNames = "SELECT id, display_name FROM users WHERE id IN (";

std::unordered_map<Id, std::string> select_names(soci::session& s, const char* select,
                                                 const std::vector<Id>& ids) {
  std::unordered_map<Id, std::string> out;
  if (ids.empty()) return out;
  std::string sql = select;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) sql += ',';
    sql += std::to_string(static_cast<long long>(ids[i]));
  }
  sql += ')';
  long long id = 0;
  std::string name;
  soci::statement st = (s.prepare << sql, soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out.emplace(static_cast<Id>(id), name);
  assert(out.size() <= ids.size());
  return out;
}

}  // namespace

DisplayNames AccountService::display_names(const std::vector<Id>& org_ids,
                                           const std::vector<Id>& user_ids) {
  assert(org_ids.size() <= kDisplayNamesMax && user_ids.size() <= kDisplayNamesMax);
  if (org_ids.empty() && user_ids.empty()) return {};
  return db_.read([&](soci::session& s) {
    return DisplayNames{.orgs = select_names(s, kSelectOrgNames, org_ids),
                        .users = select_names(s, kSelectUserNames, user_ids)};
  });
}

}  // namespace sangsaeng::accounts
