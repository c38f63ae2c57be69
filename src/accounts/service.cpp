#include "accounts/service.h"

#include <algorithm>
#include <cassert>
#include <limits>

#include "accounts/secrets.h"
#include "core/json.h"

namespace sangsaeng::accounts {

namespace {

constexpr const char* kInsertOrg =
    "INSERT INTO orgs (id, name, kind, created_at) VALUES (:id, :name, :kind, :at)";
constexpr const char* kCountOrgByName = "SELECT COUNT(*) FROM orgs WHERE name = :name";
constexpr const char* kSelectOrgs = "SELECT id, name, kind FROM orgs ORDER BY name";
constexpr const char* kCountUserByEmail = "SELECT COUNT(*) FROM users WHERE email = :email";
constexpr const char* kInsertUser =
    "INSERT INTO users (id, org_id, email, display_name, password_hash, disabled, created_at) "
    "VALUES (:id, :org, :email, :name, :hash, 0, :at)";
constexpr const char* kInsertRole =
    "INSERT INTO user_roles (user_id, role, program) VALUES (:u, :r, :p)";
constexpr const char* kSelectRoles =
    "SELECT role, program FROM user_roles WHERE user_id = :u ORDER BY role, program";
constexpr const char* kSelectUserColumns =
    "SELECT u.id, u.email, u.display_name, u.org_id, o.name, u.disabled, u.created_at "
    "FROM users u LEFT JOIN orgs o ON o.id = u.org_id ";
constexpr const char* kSelectPasswordHash =
    "SELECT id, password_hash, disabled FROM users WHERE email = :email";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
    "VALUES (:h, :u, :c, :at, :exp)";
constexpr const char* kSelectSession =
    "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = :h";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = :h";
constexpr const char* kDeleteOtherSessions =
    "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :h";
constexpr const char* kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at < :now";
constexpr const char* kUpdatePassword = "UPDATE users SET password_hash = :h WHERE id = :u";
constexpr const char* kInsertToken =
    "INSERT INTO api_tokens (id, user_id, name, token_hash, created_by, created_at) "
    "VALUES (:id, :u, :n, :h, :by, :at)";
constexpr const char* kRevokeToken =
    "UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL";
constexpr const char* kSelectTokens =
    "SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.revoked_at FROM api_tokens t "
    "JOIN users u ON u.id = t.user_id ORDER BY t.id DESC LIMIT 1000";
constexpr const char* kSelectTokenUser =
    "SELECT user_id FROM api_tokens WHERE token_hash = :h AND revoked_at IS NULL";
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (id, at, actor_id, actor_email, action, target, remote_addr, "
    "request_id, status) "
    "VALUES (:id, :at, :actor, :email, :action, :target, :addr, :rid, :status)";
constexpr const char* kSelectAudit =
    "SELECT id, at, actor_id, actor_email, action, target, remote_addr, request_id, status "
    "FROM audit_log WHERE id < :before ORDER BY id DESC LIMIT :lim";
constexpr const char* kSelectPrograms =
    "SELECT slug, name_ko, name_en, summary_ko, summary_en, status, starts_on, ends_on FROM "
    "programs ";
constexpr const char* kUpdateProgram =
    "UPDATE programs SET status = :status, starts_on = :starts, ends_on = :ends WHERE slug = :slug";

constexpr Id kNoCursor = INT64_MAX;

// A fixed argon2id hash to verify against when the e-mail is unknown, so that answering
// "invalid credentials" takes as long for an unknown e-mail as for a wrong password.
const std::string& dummy_hash() {
  static const std::string h = hash_password("not a password of anyone");
  return h;
}

bool per_program(Role r) {
  return r == Role::manager;
}

Status invalid_credentials() {
  return Status(Code::unauthenticated, "invalid-credentials", "Email or password is incorrect");
}

Status check_password_rule(const std::string& field, const std::string& password) {
  const std::size_t n = utf8_length(password);
  if (n < kPasswordMinChars)
    return Status::invalid(field,
                           "must be at least " + std::to_string(kPasswordMinChars) + " characters");
  if (n > kPasswordMaxChars)
    return Status::invalid(field,
                           "must be at most " + std::to_string(kPasswordMaxChars) + " characters");
  return {};
}

}  // namespace

std::optional<std::string> normalize_email(std::string_view email) {
  if (email.size() < 3 || email.size() > 254) return std::nullopt;
  const auto at = email.find('@');
  if (at == 0 || at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return std::nullopt;
  const auto domain = email.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return std::nullopt;
  std::string out;
  for (unsigned char c : email) {
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>' || c == ',' || c == ';' ||
        c == '\\')
      return std::nullopt;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

Result<Org> AccountService::create_org(const std::string& name, OrgKind kind, UnixMicros now) {
  return db_.write([&](soci::session& s) -> Result<Org> {
    int count = 0;
    s << kCountOrgByName, soci::use(name), soci::into(count);
    if (count > 0)
      return Status(Code::conflict, "org-exists", "An organisation with this name exists");
    Org org{ids().next(), name, kind};
    const std::string kind_text(to_string(kind));
    long long at = now;
    s << kInsertOrg, soci::use(org.id), soci::use(name), soci::use(kind_text), soci::use(at);
    return org;
  });
}

std::vector<Org> AccountService::list_orgs() {
  return db_.read([](soci::session& s) {
    std::vector<Org> out;
    long long id;
    std::string name, kind;
    soci::statement st =
        (s.prepare << kSelectOrgs, soci::into(id), soci::into(name), soci::into(kind));
    st.execute();
    while (st.fetch()) out.push_back({id, name, parse_org_kind(kind).value_or(OrgKind::company)});
    return out;
  });
}

std::vector<RoleGrant> AccountService::roles_of(soci::session& s, Id user_id) {
  std::vector<RoleGrant> out;
  std::string role, program;
  long long uid = user_id;
  soci::statement st =
      (s.prepare << kSelectRoles, soci::use(uid), soci::into(role), soci::into(program));
  st.execute();
  while (st.fetch())
    if (auto r = parse_role(role)) out.push_back({*r, program});
  return out;
}

std::optional<User> AccountService::load_user(soci::session& s, const std::string& where, Id id,
                                              const std::string& email) {
  long long uid = 0, org_id = 0, created = 0;
  int disabled = 0;
  std::string mail, name, org_name;
  soci::indicator org_ind = soci::i_null, org_name_ind = soci::i_null;
  const std::string sql = std::string(kSelectUserColumns) + where;
  if (id != 0) {
    long long key = id;
    s << sql, soci::use(key), soci::into(uid), soci::into(mail), soci::into(name),
        soci::into(org_id, org_ind), soci::into(org_name, org_name_ind), soci::into(disabled),
        soci::into(created);
  } else {
    s << sql, soci::use(email), soci::into(uid), soci::into(mail), soci::into(name),
        soci::into(org_id, org_ind), soci::into(org_name, org_name_ind), soci::into(disabled),
        soci::into(created);
  }
  if (!s.got_data()) return std::nullopt;
  User u;
  u.id = uid;
  u.email = mail;
  u.display_name = name;
  if (org_ind == soci::i_ok) u.org_id = org_id;
  if (org_name_ind == soci::i_ok) u.org_name = org_name;
  u.disabled = disabled != 0;
  u.created_at = created;
  u.roles = roles_of(s, u.id);
  return u;
}

Result<User> AccountService::create_user(const NewUser& in, UnixMicros now) {
  std::vector<FieldError> errors;
  const auto email = normalize_email(in.email);
  if (!email) errors.push_back({"email", "is not an e-mail address"});
  if (Status p = check_password_rule("password", in.password); !p.ok())
    errors.insert(errors.end(), p.fields().begin(), p.fields().end());
  if (in.roles.empty()) errors.push_back({"roles", "must name at least one role"});
  for (const auto& g : in.roles) {
    if (per_program(g.role) && (g.program.empty() || !find_program(g.program)))
      errors.push_back({"roles", "a manager needs a known program"});
    if (!per_program(g.role) && !g.program.empty())
      errors.push_back({"roles", std::string(to_string(g.role)) + " is not per program"});
  }
  if (!errors.empty()) return Status::invalid(std::move(errors));
  const std::string hash = hash_password(in.password);  // slow: outside the transaction
  return db_.write([&](soci::session& s) -> Result<User> {
    int count = 0;
    s << kCountUserByEmail, soci::use(*email), soci::into(count);
    if (count > 0) return Status(Code::conflict, "email-taken", "A user with this e-mail exists");
    if (in.org_id) {
      long long org = *in.org_id;
      int orgs = 0;
      s << "SELECT COUNT(*) FROM orgs WHERE id = :id", soci::use(org), soci::into(orgs);
      if (orgs == 0) return Status::invalid("org_id", "no such organisation");
    }
    const long long id = ids().next();
    long long org_value = in.org_id.value_or(0);
    soci::indicator org_ind = in.org_id ? soci::i_ok : soci::i_null;
    long long at = now;
    s << kInsertUser, soci::use(id), soci::use(org_value, org_ind), soci::use(*email),
        soci::use(in.display_name), soci::use(hash), soci::use(at);
    for (const auto& g : in.roles) {
      const std::string role(to_string(g.role));
      s << kInsertRole, soci::use(id), soci::use(role), soci::use(g.program);
    }
    return *load_user(s, "WHERE u.id = :id", id, {});
  });
}

std::optional<User> AccountService::find_user(Id id) {
  return db_.read([&](soci::session& s) { return load_user(s, "WHERE u.id = :id", id, {}); });
}

std::optional<User> AccountService::find_user_by_email(const std::string& email) {
  const auto normal = normalize_email(email);
  if (!normal) return std::nullopt;
  return db_.read([&](soci::session& s) { return load_user(s, "WHERE u.email = :e", 0, *normal); });
}

Page<User> AccountService::list_users(std::optional<Id> before, int limit) {
  assert(limit > 0 && limit <= kPageLimitMax);
  return db_.read([&](soci::session& s) {
    Page<User> page;
    std::vector<long long> found(limit + 1);
    long long cursor = before.value_or(kNoCursor);
    int lim = limit + 1;
    s << "SELECT id FROM users WHERE id < :b ORDER BY id DESC LIMIT :l", soci::use(cursor),
        soci::use(lim), soci::into(found);
    for (std::size_t i = 0; i < found.size() && static_cast<int>(i) < limit; ++i)
      page.items.push_back(*load_user(s, "WHERE u.id = :id", found[i], {}));
    if (static_cast<int>(found.size()) > limit) page.next = page.items.back().id;
    return page;
  });
}

Result<Session> AccountService::login(const std::string& email, const std::string& password,
                                      UnixMicros now) {
  const auto normal = normalize_email(email);
  long long user_id = 0;
  std::string hash;
  int disabled = 0;
  if (normal) {
    db_.read([&](soci::session& s) {
      s << kSelectPasswordHash, soci::use(*normal), soci::into(user_id), soci::into(hash),
          soci::into(disabled);
      if (!s.got_data()) user_id = 0;
    });
  }
  if (user_id == 0) {
    verify_password(password, dummy_hash());  // same work as a real check
    return invalid_credentials();
  }
  if (!verify_password(password, hash) || disabled != 0) return invalid_credentials();

  Session session;
  session.secret = random_secret();
  session.csrf_token = random_secret();
  session.expires_at = now + options_.session_ttl_us;
  db_.write([&](soci::session& s) {
    const std::string key = secret_hash(session.secret);
    long long at = now, exp = session.expires_at;
    s << kDeleteExpiredSessions, soci::use(at);
    s << kInsertSession, soci::use(key), soci::use(user_id), soci::use(session.csrf_token),
        soci::use(at), soci::use(exp);
  });
  session.user = *find_user(user_id);
  return session;
}

std::optional<Principal> AccountService::session_principal(const std::string& secret,
                                                           UnixMicros now) {
  if (secret.empty() || secret.size() > 128) return std::nullopt;
  const std::string key = secret_hash(secret);
  if (auto cached = principals_.find(key, now)) return cached;
  long long expires = 0;
  auto principal = db_.read([&](soci::session& s) -> std::optional<Principal> {
    long long user_id = 0;
    std::string csrf;
    s << kSelectSession, soci::use(key), soci::into(user_id), soci::into(csrf), soci::into(expires);
    if (!s.got_data() || expires <= now) return std::nullopt;
    auto user = load_user(s, "WHERE u.id = :id", user_id, {});
    if (!user || user->disabled) return std::nullopt;
    return Principal{std::move(*user), false, csrf, key};
  });
  if (principal) principals_.put(key, *principal, now, expires);
  return principal;
}

void AccountService::logout(const Principal& p) {
  if (p.session_key.empty()) return;
  db_.write([&](soci::session& s) { s << kDeleteSession, soci::use(p.session_key); });
  principals_.forget(p.session_key);
}

Status AccountService::change_password(const Principal& p, const std::string& current,
                                       const std::string& replacement, UnixMicros) {
  if (Status rule = check_password_rule("new_password", replacement); !rule.ok()) return rule;
  std::string hash;
  long long uid = p.user.id;
  db_.read([&](soci::session& s) {
    s << "SELECT password_hash FROM users WHERE id = :u", soci::use(uid), soci::into(hash);
  });
  if (!verify_password(current, hash)) return invalid_credentials();
  const std::string new_hash = hash_password(replacement);
  db_.write([&](soci::session& s) {
    s << kUpdatePassword, soci::use(new_hash), soci::use(uid);
    // Other devices must sign in again with the new password.
    s << kDeleteOtherSessions, soci::use(uid), soci::use(p.session_key);
  });
  principals_.forget_user(p.user.id);
  return {};
}

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

std::vector<ApiToken> AccountService::list_tokens() {
  return db_.read([](soci::session& s) {
    std::vector<ApiToken> out;
    long long id, uid, created, revoked;
    std::string email, name;
    soci::indicator revoked_ind;
    soci::statement st =
        (s.prepare << kSelectTokens, soci::into(id), soci::into(uid), soci::into(email),
         soci::into(name), soci::into(created), soci::into(revoked, revoked_ind));
    st.execute();
    while (st.fetch()) {
      ApiToken t{id, uid, email, name, created, std::nullopt};
      if (revoked_ind == soci::i_ok) t.revoked_at = revoked;
      out.push_back(std::move(t));
    }
    return out;
  });
}

std::optional<Principal> AccountService::token_principal(const std::string& token, UnixMicros now) {
  if (token.rfind("sst_", 0) != 0 || token.size() > 128) return std::nullopt;
  const std::string key = secret_hash(token);
  if (auto cached = principals_.find(key, now)) return cached;
  auto principal = db_.read([&](soci::session& s) -> std::optional<Principal> {
    long long uid = 0;
    s << kSelectTokenUser, soci::use(key), soci::into(uid);
    if (!s.got_data()) return std::nullopt;
    auto user = load_user(s, "WHERE u.id = :id", uid, {});
    if (!user || user->disabled) return std::nullopt;
    return Principal{std::move(*user), true, "", ""};
  });
  if (principal) principals_.put(key, *principal, now, std::numeric_limits<UnixMicros>::max());
  return principal;
}

void AccountService::record(const AuditEntry& e) {
  db_.write([&](soci::session& s) { append_audit(s, e); });
}

void append_audit(soci::session& s, const AuditEntry& e) {
  long long id = e.id != 0 ? e.id : ids().next(), at = e.at, actor = e.actor_id.value_or(0);
  soci::indicator actor_ind = e.actor_id ? soci::i_ok : soci::i_null;
  int status = e.status;
  s << kInsertAudit, soci::use(id), soci::use(at), soci::use(actor, actor_ind),
      soci::use(e.actor_email), soci::use(e.action), soci::use(e.target), soci::use(e.remote_addr),
      soci::use(e.request_id), soci::use(status);
}

Page<AuditEntry> AccountService::list_audit(std::optional<Id> before, int limit) {
  assert(limit > 0 && limit <= kPageLimitMax);
  return db_.read([&](soci::session& s) {
    Page<AuditEntry> page;
    long long cursor = before.value_or(kNoCursor);
    int lim = limit + 1;
    AuditEntry e;
    long long id, at, actor;
    int status;
    soci::indicator actor_ind, email_ind;
    soci::statement st =
        (s.prepare << kSelectAudit, soci::use(cursor), soci::use(lim), soci::into(id),
         soci::into(at), soci::into(actor, actor_ind), soci::into(e.actor_email, email_ind),
         soci::into(e.action), soci::into(e.target), soci::into(e.remote_addr),
         soci::into(e.request_id), soci::into(status));
    st.execute();
    while (st.fetch()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.next = page.items.back().id;
        break;
      }
      e.id = id;
      e.at = at;
      e.actor_id = actor_ind == soci::i_ok ? std::optional<Id>(actor) : std::nullopt;
      if (email_ind != soci::i_ok) e.actor_email.clear();
      e.status = status;
      page.items.push_back(e);
    }
    return page;
  });
}

namespace {
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
