import { describe, expect, it } from 'vitest';
import { draftShares, kstInstant, kstLocalNow, parseRatePercent, rateAt, ratePercent, sharesProblem, sharesToSend } from './logic';

describe('giving logic', () => {
  it('accepts shares that add up to 100 and says what is wrong otherwise', () => {
    expect(sharesProblem([{ cause_id: 'a', percent: 70 }, { cause_id: 'b', percent: 30 }])).toBeNull();
    expect(sharesProblem([{ cause_id: 'a', percent: 70 }, { cause_id: 'b', percent: 20 }])).toBe('giving.causes.sum');
    expect(sharesProblem([{ cause_id: 'a', percent: 0 }])).toBe('giving.causes.none');
    expect(sharesProblem([{ cause_id: 'a', percent: 50.5 }, { cause_id: 'b', percent: 49.5 }])).toBe('giving.causes.whole');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ cause_id: String(i), percent: i === 0 ? 0 : 10 }));
    expect(sharesProblem(eleven)).toBeNull(); // a 0 share is not a choice
    eleven[0].percent = 1;
    expect(sharesProblem(eleven)).toBe('giving.causes.too_many');
  });

  it('drafts every cause from what applies and sends only the causes given a share', () => {
    const draft = draftShares(
      [
        { id: '1', name: '독거노인' },
        { id: '2', name: '장애청소년' },
        { id: '3', name: '결식아동' },
      ],
      [
        { cause_id: '1', percent: 66.7 },
        { cause_id: '2', percent: 33.3 },
      ],
    );
    expect(draft.map((s) => s.percent)).toEqual([67, 33, 0]);
    expect(sharesToSend(draft)).toEqual([
      { cause_id: '1', percent: 67 },
      { cause_id: '2', percent: 33 },
    ]);
  });

  it('reads and writes rates in percent', () => {
    expect(ratePercent(150)).toBe('1.5%');
    expect(ratePercent(200)).toBe('2%');
    expect(parseRatePercent('1.5')).toBe(150);
    expect(parseRatePercent(' 2 % ')).toBe(200);
    expect(parseRatePercent('100')).toBe(10000);
    expect(parseRatePercent('100.01')).toBeNull();
    expect(parseRatePercent('1.555')).toBeNull();
    expect(parseRatePercent('-1')).toBeNull();
    expect(parseRatePercent('abc')).toBeNull();
  });

  it('finds the rate in force at an instant', () => {
    const rates = [
      { starts_at: '2025-01-01T00:00:00+09:00', rate_bp: 100 },
      { starts_at: '2026-11-01T00:00:00+09:00', rate_bp: 200 },
    ];
    expect(rateAt(rates, '2026-10-31T23:59:59+09:00')?.rate_bp).toBe(100);
    expect(rateAt(rates, '2026-11-01T00:00:00+09:00')?.rate_bp).toBe(200);
    expect(rateAt(rates, '2024-12-31T00:00:00+09:00')).toBeNull();
  });

  it('reads the manager\'s instants as Seoul time', () => {
    expect(kstInstant('2026-12-31T23:59')).toBe('2026-12-31T23:59:00+09:00');
    expect(kstInstant('2026-12-31')).toBeNull();
    expect(kstLocalNow(new Date('2026-11-30T15:30:45Z'))).toBe('2026-12-01T00:30');
  });
});
