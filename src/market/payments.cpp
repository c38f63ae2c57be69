#include "market/payments.h"

namespace sangsaeng::market {

ChargeResult SandboxPayments::charge(const Charge& c) {
  if (c.method_token == "sandbox-approve")
    return {ChargeOutcome::approved, "sandbox-" + id_to_string(c.order_id), ""};
  if (c.method_token == "sandbox-timeout")
    return {ChargeOutcome::timed_out, "", "The payment provider did not answer in time"};
  if (c.method_token == "sandbox-decline")
    return {ChargeOutcome::declined, "", "The card was declined"};
  return {ChargeOutcome::declined, "", "Unknown card or payment token"};
}

ChargeResult SandboxPayments::refund(const RefundRequest& r) {
  if (r.provider_ref != "sandbox-" + id_to_string(r.order_id))
    return {ChargeOutcome::declined, "", "No such payment to refund"};
  return {ChargeOutcome::approved, "sandbox-refund-" + id_to_string(r.order_id), ""};
}

}  // namespace sangsaeng::market
