import { describe, expect, it } from 'vitest';
import { chartSeries, monthLabel, shownMeasures } from './logic';

const months = [
  { month: '2026-10', raised_won: 0, matched_won: 0, donated_won: 0, granted_won: 120_000, people_helped: 25 },
  { month: '2026-11', raised_won: 74_500, matched_won: 37_250, donated_won: 37_250, granted_won: 0, people_helped: 3 },
];

describe('public figures', () => {
  it('names Seoul calendar months as they are, in both languages', () => {
    expect(monthLabel('2026-11', 'ko')).toBe('2026년 11월');
    expect(monthLabel('2026-01', 'en')).toBe('Jan 2026');
    expect(monthLabel('2026-13', 'en')).toBe('2026-13');
    expect(monthLabel('garbage', 'ko')).toBe('garbage');
  });

  it('shows only the measures a page has figures for', () => {
    const total = { raised_won: 74_500, matched_won: 37_250, donated_won: 37_250, granted_won: 0, people_helped: 3 };
    expect(shownMeasures(total, months.slice(1))).toEqual(['raised_won', 'matched_won', 'donated_won']);
    const none = { raised_won: 0, matched_won: 0, donated_won: 0, granted_won: 0, people_helped: 0 };
    expect(shownMeasures(none, [])).toEqual(['donated_won']);
  });

  it('draws one series per measure over the months in order', () => {
    const { labels, series } = chartSeries(months, ['raised_won', 'granted_won'], 'ko');
    expect(labels).toEqual(['2026년 10월', '2026년 11월']);
    expect(series).toEqual([
      { measure: 'raised_won', values: [0, 74_500] },
      { measure: 'granted_won', values: [120_000, 0] },
    ]);
  });
});
