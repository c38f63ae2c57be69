import { describe, expect, it } from 'vitest';
import { formatCount, formatDate, formatKrw, formatKst, parseRfc3339 } from './format';

describe('formatKrw', () => {
  it('formats numbers with thousands separators in both locales', () => {
    expect(formatKrw(1234000, 'ko')).toBe('1,234,000원');
    expect(formatKrw(1234000, 'en')).toBe('₩1,234,000');
    expect(formatKrw(0, 'ko')).toBe('0원');
    expect(formatKrw(999, 'en')).toBe('₩999');
    expect(formatKrw(1000, 'ko')).toBe('1,000원');
  });

  it('accepts strings of integers, including values beyond 2^53', () => {
    expect(formatKrw('1234000', 'ko')).toBe('1,234,000원');
    expect(formatKrw('9223372036854775807', 'en')).toBe('₩9,223,372,036,854,775,807');
    expect(formatKrw('-9223372036854775808', 'ko')).toBe('-9,223,372,036,854,775,808원');
    expect(formatKrw('0001000', 'ko')).toBe('1,000원');
    expect(formatKrw(12345678901234567890n, 'ko')).toBe('12,345,678,901,234,567,890원');
  });

  it('puts the sign before the won sign', () => {
    expect(formatKrw(-5000, 'ko')).toBe('-5,000원');
    expect(formatKrw(-5000, 'en')).toBe('-₩5,000');
    expect(formatKrw('-0', 'ko')).toBe('0원');
  });

  it('rejects fractions and non-numbers', () => {
    expect(() => formatKrw(12.5, 'ko')).toThrow(RangeError);
    expect(() => formatKrw('12.5', 'ko')).toThrow(RangeError);
    expect(() => formatKrw('1,000', 'ko')).toThrow(RangeError);
    expect(() => formatKrw('', 'ko')).toThrow(RangeError);
    expect(() => formatKrw(Number.NaN, 'ko')).toThrow(RangeError);
    expect(() => formatKrw(Number.POSITIVE_INFINITY, 'en')).toThrow(RangeError);
  });

  it('formatCount groups plain counts', () => {
    expect(formatCount(2000)).toBe('2,000');
    expect(formatCount('123')).toBe('123');
  });
});

describe('formatKst', () => {
  it('shows a UTC instant in Seoul time (UTC+9) in Korean', () => {
    expect(formatKst('2026-11-25T01:00:00Z', 'ko')).toBe('2026년 11월 25일 (수) 10:00');
  });

  it('respects the offset of the input', () => {
    expect(formatKst('2026-11-25T10:00:00+09:00', 'ko')).toBe('2026년 11월 25일 (수) 10:00');
    expect(formatKst('2026-11-24T17:00:00-08:00', 'ko')).toBe('2026년 11월 25일 (수) 10:00');
  });

  it('crosses the date line into the next Seoul day', () => {
    expect(formatKst('2026-12-31T15:30:00Z', 'ko')).toBe('2027년 1월 1일 (금) 00:30');
  });

  it('accepts microsecond fractions', () => {
    expect(formatKst('2026-11-25T01:00:00.123456Z', 'ko')).toBe('2026년 11월 25일 (수) 10:00');
  });

  it('formats in English with a KST marker', () => {
    expect(formatKst('2026-11-25T01:00:00Z', 'en')).toBe('Wed, Nov 25, 2026, 10:00 KST');
  });

  it('rejects times without an offset or malformed', () => {
    expect(() => formatKst('2026-11-25T10:00:00', 'ko')).toThrow(RangeError);
    expect(() => formatKst('yesterday', 'ko')).toThrow(RangeError);
    expect(() => parseRfc3339('2026-13-45T10:00:00Z')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('formats a calendar day with its weekday', () => {
    expect(formatDate('2026-12-02', 'ko')).toBe('2026년 12월 2일 (수)');
    expect(formatDate('2026-12-02', 'en')).toBe('Wed, Dec 2, 2026');
  });

  it('rejects impossible dates', () => {
    expect(() => formatDate('2026-02-30', 'ko')).toThrow(RangeError);
    expect(() => formatDate('20261202', 'ko')).toThrow(RangeError);
  });
});
