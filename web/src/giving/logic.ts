// Happiness credit's rules as the screens need them (pure, unit-tested): a customer's shares,
// rates in percent, and the instants the manager types (Seoul time).
import type { CauseShare, CreditRate } from './client';

export const kSharesMax = 10;

/** Why a draft of shares cannot be sent (a message key), or null when it can. */
export function sharesProblem(
  shares: readonly { cause_id: string; percent: number }[],
): 'giving.causes.none' | 'giving.causes.too_many' | 'giving.causes.whole' | 'giving.causes.sum' | null {
  const chosen = shares.filter((s) => s.percent > 0);
  if (chosen.length === 0) return 'giving.causes.none';
  if (chosen.length > kSharesMax) return 'giving.causes.too_many';
  if (chosen.some((s) => !Number.isInteger(s.percent) || s.percent > 100)) return 'giving.causes.whole';
  return sharesTotal(chosen) === 100 ? null : 'giving.causes.sum';
}

export function sharesTotal(shares: readonly { percent: number }[]): number {
  return shares.reduce((sum, s) => sum + (Number.isFinite(s.percent) ? s.percent : 0), 0);
}

/** The shares to send: only causes given a share. */
export function sharesToSend(shares: readonly CauseShare[]): { cause_id: string; percent: number }[] {
  return shares.filter((s) => s.percent > 0).map((s) => ({ cause_id: s.cause_id, percent: s.percent }));
}

/** A draft with every cause: what applies now (chosen or the default split), 0 for the rest. The
 *  default split's percents may be fractions; a draft starts from them rounded. */
export function draftShares(causes: readonly { id: string; name: string }[], applying: readonly CauseShare[]): CauseShare[] {
  return causes.map((c) => {
    const s = applying.find((x) => x.cause_id === c.id);
    return { cause_id: c.id, name: c.name, percent: s ? Math.round(s.percent) : 0 };
  });
}

/** Basis points as a percent for people: 150 -> "1.5%", 200 -> "2%". */
export function ratePercent(rateBp: number): string {
  return `${Number((rateBp / 100).toFixed(2))}%`;
}

/** A percent typed by a manager ("1.5") as basis points (150), or null when it is not 0..100
 *  with at most two decimals. */
export function parseRatePercent(text: string): number | null {
  const t = text.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const bp = Math.round(Number(t) * 100);
  return bp >= 0 && bp <= 10000 ? bp : null;
}

/** The rate in force at `at` (ISO instant): the latest starting at or before it. */
export function rateAt(rates: readonly CreditRate[], at: string): CreditRate | null {
  const when = Date.parse(at);
  let found: CreditRate | null = null;
  for (const r of rates) if (Date.parse(r.starts_at) <= when && (!found || Date.parse(r.starts_at) >= Date.parse(found.starts_at))) found = r;
  return found;
}

/** An <input type="datetime-local"> value ("2026-12-31T23:59"), read as Seoul time, as RFC 3339
 *  with its offset; null when it is not one. */
export function kstInstant(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00+09:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** `now` as the datetime-local value of Seoul time, to the minute (the settlement form's default). */
export function kstLocalNow(now: Date): string {
  const kst = new Date(now.getTime() + 9 * 3600 * 1000);
  return kst.toISOString().slice(0, 16);
}
