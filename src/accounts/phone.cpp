// Phone verification: normalising Korean mobile numbers, starting a verification, checking
// its code, and consuming the proof (sign-up and attach_phone).
#include "accounts/phone.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cassert>
#include <cctype>

#include "accounts/secrets.h"
#include "accounts/service.h"

namespace sangsaeng::accounts {

namespace {

constexpr const char* kCountStartsByPhone =
    "SELECT COUNT(*) FROM phone_verifications WHERE phone = :p AND created_at > :since";
constexpr const char* kCountStartsByAddress =
    "SELECT COUNT(*) FROM phone_verifications WHERE remote_addr = :a AND created_at > :since";
constexpr const char* kInsertVerification =
    "INSERT INTO phone_verifications (id, phone, remote_addr, code_hash, attempts, created_at, "
    "expires_at) VALUES (:id, :p, :a, :h, 0, :at, :exp)";
constexpr const char* kSelectVerification =
    "SELECT code_hash, attempts, expires_at, proof_hash FROM phone_verifications WHERE id = :id";
constexpr const char* kCountAttempt =
    "UPDATE phone_verifications SET attempts = attempts + 1 WHERE id = :id";
constexpr const char* kSetProof =
    "UPDATE phone_verifications SET proof_hash = :h, proof_expires_at = :exp WHERE id = :id";
constexpr const char* kSelectPhoneOfVerification =
    "SELECT phone FROM phone_verifications WHERE id = :id";
constexpr const char* kConsumeProof =
    "UPDATE phone_verifications SET consumed_at = :now WHERE proof_hash = :h "
    "AND consumed_at IS NULL AND proof_expires_at > :now2";
constexpr const char* kGiveBackProof =
    "UPDATE phone_verifications SET consumed_at = NULL WHERE proof_hash = :h";
constexpr const char* kSelectPhoneOfProof =
    "SELECT phone FROM phone_verifications WHERE proof_hash = :h";
constexpr const char* kCountPhone = "SELECT COUNT(*) FROM users WHERE phone = :p";
constexpr const char* kSetUserPhone = "UPDATE users SET phone = :p WHERE id = :u AND phone IS NULL";

constexpr std::size_t kCodeDigits = 6;

class SandboxVerifier final : public PhoneVerifier {
 public:
  explicit SandboxVerifier(std::string code) : code_(std::move(code)) {}
  std::string new_code() override { return code_; }
  Status send_code(const std::string& phone, const std::string& code) override {
    spdlog::info("phone sandbox: code {} for {} (not sent; the sandbox accepts only it)", code,
                 phone);
    return {};
  }

 private:
  const std::string code_;
};

// The code's hash is salted with the verification's id: a 6-digit code alone has too few
// values for its plain hash to hide it.
std::string code_hash(Id verification_id, std::string_view code) {
  return secret_hash(std::to_string(verification_id) + ":" + std::string(code));
}

}  // namespace

std::optional<std::string> normalize_korean_mobile(std::string_view text) {
  if (text.size() > 32) return std::nullopt;
  std::string digits;
  bool plus = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isdigit(c)) {
      digits.push_back(static_cast<char>(c));
    } else if (c == '+' && i == 0) {
      plus = true;
    } else if (c != '-' && c != ' ' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  // National form 010XXXXXXXX, or international 82 10XXXXXXXX (with "+82" or "82").
  std::string national;
  if (!plus && digits.size() == 11 && digits.starts_with("010")) {
    national = digits.substr(1);
  } else if (digits.size() == 12 && digits.starts_with("8210")) {
    national = digits.substr(2);
  } else if (plus && digits.size() == 13 && digits.starts_with("82010")) {
    national = digits.substr(3);  // "+82 010-..." as people often write it
  } else {
    return std::nullopt;
  }
  assert(national.size() == 10 && national.starts_with("10"));
  return "+82" + national;
}

std::unique_ptr<PhoneVerifier> make_sandbox_verifier(std::string fixed_code) {
  return std::make_unique<SandboxVerifier>(std::move(fixed_code));
}

Result<PhoneChallenge> AccountService::start_phone_verification(std::string_view phone_text,
                                                                const std::string& remote_addr,
                                                                UnixMicros now) {
  const auto phone = normalize_korean_mobile(phone_text);
  if (!phone) return Status::invalid("phone", "must be a Korean mobile number, e.g. 010-1234-5678");
  const PhoneOptions& o = options_.phone;
  const std::string code = options_.phone_verifier->new_code();
  assert(code.size() == kCodeDigits);
  auto started = db_.write([&](soci::session& s) -> Result<PhoneChallenge> {
    long long since = now - o.start_window_us;
    int by_phone = 0, by_address = 0;
    s << kCountStartsByPhone, soci::use(*phone), soci::use(since), soci::into(by_phone);
    s << kCountStartsByAddress, soci::use(remote_addr), soci::use(since), soci::into(by_address);
    if (by_phone >= o.starts_per_phone_max || by_address >= o.starts_per_address_max)
      return Status(Code::resource_exhausted, "rate-limited",
                    "Too many verification codes asked for; wait and try again");
    PhoneChallenge c{ids().next(), now + o.code_ttl_us};
    const std::string hash = code_hash(c.verification_id, code);
    long long id = c.verification_id, at = now, exp = c.expires_at;
    s << kInsertVerification, soci::use(id), soci::use(*phone), soci::use(remote_addr),
        soci::use(hash), soci::use(at), soci::use(exp);
    return c;
  });
  if (!started.ok()) return started;
  if (Status sent = options_.phone_verifier->send_code(*phone, code); !sent.ok()) return sent;
  return started;
}

Result<PhoneProof> AccountService::verify_phone(Id verification_id, std::string_view code,
                                                UnixMicros now) {
  const PhoneOptions& o = options_.phone;
  // A write: a wrong try is counted (and committed) whatever the answer.
  return db_.write([&](soci::session& s) -> Result<PhoneProof> {
    long long id = verification_id, expires = 0;
    int attempts = 0;
    std::string hash, proof_hash;
    soci::indicator proof_ind = soci::i_null;
    s << kSelectVerification, soci::use(id), soci::into(hash), soci::into(attempts),
        soci::into(expires), soci::into(proof_hash, proof_ind);
    if (!s.got_data()) return Status::not_found("No verification with this id");
    if (proof_ind == soci::i_ok)
      return Status(Code::failed_precondition, "already-verified",
                    "This verification was completed; use its proof or start again");
    if (attempts >= o.tries_max)
      return Status(Code::failed_precondition, "too-many-tries",
                    "Too many wrong codes; ask for a new code");
    if (now >= expires)
      return Status(Code::failed_precondition, "code-expired",
                    "The code has expired; ask for a new code");
    if (code.size() != kCodeDigits || code_hash(verification_id, code) != hash) {
      s << kCountAttempt, soci::use(id);
      const int left = o.tries_max - attempts - 1;
      return Status(Code::invalid_argument, "wrong-code", "The code is not right",
                    {{"code", "is not right; " + std::to_string(left) + " tries left"}});
    }
    PhoneProof proof{random_secret(), {}, now + o.proof_ttl_us};
    const std::string key = secret_hash(proof.proof);
    long long exp = proof.expires_at;
    s << kSetProof, soci::use(key), soci::use(exp), soci::use(id);
    s << kSelectPhoneOfVerification, soci::use(id), soci::into(proof.phone);
    return proof;
  });
}

Result<std::string> AccountService::take_proof(soci::session& s, const std::string& proof,
                                               UnixMicros now) {
  const std::string key = secret_hash(proof);
  long long at = now;
  soci::statement st = (s.prepare << kConsumeProof, soci::use(at), soci::use(key), soci::use(at));
  st.execute(true);
  if (st.get_affected_rows() == 0)
    return Status::invalid("phone_proof", "is not a live proof of a verified phone; verify again");
  std::string phone;
  s << kSelectPhoneOfProof, soci::use(key), soci::into(phone);
  return phone;
}

void AccountService::give_back_proof(soci::session& s, const std::string& proof) {
  const std::string key = secret_hash(proof);
  s << kGiveBackProof, soci::use(key);
}

Result<User> AccountService::attach_phone(Id user_id, const std::string& proof, UnixMicros now) {
  auto user = db_.write([&](soci::session& s) -> Result<User> {
    auto phone = take_proof(s, proof, now);
    if (!phone.ok()) return phone.status();
    int taken = 0;
    s << kCountPhone, soci::use(phone.value()), soci::into(taken);
    long long uid = user_id;
    Status refused;
    if (taken > 0) {
      refused = Status(Code::conflict, "phone-in-use", "Another account has this phone");
    } else {
      soci::statement st = (s.prepare << kSetUserPhone, soci::use(phone.value()), soci::use(uid));
      st.execute(true);
      if (st.get_affected_rows() == 0)
        refused = Status(Code::failed_precondition, "phone-already-set",
                         "This account has a verified phone");
    }
    if (!refused.ok()) {
      give_back_proof(s, proof);  // the proof stays usable, e.g. for a sign-up
      return refused;
    }
    return *load_user(s, "WHERE u.id = :id", user_id, {});
  });
  if (user.ok()) principals_.forget_user(user_id);
  return user;
}

}  // namespace sangsaeng::accounts
