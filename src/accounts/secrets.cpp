#include "accounts/secrets.h"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "core/json.h"

namespace sangsaeng::accounts {

namespace {
void ensure_sodium() {
  static const int init = sodium_init();
  if (init < 0) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(std::string_view password, const std::string& stored_hash) {
  ensure_sodium();
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_secret(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::string secret_hash(std::string_view secret) {
  ensure_sodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Status check_password_rule(const std::string& field, std::string_view password) {
  const std::size_t n = utf8_length(password);
  if (n < kPasswordMinChars)
    return Status::invalid(field,
                           "must be at least " + std::to_string(kPasswordMinChars) + " characters");
  if (n > kPasswordMaxChars)
    return Status::invalid(field,
                           "must be at most " + std::to_string(kPasswordMaxChars) + " characters");
  return {};
}

}  // namespace sangsaeng::accounts
