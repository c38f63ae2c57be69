// Pure helpers of the public figures pages: month labels, the chart's series, the CSV link.
import type { Locale } from '../format';
import type { PublicFigureMonth, PublicFigureValues } from '../api/client';

/** The won measures, in the order the table and the chart show them. */
export const kWonMeasures = ['raised_won', 'matched_won', 'donated_won', 'granted_won'] as const;
export type WonMeasure = (typeof kWonMeasures)[number];

/** "2026-11" -> "2026년 11월" / "Nov 2026" (a month of the Seoul calendar, never shifted). */
export function monthLabel(month: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const year = Number(m[1]);
  const index = Number(m[2]);
  if (index < 1 || index > 12) return month;
  if (locale === 'ko') return `${year}년 ${index}월`;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[index - 1]} ${year}`;
}

/** The measures a page has something to show for (a program without grants shows no grant column). */
export function shownMeasures(total: PublicFigureValues, months: PublicFigureMonth[]): WonMeasure[] {
  const shown = kWonMeasures.filter((m) => total[m] !== 0 || months.some((x) => x[m] !== 0));
  return shown.length > 0 ? shown : ['donated_won'];
}

/** One dataset per measure, the months in order: what the bar chart draws. */
export function chartSeries(
  months: PublicFigureMonth[],
  measures: readonly WonMeasure[],
  locale: Locale,
): { labels: string[]; series: Array<{ measure: WonMeasure; values: number[] }> } {
  return {
    labels: months.map((m) => monthLabel(m.month, locale)),
    series: measures.map((measure) => ({ measure, values: months.map((m) => m[measure]) })),
  };
}

