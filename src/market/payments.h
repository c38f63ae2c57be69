// Card payments through a provider interface (issue 15). The platform never sees card numbers:
// the page hands the provider's one-time token to the server, which charges it once per order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/id.h"

namespace sangsaeng::market {

struct Charge {
  Id order_id = 0;  // also the provider's idempotency key: charging an order twice is one charge
  std::int64_t amount_won = 0;
  std::string method_token;  // the provider's one-time token for the buyer's card or account
};

enum class ChargeOutcome { approved, declined, timed_out };

struct ChargeResult {
  ChargeOutcome outcome = ChargeOutcome::declined;
  std::string provider_ref;  // the provider's payment id when approved
  std::string message;       // why, when declined
};

// Gives a charge back in full (a refunded order).
struct RefundRequest {
  Id order_id = 0;           // also the provider's idempotency key: refunding twice is one refund
  std::string provider_ref;  // the charge's
  std::int64_t amount_won = 0;
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual std::string_view name() const = 0;
  // Thread-safe. Blocks for at most the provider's own timeout.
  virtual ChargeResult charge(const Charge& charge) = 0;
  // Thread-safe. Blocks for at most the provider's own timeout. approved with the provider's
  // refund id, declined (the charge is unknown or already settled), or timed_out.
  virtual ChargeResult refund(const RefundRequest& refund) = 0;
};

// The demo's and the tests' provider: tokens "sandbox-approve", "sandbox-decline" and
// "sandbox-timeout" do what they say; any other token is declined as an unknown card. A refund
// of one of its own charges ("sandbox-<order>") is approved; of anything else, declined.
class SandboxPayments : public PaymentProvider {
 public:
  std::string_view name() const override { return "sandbox"; }
  ChargeResult charge(const Charge& charge) override;
  ChargeResult refund(const RefundRequest& refund) override;
};

}  // namespace sangsaeng::market
