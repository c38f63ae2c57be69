import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api/client';
import { formatKstTime } from '../format';
import { makeI18n } from '../i18n';
import { countdownText } from '../screens/MarketParts';
import {
  buyProblemKey,
  countdown,
  discountPercent,
  isUndecided,
  kstInputToRfc3339,
  kstInputValue,
  maxUnits,
  newIdempotencyKey,
  nextDropOpening,
  PurchaseAttempts,
} from './logic';
import { kPaymentMethods, payProblemKey } from './payment';
import { nextStep, refundable, shipToErrors, shipToFieldsOf } from './shipping';

const problem = (status: number, slug: string, retryAfterSeconds?: number) =>
  new ApiProblem({ type: `https://sangsaeng.kr/problems/${slug}`, title: slug, status, retryAfterSeconds });

describe('discountPercent', () => {
  it('rounds down so the page never claims more than the saving', () => {
    expect(discountPercent(14_900, 29_800)).toBe(50);
    expect(discountPercent(12_900, 25_000)).toBe(48); // 48.4
    expect(discountPercent(9_999, 10_000)).toBe(0); // 0.01 %
  });
  it('is 0 without a higher market price', () => {
    expect(discountPercent(10_000, 0)).toBe(0);
    expect(discountPercent(10_000, 10_000)).toBe(0);
    expect(discountPercent(12_000, 10_000)).toBe(0);
  });
});

describe('countdown', () => {
  it('splits into days and hh:mm:ss, rounding up to the next second', () => {
    expect(countdown(1)).toEqual({ days: 0, hms: '00:00:01' });
    expect(countdown(3_723_000)).toEqual({ days: 0, hms: '01:02:03' });
    expect(countdown(2 * 86_400_000 + 5_000)).toEqual({ days: 2, hms: '00:00:05' });
    expect(countdown(0)).toBeNull();
    expect(countdown(-5)).toBeNull();
  });
  it('reads in Korean and English', () => {
    expect(countdownText(makeI18n('ko', () => {}).t, 86_400_000 + 61_000)).toBe('오픈까지 1일 00:01:01');
    expect(countdownText(makeI18n('en', () => {}).t, 61_000)).toBe('Opens in 00:01:01');
  });
});

describe('KST times in forms', () => {
  it('reads datetime-local values as Seoul wall time', () => {
    expect(kstInputToRfc3339('2026-12-02T10:00')).toBe('2026-12-02T10:00:00+09:00');
    expect(Date.parse(kstInputToRfc3339('2026-12-02T10:00')!)).toBe(Date.UTC(2026, 11, 2, 1, 0));
    expect(kstInputToRfc3339('2026-02-30T10:00')).toBeNull();
    expect(kstInputToRfc3339('tomorrow')).toBeNull();
  });
  it('writes an instant as its Seoul wall time', () => {
    expect(kstInputValue(new Date(Date.UTC(2026, 11, 1, 16, 30)))).toBe('2026-12-02T01:30');
  });
  it('proposes the next Wednesday 10:00 in Seoul', () => {
    // Tue 2026-12-01 12:00 KST -> Wed 2026-12-02 10:00 KST
    expect(nextDropOpening(new Date(Date.UTC(2026, 11, 1, 3))).toISOString()).toBe('2026-12-02T01:00:00.000Z');
    // Wed 09:59 KST -> the same day; Wed 10:00 KST -> a week later
    expect(nextDropOpening(new Date(Date.UTC(2026, 11, 2, 0, 59))).toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(nextDropOpening(new Date(Date.UTC(2026, 11, 2, 1, 0))).toISOString()).toBe('2026-12-09T01:00:00.000Z');
    // Tue 23:30 UTC is already Wednesday 08:30 in Seoul
    expect(nextDropOpening(new Date(Date.UTC(2026, 11, 1, 23, 30))).toISOString()).toBe('2026-12-02T01:00:00.000Z');
  });
  it('shows the payment deadline as Seoul hours and minutes', () => {
    expect(formatKstTime('2026-12-02T01:10:00Z', 'ko')).toBe('10:10');
    expect(formatKstTime('2026-12-02T01:10:00Z', 'en')).toBe('10:10 KST');
  });
});

describe('purchase attempts (one Idempotency-Key per attempt)', () => {
  function attempts() {
    let n = 0;
    return new PurchaseAttempts(() => `key-${++n}`);
  }

  it('reuses the key after an answer that leaves the outcome open', () => {
    const a = attempts();
    expect(a.keyFor(2)).toBe('key-1');
    a.settle(new ApiProblem({ type: 'network-error', title: 'x', status: 0 }));
    expect(a.keyFor(2)).toBe('key-1');
    a.settle(problem(503, 'drop-busy', 1));
    expect(a.keyFor(2)).toBe('key-1');
    a.settle(problem(409, 'idempotency-key-in-use'));
    expect(a.keyFor(2)).toBe('key-1');
  });

  it('starts a new attempt after a decided answer or with other units', () => {
    const a = attempts();
    expect(a.keyFor(1)).toBe('key-1');
    a.settle(); // 201
    expect(a.keyFor(1)).toBe('key-2');
    a.settle(problem(409, 'sold-out'));
    expect(a.keyFor(1)).toBe('key-3');
    expect(a.keyFor(2)).toBe('key-4');
  });

  it('makes 128-bit hex keys', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
    expect(isUndecided(problem(422, 'per-buyer-limit'))).toBe(false);
  });
});

describe('buy problems', () => {
  it('has a sentence for every problem type of a purchase', () => {
    expect(buyProblemKey(problem(409, 'sold-out'))).toBe('market.problem.sold_out');
    expect(buyProblemKey(problem(409, 'not-open'))).toBe('market.problem.not_open');
    expect(buyProblemKey(problem(409, 'not-enough-stock'))).toBe('market.problem.not_enough');
    expect(buyProblemKey(problem(422, 'per-buyer-limit'))).toBe('market.problem.per_buyer_limit');
    expect(buyProblemKey(problem(422, 'per-address-limit'))).toBe('market.problem.per_address_limit');
    expect(buyProblemKey(problem(403, 'phone-not-verified'))).toBe('market.problem.phone_not_verified');
    expect(buyProblemKey(problem(503, 'drop-busy', 2))).toBe('market.problem.busy');
    expect(buyProblemKey(problem(503, 'drop-busy'))).toBe('market.problem.busy_no_wait');
    expect(buyProblemKey(problem(409, 'idempotency-key-in-use'))).toBe('market.problem.in_progress');
    expect(buyProblemKey(problem(422, 'idempotency-key-reused'))).toBe('market.problem.key_reused');
    expect(buyProblemKey(new ApiProblem({ type: 'network-error', title: 'x', status: 0 }))).toBe('market.problem.network');
    expect(buyProblemKey(problem(401, 'unauthenticated'))).toBeNull();
  });

  it('bounds the units picker by the limit and the stock left', () => {
    expect(maxUnits(2, 100)).toBe(2);
    expect(maxUnits(5, 3)).toBe(3);
    expect(maxUnits(5, 0)).toBe(5);
  });
});

describe('payment answers', () => {
  it('has a sentence for every payment problem type', () => {
    expect(payProblemKey('payment-declined')).toBe('market.pay.declined');
    expect(payProblemKey('payment-timeout')).toBe('market.pay.timeout');
    expect(payProblemKey('hold-expired')).toBe('market.pay.expired');
    expect(payProblemKey('not-payable')).toBe('market.pay.not_payable');
    expect(payProblemKey('payments-off')).toBe('market.pay.off');
    expect(payProblemKey('forbidden')).toBeNull();
  });
  it('offers the sandbox outcomes, approval first', () => {
    expect(kPaymentMethods.map((m) => m.token)).toEqual(['sandbox-approve', 'sandbox-decline', 'sandbox-timeout']);
  });
});

describe('after payment', () => {
  const to = { recipient: '김하늘', phone: '010-1234-5678', postal_code: '03154', address1: '서울 종로구 세종대로 175' };

  it('checks the address as the server does', () => {
    expect(shipToErrors(to)).toEqual([]);
    expect(shipToErrors({ ...to, phone: '1234', postal_code: '0315' })).toEqual(['phone', 'postal_code']);
    expect(shipToErrors({ ...to, recipient: ' ', address1: '' })).toEqual(['recipient', 'address1']);
    expect(shipToFieldsOf([{ field: 'ship_to.postal_code' }, { field: 'method_token' }])).toEqual(['postal_code']);
    expect(payProblemKey('outside-delivery-zones')).toBe('market.pay.outside_zones');
  });

  it("offers the merchant's next step and the buyer's refund until the order leaves", () => {
    expect(nextStep('paid')).toBe('packed');
    expect(nextStep('packed')).toBe('shipped');
    expect(nextStep('shipped')).toBe('delivered');
    expect(nextStep('delivered')).toBeNull();
    expect(nextStep('refunded')).toBeNull();
    expect(refundable({ status: 'packed' })).toBe(true);
    expect(refundable({ status: 'shipped' })).toBe(false);
  });
});
