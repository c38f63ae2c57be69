// A season's weekly openings, computed as the server computes them (src/market/season.cpp), so
// the manager sees the dates before sending. Seoul has no daylight saving: every opening is
// the same UTC instant of its day.

const kKstOffsetMs = 9 * 3600 * 1000;
const kDayMs = 86_400_000;
/** A season runs at most this many weeks (the server's bound). */
export const kSeasonWeeksMax = 52;

export interface WeeklySlot {
  /** 0 = Sunday … 6 = Saturday, in Seoul (3 = Wednesday). */
  weekday: number;
  hour: number;
  minute: number;
}

/** The drops' custom: Wednesdays 10:00 in Seoul. */
export const kWednesdayTen: WeeklySlot = { weekday: 3, hour: 10, minute: 0 };

/** The first `count` openings at `slot` strictly after `after`, one week apart. */
export function weeklyOpenings(after: Date, slot: WeeklySlot, count: number): Date[] {
  if (!(count >= 0 && count <= 520)) throw new RangeError(`count out of range: ${count}`);
  const wall = new Date(after.getTime() + kKstOffsetMs); // Seoul wall time, read through UTC fields
  const sameDay = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), slot.hour, slot.minute);
  let first = sameDay + ((slot.weekday - wall.getUTCDay() + 7) % 7) * kDayMs - kKstOffsetMs;
  if (first <= after.getTime()) first += 7 * kDayMs;
  return Array.from({ length: count }, (_, i) => new Date(first + i * 7 * kDayMs));
}

/** "10:00" (an <input type="time"> value) as hour and minute; null when malformed. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || +m[1] > 23 || +m[2] > 59) return null;
  return { hour: +m[1], minute: +m[2] };
}
