// How the page gets a payment method token. The server's only provider is the sandbox, whose
// tokens name the outcome; a real provider's widget (card form, wallet) replaces this module and
// hands its one-time token to payMarketOrder the same way. The page never sees card numbers.
import type { MessageKey } from '../i18n';

export interface PaymentMethod {
  token: string;
  label: MessageKey;
}

export const kPaymentMethods: readonly PaymentMethod[] = [
  { token: 'sandbox-approve', label: 'market.pay.sandbox_approve' },
  { token: 'sandbox-decline', label: 'market.pay.sandbox_decline' },
  { token: 'sandbox-timeout', label: 'market.pay.sandbox_timeout' },
];

/** The sentence for a refused payment, by problem type; null for the generic notice. */
export function payProblemKey(slug: string): MessageKey | null {
  switch (slug) {
    case 'payment-declined':
      return 'market.pay.declined';
    case 'payment-timeout':
      return 'market.pay.timeout';
    case 'hold-expired':
      return 'market.pay.expired';
    case 'not-payable':
      return 'market.pay.not_payable';
    case 'payments-off':
      return 'market.pay.off';
    case 'outside-delivery-zones':
      return 'market.pay.outside_zones';
    case 'validation':
      return 'market.pay.fix_address';
    case 'network-error':
      return 'market.pay.timeout';
  }
  return null;
}
