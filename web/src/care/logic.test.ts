import { describe, expect, it } from 'vitest';
import type { CarePlan } from '../api/client';
import {
  boardSpan,
  bookingSlots,
  checkOutBody,
  clock,
  helperOf,
  isWeekend,
  minutesSince,
  reasonText,
  seoulDate,
  seoulMinutes,
  timelineBox,
  violationTexts,
} from './logic';

function plan(routes: CarePlan['routes']): CarePlan {
  return {
    id: 'p1',
    date: '2026-12-02',
    weekend: false,
    status: 'draft',
    routes,
    unassigned: [],
    moves: 0,
    base_plan_id: null,
    moved: [],
    summary: {
      requests: 0,
      assigned: 0,
      unassigned: 0,
      helpers_on_shift: 0,
      helpers_used: 0,
      designated: 0,
      designated_honoured: 0,
      kept: 0,
      travel_km: 0,
      solver_ms: 0,
    },
    created_at: '2026-12-01T09:00:00+09:00',
    published_at: null,
  };
}

describe('Seoul days and minutes', () => {
  it('gives the Seoul calendar day, also across UTC midnight', () => {
    expect(seoulDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01'); // 01:00 KST
    expect(seoulDate(new Date('2026-11-30T14:59:00Z'))).toBe('2026-11-30');
    expect(seoulDate(new Date('2026-11-30T16:00:00Z'), 1)).toBe('2026-12-02');
  });
  it('reads minutes after Seoul midnight from either offset', () => {
    expect(seoulMinutes('2026-12-02T10:30:00+09:00')).toBe(630);
    expect(seoulMinutes('2026-12-02T01:30:00Z')).toBe(630);
    expect(clock(545)).toBe('09:05');
  });
  it('knows weekends', () => {
    expect(isWeekend('2026-12-05')).toBe(true);
    expect(isWeekend('2026-12-07')).toBe(false);
    expect(bookingSlots('2026-12-05').map((s) => s.window)).toEqual(['10:00-12:00', '13:00-16:00']);
    expect(bookingSlots('2026-12-07').map((s) => s.window)).toEqual(['09:00-12:00', '13:00-17:00']);
  });
});

describe('the timeline', () => {
  const day = plan([
    {
      helper_id: 'h1',
      visits: [{ request_id: 'r1', start_at: '2026-12-02T10:00:00+09:00', end_at: '2026-12-02T11:00:00+09:00' }],
    },
  ]);
  it('spans the shifts and visits in whole hours, 8 to 20 at least', () => {
    expect(boardSpan(day, ['09:00-18:00'])).toEqual({ start: 480, end: 1200 });
    expect(boardSpan(null, ['07:30-21:15'])).toEqual({ start: 420, end: 1320 });
  });
  it('places a visit by its times', () => {
    expect(timelineBox(day.routes[0].visits[0], { start: 480, end: 1200 })).toEqual({ left: 16.67, width: 8.33 });
  });
  it('finds the helper of a request', () => {
    expect(helperOf(day, 'r1')).toBe('h1');
    expect(helperOf(day, 'r2')).toBeNull();
  });
});

describe('words', () => {
  it('gives each checker reason once, in the language', () => {
    const v = { kind: 'female', request_id: '1', helper_id: '2', message_ko: '여성 도우미만 방문할 수 있습니다', message_en: 'Only a female helper may visit' };
    expect(violationTexts([v, { ...v, helper_id: '3' }], 'ko')).toEqual(['여성 도우미만 방문할 수 있습니다']);
    expect(violationTexts([v], 'en')).toEqual(['Only a female helper may visit']);
    expect(reasonText({ request_id: '1', reason: 'no-language', reason_ko: '언어', reason_en: 'language' }, 'en')).toBe('language');
  });
});

describe('the check-out form', () => {
  it('proposes the minutes since the check-in, 1 to 600', () => {
    const now = new Date('2026-12-02T02:00:00Z');
    expect(minutesSince('2026-12-02T10:15:00+09:00', now)).toBe(45);
    expect(minutesSince('2026-12-02T11:15:00+09:00', now)).toBe(1);
    expect(minutesSince(null, now)).toBe(60);
  });
  it('builds the body and asks no satisfaction when nobody was home', () => {
    expect(checkOutBody({ outcome: 'solved', notes: ' 카카오톡 설치 ', duration: '50', satisfaction: '5' })).toEqual({
      body: { outcome: 'solved', duration_min: 50, notes: '카카오톡 설치', satisfaction: 5 },
    });
    expect(checkOutBody({ outcome: 'not_home', notes: '', duration: '10', satisfaction: '5' })).toEqual({
      body: { outcome: 'not_home', duration_min: 10 },
    });
    expect(checkOutBody({ outcome: 'solved', notes: '', duration: '0', satisfaction: '' })).toEqual({ error: 'duration' });
    expect(checkOutBody({ outcome: 'solved', notes: '', duration: '1.5', satisfaction: '' })).toEqual({ error: 'duration' });
  });
});
