// Phone verification: the number a customer proves they hold, so that one phone makes one
// account (issue 15). A verification sends a short code through a PhoneVerifier; the right
// code within its life and tries gives a proof, which a sign-up (or a signed-in account)
// consumes once to store the phone. The rules (normalisation, limits) live here and in
// AccountService (phone.cpp); the provider only delivers codes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.h"
#include "core/status.h"
#include "core/time.h"

namespace sangsaeng::accounts {

// A Korean mobile number in one form, "+8210" and 8 digits, from what people type:
// "010-1234-5678", "01012345678", "010 1234 5678", "+82 10-1234-5678", "+821012345678".
// nullopt for anything else (landlines, other countries, old 011/016-019 prefixes, letters).
std::optional<std::string> normalize_korean_mobile(std::string_view text);

// Delivers verification codes. Implementations must be thread-safe; send_code runs on the
// caller's thread inside no transaction.
class PhoneVerifier {
 public:
  virtual ~PhoneVerifier() = default;
  // The code to send for a new verification (6 digits).
  virtual std::string new_code() = 0;
  // Sends `code` to `phone` (normalised). unavailable when the provider cannot take it.
  virtual Status send_code(const std::string& phone, const std::string& code) = 0;
};

// For the demo and the tests: every code is `fixed_code`, and "sending" writes it to the log.
// A real SMS provider is out of scope (docs/decisions.md).
std::unique_ptr<PhoneVerifier> make_sandbox_verifier(std::string fixed_code);

struct PhoneOptions {
  UnixMicros code_ttl_us = 3 * 60 * kMicrosPerSecond;    // a code lives 3 minutes
  int tries_max = 5;                                     // wrong codes before it is dead
  UnixMicros proof_ttl_us = 15 * 60 * kMicrosPerSecond;  // time to finish the sign-up
  // Verifications started per phone and per client address within the window: SMS cost
  // and the harassment of a number someone else typed; 20 per address lets an office NAT
  // sign up its people in an hour.
  UnixMicros start_window_us = 3600LL * kMicrosPerSecond;
  int starts_per_phone_max = 5;
  int starts_per_address_max = 20;
};

// A started verification: its id is what the client sends back with the code.
struct PhoneChallenge {
  Id verification_id = 0;
  UnixMicros expires_at = 0;
};

// The proof of a verified phone: `proof` is shown once and only its hash is stored.
struct PhoneProof {
  std::string proof;
  std::string phone;  // normalised
  UnixMicros expires_at = 0;
};

}  // namespace sangsaeng::accounts
