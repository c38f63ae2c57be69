import { describe, expect, it } from 'vitest';
import {
  canClaim,
  durationMinutes,
  formatHours,
  formatMinutes,
  outageFieldMessage,
  outageStatus,
  splitList,
} from './logic';

describe('outageStatus', () => {
  it('is ongoing without an end, settled or pending once ended', () => {
    expect(outageStatus({ ended_at: null, settled: false })).toBe('ongoing');
    expect(outageStatus({ ended_at: '2026-11-18T17:40:00+09:00', settled: true })).toBe('settled');
    expect(outageStatus({ ended_at: '2026-11-18T17:40:00+09:00', settled: false })).toBe('pending');
  });
});

describe('formatHours', () => {
  it('writes the API hours with at most two decimals', () => {
    expect(formatHours(3.5, 'ko')).toBe('3.5시간');
    expect(formatHours(3, 'ko')).toBe('3시간');
    expect(formatHours(1.33, 'en')).toBe('1.33 h');
    expect(formatHours(0, 'ko')).toBe('0시간');
    expect(formatHours(1234.5, 'ko')).toBe('1,234.5시간');
  });
  it('refuses what is not a number of hours', () => {
    expect(() => formatHours(-1, 'ko')).toThrow(RangeError);
    expect(() => formatHours(Number.NaN, 'ko')).toThrow(RangeError);
  });
});

describe('formatMinutes and durationMinutes', () => {
  it('writes hours and minutes', () => {
    expect(formatMinutes(210, 'ko')).toBe('3시간 30분');
    expect(formatMinutes(40, 'ko')).toBe('40분');
    expect(formatMinutes(720, 'ko')).toBe('12시간');
    expect(formatMinutes(0, 'en')).toBe('0 min');
    expect(formatMinutes(90, 'en')).toBe('1 h 30 min');
  });
  it('measures to now while the outage goes on', () => {
    const start = '2026-11-30T10:20:00+09:00';
    expect(durationMinutes(start, '2026-11-30T13:50:00+09:00', new Date())).toBe(210);
    expect(durationMinutes(start, null, new Date('2026-11-30T02:00:30Z'))).toBe(40);
    expect(durationMinutes(start, null, new Date('2026-11-30T00:00:00Z'))).toBe(0);
  });
});

describe('splitList', () => {
  it('takes commas and new lines, drops blanks and repeats', () => {
    expect(splitList('서울 마포 A, 서울 은평 C\n\n서울 마포 A ,')).toEqual(['서울 마포 A', '서울 은평 C']);
    expect(splitList('   ')).toEqual([]);
  });
});

describe('canClaim', () => {
  it('only while damages are claimable and not yet claimed', () => {
    expect(canClaim({ damages_claimable_won: 1444, damages_paid_won: 0, claimed: false })).toBe(true);
    expect(canClaim({ damages_claimable_won: 1444, damages_paid_won: 1444, claimed: true })).toBe(false);
    expect(canClaim({ damages_claimable_won: 0, damages_paid_won: 0, claimed: false })).toBe(false);
  });
});

describe('outageFieldMessage', () => {
  it('recognises the server messages it localizes', () => {
    expect(outageFieldMessage('must be after started_at')).toBe('after_start');
    expect(outageFieldMessage('must not be in the future')).toBe('future');
    expect(outageFieldMessage('name the affected areas or lines')).toBe('targets');
    expect(outageFieldMessage('something new')).toBe('unknown');
  });
});
