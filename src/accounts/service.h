// Accounts: organisations, users and roles, log-in sessions, API tokens, the audit log and
// the program catalogue; `now` is passed in. Each method that writes commits its writes in
// one transaction; what it reads first to check them (the user for a log-in, a program for a
// role, the current state of a program) and the argon2id work happen before that transaction,
// so a method is not one snapshot. Uniqueness (e-mail, organisation name) is decided by the
// database's constraint inside the write, so concurrent duplicates get conflict, not an error.
// Expected outcomes (wrong password, duplicate e-mail, unknown program) are Status values.
// Methods that hash a password (create_user, signup, login, change_password) take about 0.1 s
// of CPU: the API runs them on its password pool, never on an io thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "accounts/phone.h"
#include "accounts/principal_cache.h"
#include "accounts/types.h"
#include "core/cursor.h"
#include "core/status.h"
#include "store/db.h"

namespace sangsaeng::accounts {

struct AccountOptions {
  std::int64_t session_ttl_us = 12LL * 3600 * kMicrosPerSecond;  // a working day
  // How long a principal read from the store is reused (accounts/principal_cache.h); 0: off.
  std::int64_t principal_cache_us = 0;
  PhoneOptions phone = {};
  // Delivers phone verification codes; null: the sandbox with code 123456.
  std::shared_ptr<PhoneVerifier> phone_verifier = nullptr;
};

struct NewUser {
  std::string email;
  std::string display_name;
  std::string password;
  std::optional<Id> org_id;
  std::vector<RoleGrant> roles;
  std::optional<std::string> phone = std::nullopt;  // normalised and verified
};

// A new log-in session. `secret` goes in the HttpOnly cookie and is never stored.
struct Session {
  std::string secret;
  std::string csrf_token;
  UnixMicros expires_at = 0;
  User user;
};

struct DisplayNames {
  std::unordered_map<Id, std::string> orgs;   // org id -> name
  std::unordered_map<Id, std::string> users;  // user id -> display name
};

// Self-service sign-up: always a customer of no organisation. With a phone proof
// (verify_phone) the account gets that verified phone; without one it can do everything but
// buy in the market until it attaches a phone (attach_phone).
struct SignUp {
  std::string email;
  std::string display_name;
  std::string password;
  std::string phone_proof = {};
};

struct ProgramPatch {
  std::optional<std::string> status = std::nullopt;
  // Set to null with std::optional<std::string>{}.
  std::optional<std::optional<std::string>> starts_on = std::nullopt;
  std::optional<std::optional<std::string>> ends_on = std::nullopt;
};

class AccountService {
 public:
  AccountService(store::Db& db, AccountOptions options = {});

  // Organisations. conflict if the name exists. Listed newest first.
  Result<Org> create_org(const std::string& name, OrgKind kind, UnixMicros now);
  Page<Org> list_orgs(std::optional<Id> before, int limit);
  std::optional<Org> find_org_by_name(const std::string& name);

  // Users. invalid_argument for a bad e-mail, a short password, a manager without a known
  // program or a program on a role that is not per program; conflict if the e-mail exists.
  Result<User> create_user(const NewUser& user, UnixMicros now);
  std::optional<User> find_user(Id id);
  std::optional<User> find_user_by_email(const std::string& email);
  Page<User> list_users(std::optional<Id> before, int limit);
  // Sign-up: creates a customer and signs them in (one argon2id hash). The field errors and
  // the conflict of create_user; with a phone proof also invalid_argument on "phone_proof"
  // (unknown, expired or used) and conflict "phone-in-use" (the UNIQUE index decides, so two
  // concurrent sign-ups with one phone make one account).
  Result<Session> signup(const SignUp& who, UnixMicros now);

  // Phone verification (accounts/phone.h). start: sends a code to the normalised phone;
  // invalid_argument on "phone" for a number that is not a Korean mobile one;
  // resource_exhausted "rate-limited" past PhoneOptions' starts per phone or per address.
  Result<PhoneChallenge> start_phone_verification(std::string_view phone,
                                                  const std::string& remote_addr, UnixMicros now);
  // The code of a started verification: a proof, or not_found, failed_precondition
  // "code-expired" | "too-many-tries" | "already-verified", invalid_argument "wrong-code"
  // (the try counts; the tries left are in the field error).
  Result<PhoneProof> verify_phone(Id verification_id, std::string_view code, UnixMicros now);
  // A signed-in account without a phone takes a proof: the errors of signup's proof, and
  // failed_precondition "phone-already-set" when the account has one.
  Result<User> attach_phone(Id user_id, const std::string& phone_proof, UnixMicros now);

  // Log-in. unauthenticated "invalid-credentials" for an unknown e-mail, a wrong password or
  // a disabled user (the same answer, in about the same time, so e-mails cannot be probed).
  Result<Session> login(const std::string& email, const std::string& password, UnixMicros now);
  // The principal of a live session; nullopt if unknown or expired. May come from the
  // principal cache (see AccountOptions::principal_cache_us).
  std::optional<Principal> session_principal(const std::string& secret, UnixMicros now);
  void logout(const Principal& principal);
  // Checks the current password, stores the new one and ends the user's other sessions.
  Status change_password(const Principal& principal, const std::string& current,
                         const std::string& replacement, UnixMicros now);

  // API tokens for integrations. The token text is returned once and never stored.
  Result<std::pair<ApiToken, std::string>> create_token(Id user_id, const std::string& name,
                                                        Id created_by, UnixMicros now);
  Status revoke_token(Id token_id, UnixMicros now);
  Page<ApiToken> list_tokens(std::optional<Id> before, int limit);
  // The principal of a live token; nullopt if unknown or revoked. May come from the cache.
  std::optional<Principal> token_principal(const std::string& token, UnixMicros now);

  // The audit log (append-only), newest first.
  void record(const AuditEntry& entry);
  Page<AuditEntry> list_audit(std::optional<Id> before, int limit);

  // Programs. update_program: invalid_argument for a status not in kProgramStatuses or an
  // end before the start; not_found for an unknown slug.
  std::vector<Program> list_programs();
  std::optional<Program> find_program(const std::string& slug);
  Result<Program> update_program(const std::string& slug, const ProgramPatch& patch);

  // Display names for lists that show who owns something (e.g. the books): organisations'
  // names and users' display names by id, in two queries whatever the number of ids. Ids that
  // do not exist are absent. REQUIRES: at most kDisplayNamesMax ids of each kind.
  static constexpr std::size_t kDisplayNamesMax = 500;
  DisplayNames display_names(const std::vector<Id>& org_ids, const std::vector<Id>& user_ids);

 private:
  // The field errors of a new user (reads the program catalogue for managers' programs).
  Status check_new_user(const NewUser& user);
  // conflict if a user has this (valid) e-mail: saves the argon2id work of a sign-up that
  // would fail. Only a shortcut: the insert's UNIQUE constraint decides.
  Status check_email_free(const std::string& email);
  // Inserts a checked user and their roles in the caller's write transaction; conflict if the
  // e-mail is taken, invalid_argument for an unknown organisation.
  Result<Id> insert_user(soci::session& s, const NewUser& user, const std::string& hash,
                         UnixMicros now);
  // Starts a session for the user in the caller's write transaction (Session::user empty).
  Session open_session(soci::session& s, Id user_id, UnixMicros now);
  std::vector<RoleGrant> roles_of(soci::session& s, Id user_id);
  std::optional<User> load_user(soci::session& s, const std::string& where, Id id,
                                const std::string& email);
  // What an authenticated request needs, in one statement (one round trip; see
  // Db::read_one_statement): the user with its roles and the credential's csrf token and
  // expiry. `credential` is kPrincipalBy* (users.cpp): a session's or a live token's hash.
  struct CredentialRow {
    User user;
    std::string csrf;
    UnixMicros expires_at = 0;
  };
  std::optional<CredentialRow> load_credential(soci::session& s, const char* credential,
                                               const std::string& key);

  // Consumes a live proof in the caller's write transaction: its phone, or invalid_argument.
  Result<std::string> take_proof(soci::session& s, const std::string& proof, UnixMicros now);
  void give_back_proof(soci::session& s, const std::string& proof);

  store::Db& db_;
  AccountOptions options_;
  PrincipalCache principals_;
};

// Appends an audit entry inside the caller's write transaction (e.g. a GroupWriter's, so that
// the entries of many requests share one commit). An entry without an id gets a new one.
void append_audit(soci::session& s, const AuditEntry& entry);

// Lower-cases and checks an e-mail address (one '@', a dot in the domain, no spaces,
// at most 254 characters). nullopt if it is not one.
std::optional<std::string> normalize_email(std::string_view email);

}  // namespace sangsaeng::accounts
