// Organisations and users: creation, look-up, lists.
#include <cassert>
#include <cctype>

#include "accounts/internal.h"
#include "accounts/secrets.h"
#include "accounts/service.h"

namespace sangsaeng::accounts {

namespace {

// Uniqueness (organisation name, e-mail) is left to the UNIQUE constraints: an insert that
// meets one does nothing (on both dialects), and no row inserted means "taken". A count before
// the insert would let two concurrent requests both pass it on PostgreSQL.
constexpr const char* kInsertOrg =
    "INSERT INTO orgs (id, name, kind, created_at) VALUES (:id, :name, :kind, :at) "
    "ON CONFLICT (name) DO NOTHING";
constexpr const char* kSelectOrgs =
    "SELECT id, name, kind FROM orgs WHERE id < :b ORDER BY id DESC LIMIT :l";
constexpr const char* kSelectOrgByName = "SELECT id, name, kind FROM orgs WHERE name = :name";
// ON CONFLICT without a target: the e-mail's and the phone's UNIQUE both answer "no row".
constexpr const char* kInsertUser =
    "INSERT INTO users (id, org_id, email, display_name, password_hash, disabled, created_at, "
    "phone) VALUES (:id, :org, :email, :name, :hash, 0, :at, :phone) ON CONFLICT DO NOTHING";
constexpr const char* kCountUserByEmail = "SELECT COUNT(*) FROM users WHERE email = :email";
constexpr const char* kInsertRole =
    "INSERT INTO user_roles (user_id, role, program) VALUES (:u, :r, :p)";
// The user and its roles by a credential (AccountService::load_credential), completed by one
// of kPrincipalBy* (accounts/internal.h). The roles come in kSelectRoles' order.
constexpr const char* kSelectCredentialColumns =
    "SELECT u.id, u.email, u.display_name, u.org_id, o.name, u.disabled, u.created_at, u.phone, "
    "c.csrf, c.expires_at, r.role, r.program FROM ";
constexpr const char* kSelectRoles =
    "SELECT role, program FROM user_roles WHERE user_id = :u ORDER BY role, program";
constexpr const char* kSelectUserColumns =
    "SELECT u.id, u.email, u.display_name, u.org_id, o.name, u.disabled, u.created_at, u.phone "
    "FROM users u LEFT JOIN orgs o ON o.id = u.org_id ";

Status email_taken() {
  return Status(Code::conflict, "email-taken", "A user with this e-mail exists");
}

Status phone_in_use() {
  return Status(Code::conflict, "phone-in-use", "An account with this phone exists");
}

bool per_program(Role r) {
  return r == Role::manager;
}

}  // namespace

AccountService::AccountService(store::Db& db, AccountOptions options)
    : db_(db), options_(std::move(options)), principals_(options_.principal_cache_us) {
  if (!options_.phone_verifier) options_.phone_verifier = make_sandbox_verifier("123456");
}

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
    Org org{ids().next(), name, kind};
    const std::string kind_text(to_string(kind));
    long long at = now;
    soci::statement st = (s.prepare << kInsertOrg, soci::use(org.id), soci::use(name),
                          soci::use(kind_text), soci::use(at));
    st.execute(true);
    if (st.get_affected_rows() == 0)
      return Status(Code::conflict, "org-exists", "An organisation with this name exists");
    return org;
  });
}

Page<Org> AccountService::list_orgs(std::optional<Id> before, int limit) {
  assert(limit > 0 && limit <= kPageLimitMax);
  return db_.read([&](soci::session& s) {
    Page<Org> page;
    long long cursor = before.value_or(kNoCursor), id;
    int lim = limit + 1;
    std::string name, kind;
    soci::statement st = (s.prepare << kSelectOrgs, soci::use(cursor), soci::use(lim),
                          soci::into(id), soci::into(name), soci::into(kind));
    st.execute();
    while (st.fetch()) {
      if (static_cast<int>(page.items.size()) == limit) {
        page.next = page.items.back().id;
        break;
      }
      page.items.push_back({id, name, parse_org_kind(kind).value_or(OrgKind::company)});
    }
    return page;
  });
}

std::optional<Org> AccountService::find_org_by_name(const std::string& name) {
  return db_.read([&](soci::session& s) -> std::optional<Org> {
    long long id = 0;
    std::string found, kind;
    s << kSelectOrgByName, soci::use(name), soci::into(id), soci::into(found), soci::into(kind);
    if (!s.got_data()) return std::nullopt;
    return Org{id, found, parse_org_kind(kind).value_or(OrgKind::company)};
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

std::optional<AccountService::CredentialRow> AccountService::load_credential(
    soci::session& s, const char* credential, const std::string& key) {
  const std::string sql = std::string(kSelectCredentialColumns) + credential;
  long long uid = 0, org_id = 0, created = 0, expires = 0;
  int disabled = 0;
  std::string mail, name, org_name, phone, csrf, role, program;
  soci::indicator org_ind = soci::i_null, org_name_ind = soci::i_null, phone_ind = soci::i_null,
                  role_ind = soci::i_null, program_ind = soci::i_null;
  soci::statement st =
      (s.prepare << sql, soci::use(key), soci::into(uid), soci::into(mail), soci::into(name),
       soci::into(org_id, org_ind), soci::into(org_name, org_name_ind), soci::into(disabled),
       soci::into(created), soci::into(phone, phone_ind), soci::into(csrf), soci::into(expires),
       soci::into(role, role_ind), soci::into(program, program_ind));
  st.execute();
  std::optional<CredentialRow> out;
  // One row per role (at least one: the roles are LEFT JOINed); bounded by the role catalogue.
  for (int rows = 0; st.fetch(); ++rows) {
    assert(rows < 10'000);
    if (!out) {
      out.emplace();
      User& u = out->user;
      u.id = uid;
      u.email = mail;
      u.display_name = name;
      if (org_ind == soci::i_ok) u.org_id = org_id;
      if (org_name_ind == soci::i_ok) u.org_name = org_name;
      u.disabled = disabled != 0;
      u.created_at = created;
      if (phone_ind == soci::i_ok) u.phone = phone;
      out->csrf = csrf;
      out->expires_at = expires;
    }
    if (role_ind != soci::i_ok) continue;
    if (auto r = parse_role(role))
      out->user.roles.push_back({*r, program_ind == soci::i_ok ? program : ""});
  }
  return out;
}

std::optional<User> AccountService::load_user(soci::session& s, const std::string& where, Id id,
                                              const std::string& email) {
  long long uid = 0, org_id = 0, created = 0;
  int disabled = 0;
  std::string mail, name, org_name, phone;
  soci::indicator org_ind = soci::i_null, org_name_ind = soci::i_null, phone_ind = soci::i_null;
  const std::string sql = std::string(kSelectUserColumns) + where;
  if (id != 0) {
    long long key = id;
    s << sql, soci::use(key), soci::into(uid), soci::into(mail), soci::into(name),
        soci::into(org_id, org_ind), soci::into(org_name, org_name_ind), soci::into(disabled),
        soci::into(created), soci::into(phone, phone_ind);
  } else {
    s << sql, soci::use(email), soci::into(uid), soci::into(mail), soci::into(name),
        soci::into(org_id, org_ind), soci::into(org_name, org_name_ind), soci::into(disabled),
        soci::into(created), soci::into(phone, phone_ind);
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
  if (phone_ind == soci::i_ok) u.phone = phone;
  u.roles = roles_of(s, u.id);
  return u;
}

Status AccountService::check_new_user(const NewUser& in) {
  std::vector<FieldError> errors;
  if (!normalize_email(in.email)) errors.push_back({"email", "is not an e-mail address"});
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
  return {};
}

Status AccountService::check_email_free(const std::string& email) {
  const std::string normal = *normalize_email(email);
  const int count = db_.read([&](soci::session& s) {
    int n = 0;
    s << kCountUserByEmail, soci::use(normal), soci::into(n);
    return n;
  });
  if (count > 0) return email_taken();
  return {};
}

Result<Id> AccountService::insert_user(soci::session& s, const NewUser& in, const std::string& hash,
                                       UnixMicros now) {
  const std::string email = *normalize_email(in.email);
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
  std::string phone = in.phone.value_or("");
  soci::indicator phone_ind = in.phone ? soci::i_ok : soci::i_null;
  soci::statement st =
      (s.prepare << kInsertUser, soci::use(id), soci::use(org_value, org_ind), soci::use(email),
       soci::use(in.display_name), soci::use(hash), soci::use(at), soci::use(phone, phone_ind));
  st.execute(true);
  if (st.get_affected_rows() == 0) {
    int same_email = 0;
    s << kCountUserByEmail, soci::use(email), soci::into(same_email);
    return same_email > 0 ? email_taken() : phone_in_use();
  }
  for (const auto& g : in.roles) {
    const std::string role(to_string(g.role));
    s << kInsertRole, soci::use(id), soci::use(role), soci::use(g.program);
  }
  return Id{id};
}

Result<User> AccountService::create_user(const NewUser& in, UnixMicros now) {
  if (Status checked = check_new_user(in); !checked.ok()) return checked;
  if (Status free = check_email_free(in.email); !free.ok()) return free;
  const std::string hash = hash_password(in.password);  // slow: outside the transaction
  return db_.write([&](soci::session& s) -> Result<User> {
    auto id = insert_user(s, in, hash, now);
    if (!id.ok()) return id.status();
    return *load_user(s, "WHERE u.id = :id", id.value(), {});
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

}  // namespace sangsaeng::accounts
