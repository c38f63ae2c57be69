// Passwords (argon2id via libsodium) and random secrets (session, CSRF, API tokens).
// Only hashes of secrets are stored; a copy of the database opens no session.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace sangsaeng::accounts {

// argon2id with libsodium's "interactive" limits (64 MiB, 2 passes): about 0.1 s here,
// slow enough to make guessing expensive, fast enough for a log-in.
// Throws std::runtime_error if memory cannot be had.
std::string hash_password(std::string_view password);
// Constant-time check of a password against a stored hash; false for a malformed hash.
bool verify_password(std::string_view password, const std::string& stored_hash);

// `bytes` random bytes (libsodium's CSPRNG) as URL-safe base64 without padding.
std::string random_secret(std::size_t bytes = 32);
// Hex BLAKE2b-256 of a secret, the form in which session and API tokens are stored.
std::string secret_hash(std::string_view secret);

// Password rules: at least 10 characters, at most 200 (users are told both).
constexpr std::size_t kPasswordMinChars = 10;
constexpr std::size_t kPasswordMaxChars = 200;
// invalid_argument naming `field` if `password` breaks the rules above.
Status check_password_rule(const std::string& field, std::string_view password);

}  // namespace sangsaeng::accounts
