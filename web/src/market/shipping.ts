// What follows a payment, as the pages need it: the address form's checks (the server checks
// again; these only spare a round trip), the merchant's next step of an order, and the couriers
// a Korean farm ships with.
import type { MarketOrderView, OrderStatus, ShipTo, ShippingStep } from '../api/client';

export type ShipToField = 'recipient' | 'phone' | 'postal_code' | 'address1' | 'address2' | 'memo';

export const kEmptyShipTo: ShipTo = { recipient: '', phone: '', postal_code: '', address1: '', address2: '', memo: '' };

/** The fields of `to` the server would refuse (same rules as market/fulfilment.cpp). */
export function shipToErrors(to: ShipTo): ShipToField[] {
  const bad: ShipToField[] = [];
  const recipient = to.recipient.trim();
  if (recipient.length < 1 || recipient.length > 50) bad.push('recipient');
  const digits = to.phone.replace(/-/g, '');
  if (!/^[0-9-]+$/.test(to.phone) || !/^0[0-9]{8,12}$/.test(digits)) bad.push('phone');
  if (!/^[0-9]{5}$/.test(to.postal_code)) bad.push('postal_code');
  const address = to.address1.trim();
  if (address.length < 1 || address.length > 200) bad.push('address1');
  return bad;
}

/** The field names of a 422 problem ("ship_to.phone") as form fields. */
export function shipToFieldsOf(problemFields: readonly { field: string }[]): ShipToField[] {
  const known: readonly string[] = ['recipient', 'phone', 'postal_code', 'address1', 'address2', 'memo'];
  return problemFields
    .map((f) => f.field.replace(/^ship_to\./, ''))
    .filter((f): f is ShipToField => known.includes(f));
}

/** The merchant's next step from `status`; null when there is none. */
export function nextStep(status: OrderStatus): ShippingStep | null {
  switch (status) {
    case 'paid':
      return 'packed';
    case 'packed':
      return 'shipped';
    case 'shipped':
      return 'delivered';
    default:
      return null;
  }
}

/** A buyer may ask for a refund until the order leaves with the courier. */
export function refundable(order: Pick<MarketOrderView, 'status'>): boolean {
  return order.status === 'paid' || order.status === 'packed';
}

/** Couriers offered in the shipping form (free text is accepted too). */
export const kCarriers: readonly string[] = ['CJ대한통운', '한진택배', '롯데택배', '우체국택배', '로젠택배'];
