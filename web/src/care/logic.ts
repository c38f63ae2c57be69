// Pure pieces of the care screens: Seoul days and minutes, where a visit sits on the dispatch
// board's timeline, which helper a visit is with, the checker's and the solver's words in the
// current language, the check-out form's rules and the booking form's places and times.
import type { CareCheckOut, CareOutcome, CarePlan, CareUnassigned, CareViolation } from '../api/client';
import { type Locale, parseRfc3339 } from '../format';

const kSeoulOffsetMs = 9 * 3600 * 1000;
const kDayMs = 24 * 3600 * 1000;

/** The Seoul calendar day of an instant, `days` later: "2026-12-02". */
export function seoulDate(now: Date, days = 0): string {
  return new Date(now.getTime() + kSeoulOffsetMs + days * kDayMs).toISOString().slice(0, 10);
}

/** Minutes after Seoul midnight of an RFC 3339 time (0..1439). */
export function seoulMinutes(time: string): number {
  const ms = parseRfc3339(time).getTime() + kSeoulOffsetMs;
  return Math.floor((((ms % kDayMs) + kDayMs) % kDayMs) / 60_000);
}

/** "09:05" for 545 minutes. */
export function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The board's hours: from the earliest shift or visit to the latest, whole hours, 8 to 20 at least. */
export function boardSpan(plan: CarePlan | null, shifts: string[]): { start: number; end: number } {
  let start = 8 * 60;
  let end = 20 * 60;
  for (const s of shifts) {
    const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(s);
    if (!m) continue;
    start = Math.min(start, Number(m[1]) * 60 + Number(m[2]));
    end = Math.max(end, Number(m[3]) * 60 + Number(m[4]));
  }
  for (const r of plan?.routes ?? []) {
    for (const v of r.visits) {
      start = Math.min(start, seoulMinutes(v.start_at));
      end = Math.max(end, seoulMinutes(v.end_at));
    }
  }
  return { start: Math.floor(start / 60) * 60, end: Math.ceil(end / 60) * 60 };
}

/** A visit's place on the timeline as percentages of the board's span (left and width). */
export function timelineBox(
  visit: { start_at: string; end_at: string },
  span: { start: number; end: number },
): { left: number; width: number } {
  const total = span.end - span.start;
  const from = Math.max(span.start, seoulMinutes(visit.start_at));
  const to = Math.min(span.end, Math.max(from, seoulMinutes(visit.end_at)));
  const round = (x: number) => Math.round(x * 100) / 100;
  return { left: round(((from - span.start) / total) * 100), width: round(((to - from) / total) * 100) };
}

/** Which helper a request is with in the plan, or null when it is unassigned. */
export function helperOf(plan: CarePlan, requestId: string): string | null {
  for (const r of plan.routes) if (r.visits.some((v) => v.request_id === requestId)) return r.helper_id;
  return null;
}

/** The checker's reasons, each once, in the current language. */
export function violationTexts(violations: CareViolation[], locale: Locale): string[] {
  const out: string[] = [];
  for (const v of violations) {
    const text = locale === 'ko' ? v.message_ko : v.message_en;
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

/** The solver's reason for an unassigned request, in the current language. */
export function reasonText(u: CareUnassigned, locale: Locale): string {
  return locale === 'ko' ? u.reason_ko : u.reason_en;
}

/** Whole minutes from the check-in to now (1..600): the duration the check-out form proposes. */
export function minutesSince(checkedInAt: string | null, now: Date): number {
  if (!checkedInAt) return 60;
  const minutes = Math.round((now.getTime() - parseRfc3339(checkedInAt).getTime()) / 60_000);
  return Math.min(600, Math.max(1, minutes));
}

export interface CheckOutForm {
  outcome: CareOutcome;
  notes: string;
  duration: string;
  /** '' when not asked. */
  satisfaction: string;
}

/** The check-out body, or the field in error. Nobody home: no satisfaction is asked. */
export function checkOutBody(form: CheckOutForm): { body: CareCheckOut } | { error: 'duration' | 'satisfaction' | 'notes' } {
  const duration = Number(form.duration);
  if (!/^\d+$/.test(form.duration.trim()) || duration < 1 || duration > 600) return { error: 'duration' };
  if (form.notes.length > 2000) return { error: 'notes' };
  const body: CareCheckOut = { outcome: form.outcome, duration_min: duration };
  if (form.notes.trim()) body.notes = form.notes.trim();
  if (form.outcome !== 'not_home' && form.satisfaction !== '') {
    const s = Number(form.satisfaction);
    if (!Number.isInteger(s) || s < 1 || s > 5) return { error: 'satisfaction' };
    body.satisfaction = s;
  }
  return { body };
}

/** Seoul's districts with a point inside each: the booking form places a home by its district. */
export const kSeoulDistricts: readonly { ko: string; en: string; lat: number; lon: number }[] = [
  { ko: '강남구', en: 'Gangnam-gu', lat: 37.5172, lon: 127.0473 },
  { ko: '강동구', en: 'Gangdong-gu', lat: 37.5301, lon: 127.1238 },
  { ko: '강북구', en: 'Gangbuk-gu', lat: 37.6396, lon: 127.0257 },
  { ko: '강서구', en: 'Gangseo-gu', lat: 37.5509, lon: 126.8495 },
  { ko: '관악구', en: 'Gwanak-gu', lat: 37.4784, lon: 126.9516 },
  { ko: '광진구', en: 'Gwangjin-gu', lat: 37.5385, lon: 127.0823 },
  { ko: '구로구', en: 'Guro-gu', lat: 37.4954, lon: 126.8874 },
  { ko: '금천구', en: 'Geumcheon-gu', lat: 37.4569, lon: 126.8955 },
  { ko: '노원구', en: 'Nowon-gu', lat: 37.6542, lon: 127.0568 },
  { ko: '도봉구', en: 'Dobong-gu', lat: 37.6688, lon: 127.0471 },
  { ko: '동대문구', en: 'Dongdaemun-gu', lat: 37.5744, lon: 127.0396 },
  { ko: '동작구', en: 'Dongjak-gu', lat: 37.5124, lon: 126.9393 },
  { ko: '마포구', en: 'Mapo-gu', lat: 37.5663, lon: 126.9019 },
  { ko: '서대문구', en: 'Seodaemun-gu', lat: 37.5791, lon: 126.9368 },
  { ko: '서초구', en: 'Seocho-gu', lat: 37.4837, lon: 127.0324 },
  { ko: '성동구', en: 'Seongdong-gu', lat: 37.5633, lon: 127.0371 },
  { ko: '성북구', en: 'Seongbuk-gu', lat: 37.5894, lon: 127.0167 },
  { ko: '송파구', en: 'Songpa-gu', lat: 37.5145, lon: 127.1059 },
  { ko: '양천구', en: 'Yangcheon-gu', lat: 37.517, lon: 126.8664 },
  { ko: '영등포구', en: 'Yeongdeungpo-gu', lat: 37.5264, lon: 126.8962 },
  { ko: '용산구', en: 'Yongsan-gu', lat: 37.5384, lon: 126.9654 },
  { ko: '은평구', en: 'Eunpyeong-gu', lat: 37.6027, lon: 126.9291 },
  { ko: '종로구', en: 'Jongno-gu', lat: 37.5735, lon: 126.979 },
  { ko: '중구', en: 'Jung-gu', lat: 37.5641, lon: 126.9979 },
  { ko: '중랑구', en: 'Jungnang-gu', lat: 37.6063, lon: 127.0925 },
];

/** The times a customer may pick: weekday shifts run 09-18, weekend ones 10-16. */
export function bookingSlots(date: string): { key: 'morning' | 'afternoon'; window: string }[] {
  const weekend = isWeekend(date);
  return [
    { key: 'morning', window: weekend ? '10:00-12:00' : '09:00-12:00' },
    { key: 'afternoon', window: weekend ? '13:00-16:00' : '13:00-17:00' },
  ];
}

/** Saturday or Sunday (a Seoul calendar day "2026-12-05"). */
export function isWeekend(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return false;
  const w = d.getUTCDay();
  return w === 0 || w === 6;
}
