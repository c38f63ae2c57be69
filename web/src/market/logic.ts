// Pure rules of the market screens: discount, countdown, KST form times, and the purchase
// attempt that keeps one Idempotency-Key across retries. No DOM, no fetch: unit-tested alone.
import { ApiProblem } from '../api/client';
import type { MessageKey } from '../i18n';
import { kWednesdayTen, weeklyOpenings } from './season';

/**
 * The discount off the market price in whole percent, rounded down so the page never claims
 * more than the buyer saves; 0 when there is no (or no higher) market price.
 */
export function discountPercent(priceWon: number, marketPriceWon: number): number {
  if (marketPriceWon <= 0 || priceWon >= marketPriceWon) return 0;
  return Math.floor(((marketPriceWon - priceWon) * 100) / marketPriceWon);
}

export interface Countdown {
  days: number;
  /** "03:04:05": hours, minutes, seconds of the rest, zero-padded. */
  hms: string;
}

/** Splits the time left (ms) into days and hh:mm:ss, rounding up to the next second; null when due. */
export function countdown(msLeft: number): Countdown | null {
  if (!(msLeft > 0)) return null;
  const total = Math.ceil(msLeft / 1000);
  const days = Math.floor(total / 86_400);
  const rest = total % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    days,
    hms: `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`,
  };
}

const kKstOffsetMs = 9 * 3600 * 1000;
const kLocalInputPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * A <input type="datetime-local"> value read as Asia/Seoul wall time ("2026-12-02T10:00") to
 * RFC 3339 with the KST offset ("2026-12-02T10:00:00+09:00"); null when malformed. Korea has no
 * daylight saving, so the offset is always +09:00.
 */
export function kstInputToRfc3339(value: string): string | null {
  const m = kLocalInputPattern.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const check = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi));
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59) return null;
  return `${y}-${mo}-${d}T${h}:${mi}:00+09:00`;
}

/** The datetime-local value (Seoul wall time, minutes) of an instant. */
export function kstInputValue(instant: Date): string {
  return new Date(instant.getTime() + kKstOffsetMs).toISOString().slice(0, 16);
}

/** A fresh Idempotency-Key: 128 random bits in hex (crypto.getRandomValues works on plain http too). */
export function newIdempotencyKey(random: (bytes: Uint8Array) => void = (b) => crypto.getRandomValues(b)): string {
  const bytes = new Uint8Array(16);
  random(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * True when the answer leaves it open whether the order was taken (no answer, the server busy,
 * the same key still being decided): the next tap must send the same key, so it is one order.
 */
export function isUndecided(error: unknown): boolean {
  if (!(error instanceof ApiProblem)) return true;
  return (
    error.status === 0 ||
    error.status >= 500 ||
    error.slug === 'drop-busy' ||
    error.slug === 'idempotency-key-in-use' ||
    error.slug === 'bad-response'
  );
}

/**
 * One purchase attempt per (drop, units): keyFor() hands out the same Idempotency-Key until
 * the server decided (settle), so a double tap or a retry after a lost answer is one order.
 * Changing the number of units starts a new attempt (the server refuses one key for two
 * different requests).
 */
export class PurchaseAttempts {
  private current: { units: number; key: string } | null = null;

  constructor(private readonly makeKey: () => string = () => newIdempotencyKey()) {}

  keyFor(units: number): string {
    if (!this.current || this.current.units !== units) this.current = { units, key: this.makeKey() };
    return this.current.key;
  }

  /** Call with the outcome of a request: decided answers end the attempt, undecided ones keep it. */
  settle(error?: unknown): void {
    if (error === undefined || !isUndecided(error)) this.current = null;
  }
}

/** The localized sentence for a refused purchase, by problem type; null for problems the
 *  generic notice handles (log-in, forbidden, ...). */
export function buyProblemKey(error: unknown): MessageKey | null {
  if (!(error instanceof ApiProblem)) return 'market.problem.network';
  switch (error.slug) {
    case 'sold-out':
      return 'market.problem.sold_out';
    case 'not-open':
      return 'market.problem.not_open';
    case 'not-enough-stock':
      return 'market.problem.not_enough';
    case 'per-buyer-limit':
      return 'market.problem.per_buyer_limit';
    case 'per-address-limit':
      return 'market.problem.per_address_limit';
    case 'phone-not-verified':
      return 'market.problem.phone_not_verified';
    case 'drop-busy':
      return error.retryAfterSeconds ? 'market.problem.busy' : 'market.problem.busy_no_wait';
    case 'idempotency-key-in-use':
      return 'market.problem.in_progress';
    case 'idempotency-key-reused':
      return 'market.problem.key_reused';
    case 'network-error':
      return 'market.problem.network';
    case 'not-found':
      return 'market.problem.not_found';
  }
  if (error.status >= 500) return 'market.problem.network';
  return null;
}

/** Units the picker offers: 1 up to the per-buyer limit, and never more than is left. */
export function maxUnits(perBuyerLimit: number, remaining: number): number {
  return Math.max(1, Math.min(perBuyerLimit, remaining > 0 ? remaining : perBuyerLimit));
}

/** The next Wednesday 10:00 in Seoul strictly after `now` (drops open then by custom). */
export function nextDropOpening(now: Date): Date {
  return weeklyOpenings(now, kWednesdayTen, 1)[0];
}
