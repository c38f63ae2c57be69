// API tokens for integrations: creation, revocation, list, the principal of a token.
#include <cassert>
#include <limits>

#include "accounts/internal.h"
#include "accounts/secrets.h"
#include "accounts/service.h"

namespace sangsaeng::accounts {

namespace {

constexpr const char* kInsertToken =
    "INSERT INTO api_tokens (id, user_id, name, token_hash, created_by, created_at) "
    "VALUES (:id, :u, :n, :h, :by, :at)";
constexpr const char* kRevokeToken =
    "UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL";
constexpr const char* kSelectTokens =
    "SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.revoked_at FROM api_tokens t "
    "JOIN users u ON u.id = t.user_id WHERE t.id < :b ORDER BY t.id DESC LIMIT :l";

}  // namespace

Result<std::pair<ApiToken, std::string>> AccountService::create_token(Id user_id,
                                                                      const std::string& name,
                                                                      Id created_by,
                                                                      UnixMicros now) {
  auto user = find_user(user_id);
  if (!user) return Status::invalid("user_id", "no such user");
  const std::string token = "sst_" + random_secret();
  const std::string key = secret_hash(token);
  ApiToken t{ids().next(), user_id, user->email, name, now, std::nullopt};
  db_.write([&](soci::session& s) {
    long long id = t.id, uid = user_id, by = created_by, at = now;
    s << kInsertToken, soci::use(id), soci::use(uid), soci::use(name), soci::use(key),
        soci::use(by), soci::use(at);
  });
  return std::pair{t, token};
}

Status AccountService::revoke_token(Id token_id, UnixMicros now) {
  long long user_id = 0;
  Status revoked = db_.write([&](soci::session& s) -> Status {
    long long id = token_id, at = now;
    soci::statement st = (s.prepare << kRevokeToken, soci::use(at), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return Status::not_found("No live token with this id");
    s << "SELECT user_id FROM api_tokens WHERE id = :id", soci::use(id), soci::into(user_id);
    return {};
  });
  // The cache is keyed by the token's hash, which is not kept with its id: forget the user.
  if (revoked.ok()) principals_.forget_user(user_id);
  return revoked;
}

Page<ApiToken> AccountService::list_tokens(std::optional<Id> before, int limit) {
  assert(limit > 0 && limit <= kPageLimitMax);
  return db_.read([&](soci::session& s) {
    Page<ApiToken> page;
    long long cursor = before.value_or(kNoCursor), id, uid, created, revoked;
    int lim = limit + 1;
    std::string email, name;
    soci::indicator revoked_ind;
    soci::statement st = (s.prepare << kSelectTokens, soci::use(cursor), soci::use(lim),
                          soci::into(id), soci::into(uid), soci::into(email), soci::into(name),
                          soci::into(created), soci::into(revoked, revoked_ind));
    st.execute();
    while (st.fetch()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.next = page.items.back().id;
        break;
      }
      ApiToken t{id, uid, email, name, created, std::nullopt};
      if (revoked_ind == soci::i_ok) t.revoked_at = revoked;
      page.items.push_back(std::move(t));
    }
    return page;
  });
}

std::optional<Principal> AccountService::token_principal(const std::string& token, UnixMicros now) {
  if (token.rfind("sst_", 0) != 0 || token.size() > 128) return std::nullopt;
  const std::string key = secret_hash(token);
  if (auto cached = principals_.find(key, now)) return cached;
  auto principal = db_.read_one_statement([&](soci::session& s) -> std::optional<Principal> {
    auto row = load_credential(s, kPrincipalByToken, key);
    if (!row || row->user.disabled) return std::nullopt;
    return Principal{std::move(row->user), true, "", ""};
  });
  if (principal) principals_.put(key, *principal, now, std::numeric_limits<UnixMicros>::max());
  return principal;
}

}  // namespace sangsaeng::accounts
