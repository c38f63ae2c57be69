// Pure pieces of the outage screens: an outage's status, hours and durations in words, the
// lists typed in the report form, and which compensations can still be claimed.
import type { Locale } from '../format';

/** 진행 중 (no end yet), 정산 완료 (ended and settled at its revision), 정산 대기 (ended, not yet). */
export type OutageStatus = 'ongoing' | 'settled' | 'pending';

export function outageStatus(e: { ended_at: string | null; settled: boolean }): OutageStatus {
  if (e.ended_at === null) return 'ongoing';
  return e.settled ? 'settled' : 'pending';
}

/** Hours as the API sends them (two decimals): ko "3.5시간", en "3.5 h"; 0 as "0시간". */
export function formatHours(hours: number, locale: Locale): string {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`not a number of hours: ${hours}`);
  const text = (Math.round(hours * 100) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return locale === 'ko' ? `${text}시간` : `${text} h`;
}

/** Whole minutes in words: ko "3시간 30분", "40분", "12시간"; en "3 h 30 min". */
export function formatMinutes(minutes: number, locale: Locale): string {
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`not whole minutes: ${minutes}`);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(locale === 'ko' ? `${h.toLocaleString('en-US')}시간` : `${h.toLocaleString('en-US')} h`);
  if (m > 0 || h === 0) parts.push(locale === 'ko' ? `${m}분` : `${m} min`);
  return parts.join(' ');
}

/** The whole minutes from start to end (to `now` while ongoing), never negative. */
export function durationMinutes(startedAt: string, endedAt: string | null, now: Date): number {
  const start = Date.parse(startedAt);
  const end = endedAt === null ? now.getTime() : Date.parse(endedAt);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('not a time');
  return Math.max(0, Math.floor((end - start) / 60_000));
}

/** Areas or line ids typed one per line or separated by commas; blanks dropped, duplicates once. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,\n]/)) {
    const item = part.trim();
    if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

/** True when the customer can still claim damages for this compensation. */
export function canClaim(c: { damages_claimable_won: number; damages_paid_won: number; claimed: boolean }): boolean {
  return c.damages_claimable_won > 0 && !c.claimed && c.damages_paid_won === 0;
}

/** The server's English field messages of an outage report or correction, as message keys. */
export type OutageFieldMessage = 'after_start' | 'future' | 'too_long' | 'cause' | 'targets' | 'no_line' | 'unknown';

export function outageFieldMessage(message: string): OutageFieldMessage {
  if (message.includes('after started_at')) return 'after_start';
  if (message.includes('future')) return 'future';
  if (message.includes('more than a year')) return 'too_long';
  if (message.includes('1 to 500 characters')) return 'cause';
  if (message.includes('name the affected')) return 'targets';
  if (message.includes('does not exist')) return 'no_line';
  return 'unknown';
}
