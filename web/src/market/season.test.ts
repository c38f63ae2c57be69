import { describe, expect, it } from 'vitest';
import { kWednesdayTen, parseTimeOfDay, weeklyOpenings } from './season';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('weeklyOpenings', () => {
  it('gives the server\'s dates: 4 Wednesdays 10:00 KST after a Tuesday (tests/api/market_api_test)', () => {
    const after = new Date('2030-01-01T00:00:00+09:00');
    expect(iso(weeklyOpenings(after, kWednesdayTen, 4))).toEqual([
      '2030-01-02T01:00:00.000Z',
      '2030-01-09T01:00:00.000Z',
      '2030-01-16T01:00:00.000Z',
      '2030-01-23T01:00:00.000Z',
    ]);
  });
  it('starts strictly after `after`, on the Seoul calendar day', () => {
    // Wednesday 10:00 KST exactly: the next week's.
    expect(iso(weeklyOpenings(new Date('2026-12-02T10:00:00+09:00'), kWednesdayTen, 1))).toEqual([
      '2026-12-09T01:00:00.000Z',
    ]);
    // Tuesday 23:30 UTC is Wednesday 08:30 in Seoul: the same day.
    expect(iso(weeklyOpenings(new Date('2026-12-01T23:30:00Z'), kWednesdayTen, 1))).toEqual([
      '2026-12-02T01:00:00.000Z',
    ]);
  });
  it('takes any weekday and time: Saturdays 09:30 KST', () => {
    const after = new Date('2026-11-30T12:00:00+09:00'); // a Monday
    expect(iso(weeklyOpenings(after, { weekday: 6, hour: 9, minute: 30 }, 2))).toEqual([
      '2026-12-05T00:30:00.000Z',
      '2026-12-12T00:30:00.000Z',
    ]);
  });
  it('refuses a count out of range', () => {
    expect(() => weeklyOpenings(new Date(), kWednesdayTen, 521)).toThrow(RangeError);
  });
});

describe('parseTimeOfDay', () => {
  it('reads HH:MM and refuses anything else', () => {
    expect(parseTimeOfDay('10:00')).toEqual({ hour: 10, minute: 0 });
    expect(parseTimeOfDay('9:05')).toEqual({ hour: 9, minute: 5 });
    expect(parseTimeOfDay('24:00')).toBeNull();
    expect(parseTimeOfDay('10:60')).toBeNull();
    expect(parseTimeOfDay('ten')).toBeNull();
  });
});
