// Log-in sessions: log-in, the principal of a session, log-out, password change.
#include "accounts/internal.h"
#include "accounts/secrets.h"
#include "accounts/service.h"

namespace sangsaeng::accounts {

namespace {

constexpr const char* kSelectPasswordHash =
    "SELECT id, password_hash, disabled FROM users WHERE email = :email";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
    "VALUES (:h, :u, :c, :at, :exp)";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = :h";
constexpr const char* kDeleteOtherSessions =
    "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :h";
constexpr const char* kDeleteExpiredSessions = "DELETE FROM sessions WHERE expires_at < :now";
constexpr const char* kUpdatePassword = "UPDATE users SET password_hash = :h WHERE id = :u";

// A fixed argon2id hash to verify against when the e-mail is unknown, so that answering
// "invalid credentials" takes as long for an unknown e-mail as for a wrong password.
const std::string& dummy_hash() {
  static const std::string h = hash_password("not a password of anyone");
  return h;
}

Status invalid_credentials() {
  return Status(Code::unauthenticated, "invalid-credentials", "Email or password is incorrect");
}

}  // namespace

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

  Session session = db_.write([&](soci::session& s) { return open_session(s, user_id, now); });
  session.user = *find_user(user_id);
  return session;
}

Session AccountService::open_session(soci::session& s, Id user_id, UnixMicros now) {
  Session session;
  session.secret = random_secret();
  session.csrf_token = random_secret();
  session.expires_at = now + options_.session_ttl_us;
  const std::string key = secret_hash(session.secret);
  long long at = now, exp = session.expires_at, uid = user_id;
  s << kDeleteExpiredSessions, soci::use(at);
  s << kInsertSession, soci::use(key), soci::use(uid), soci::use(session.csrf_token), soci::use(at),
      soci::use(exp);
  return session;
}

Result<Session> AccountService::signup(const SignUp& who, UnixMicros now) {
  NewUser user{who.email, who.display_name, who.password, std::nullopt, {{Role::customer, ""}}};
  if (Status checked = check_new_user(user); !checked.ok()) return checked;
  if (Status free = check_email_free(user.email); !free.ok()) return free;
  // One argon2id hash, outside the transaction; the new user is signed in without checking
  // the password just hashed.
  const std::string hash = hash_password(who.password);
  return db_.write([&](soci::session& s) -> Result<Session> {
    if (!who.phone_proof.empty()) {
      auto phone = take_proof(s, who.phone_proof, now);
      if (!phone.ok()) return phone.status();
      user.phone = phone.value();
    }
    auto id = insert_user(s, user, hash, now);
    if (!id.ok()) {
      if (user.phone) give_back_proof(s, who.phone_proof);  // this write changes nothing
      return id.status();
    }
    Session session = open_session(s, id.value(), now);
    session.user = *load_user(s, "WHERE u.id = :id", id.value(), {});
    return session;
  });
}

std::optional<Principal> AccountService::session_principal(const std::string& secret,
                                                           UnixMicros now) {
  if (secret.empty() || secret.size() > 128) return std::nullopt;
  const std::string key = secret_hash(secret);
  if (auto cached = principals_.find(key, now)) return cached;
  long long expires = 0;
  auto principal = db_.read_one_statement([&](soci::session& s) -> std::optional<Principal> {
    auto row = load_credential(s, kPrincipalBySession, key);
    if (!row || row->expires_at <= now || row->user.disabled) return std::nullopt;
    expires = row->expires_at;
    return Principal{std::move(row->user), false, row->csrf, key};
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

}  // namespace sangsaeng::accounts
