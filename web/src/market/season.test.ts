import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n';
import { initialValues, planRequest, seasonPreview } from '../screens/MarketPlan';
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

describe('the plan form (season mode)', () => {
  const { t } = makeI18n('ko', () => {});
  const now = new Date('2030-01-01T00:00:00+09:00'); // a Tuesday
  const season = {
    ...initialValues(now),
    mode: 'season' as const,
    product_id: '42',
    weeks: '4',
    quantity: '2,000',
    per_buyer_limit: '2',
    price_won: '14900',
    market_price_won: '29800',
    donation_percent: '50',
    charity_org_id: '9',
  };

  it('sends the weekly slot, not opening times', () => {
    const { body, errors } = planRequest(season, t);
    expect(errors).toEqual({});
    expect(body).toEqual({
      mode: 'season',
      season: expect.objectContaining({ product_id: '42', weeks: 4, weekday: 3, hour: 10, minute: 0, open_hours: 8, quantity: 2000 }),
    });
    expect(body?.mode === 'season' && 'opens_at' in body.season).toBe(false);
  });

  it('previews the Wednesdays 10:00 to 18:00 the server will plan', () => {
    expect(seasonPreview(season, now).map((p) => [p.opens.toISOString(), p.closes.toISOString()])).toEqual([
      ['2030-01-02T01:00:00.000Z', '2030-01-02T09:00:00.000Z'],
      ['2030-01-09T01:00:00.000Z', '2030-01-09T09:00:00.000Z'],
      ['2030-01-16T01:00:00.000Z', '2030-01-16T09:00:00.000Z'],
      ['2030-01-23T01:00:00.000Z', '2030-01-23T09:00:00.000Z'],
    ]);
  });

  it('catches weeks, time and hours out of range, and shows no preview meanwhile', () => {
    const bad = { ...season, weeks: '53', time: '25:00', open_hours: '0' };
    const { body, errors } = planRequest(bad, t);
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['open_hours', 'time', 'weeks']);
    expect(seasonPreview(bad, now)).toEqual([]);
  });

  it('does not ask for opening times in season mode, nor for weeks in one-drop mode', () => {
    expect(planRequest({ ...season, opens_at: '', closes_at: '' }, t).errors).toEqual({});
    const once = { ...season, mode: 'once' as const, weeks: '' };
    expect(planRequest(once, t).body?.mode).toBe('once');
  });
});
