import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n';
import { pageSize } from './Audit';
import { checkKindLabel, formatAmount, ownerKindLabel, ownerName, transferKindLabel, unitLabel } from './Books';
import type { Program } from '../api/client';
import { safeNext } from './Login';

describe('safeNext (where log-in goes afterwards)', () => {
  it('follows same-site paths', () => {
    expect(safeNext('/audit')).toBe('/audit');
    expect(safeNext('/audit?limit=2')).toBe('/audit?limit=2');
  });

  it('refuses other sites and loops', () => {
    expect(safeNext(undefined)).toBe('/');
    expect(safeNext('')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example/')).toBe('/');
    expect(safeNext('/login?next=/audit')).toBe('/');
  });
});

describe('audit pageSize', () => {
  it('defaults to 50 and clamps to the server bound', () => {
    expect(pageSize(undefined)).toBe(50);
    expect(pageSize('abc')).toBe(50);
    expect(pageSize('2')).toBe(2);
    expect(pageSize('0')).toBe(1);
    expect(pageSize('5000')).toBe(200);
  });
});

describe('books labels', () => {
  const ko = makeI18n('ko', () => {});
  const en = makeI18n('en', () => {});

  it('names every owner kind in both languages, never as its code', () => {
    expect(ownerKindLabel(ko.t, 'charity')).toBe('자선단체');
    expect(ownerKindLabel(en.t, 'charity')).toBe('Charity');
    for (const kind of ['customer', 'merchant', 'charity', 'fund', 'program', 'company']) {
      expect(ownerKindLabel(ko.t, kind)).not.toBe(kind);
      expect(ownerKindLabel(en.t, kind)).not.toBe(kind);
    }
  });

  it('names units, entry kinds and verification checks', () => {
    expect(unitLabel(ko.t, 'KRW')).toBe('원화');
    expect(unitLabel(en.t, 'CREDIT')).toBe('Credit');
    expect(transferKindLabel(ko.t, 'pending')).toBe('보류 중');
    expect(transferKindLabel(en.t, 'posted')).toBe('Transfer');
    expect(checkKindLabel(ko.t, 'hash')).toBe('해시');
  });

  it('shows a code it does not know as sent', () => {
    expect(ownerKindLabel(ko.t, 'cooperative')).toBe('cooperative');
    expect(unitLabel(ko.t, 'USD')).toBe('USD');
    expect(transferKindLabel(en.t, 'refund')).toBe('refund');
  });

  it('formats won and credit points with thousands separators', () => {
    expect(formatAmount(20000000, 'KRW', ko)).toBe('20,000,000원');
    expect(formatAmount(-63050000, 'KRW', en)).toBe('-₩63,050,000');
    expect(formatAmount(1490, 'CREDIT', ko)).toBe('1,490P');
    expect(formatAmount(1490, 'CREDIT', en)).toBe('1,490 P');
  });
});

describe('books ownerName', () => {
  const market: Program = {
    slug: 'market',
    name_ko: '상생 장터',
    name_en: 'Sangsaeng Market',
    summary_ko: '',
    summary_en: '',
    status: 'active',
    starts_on: null,
    ends_on: null,
  };
  const programs = new Map([['market', market]]);
  it('names a program account by the program, in the reader\'s language', () => {
    expect(ownerName({ owner_kind: 'program', owner_ref: 'market' }, programs, 'ko')).toBe('상생 장터');
    expect(ownerName({ owner_kind: 'program', owner_ref: 'market' }, programs, 'en')).toBe('Sangsaeng Market');
  });
  it('keeps the reference for other owners and for unknown programs', () => {
    expect(ownerName({ owner_kind: 'charity', owner_ref: '12345' }, programs, 'ko')).toBe('12345');
    expect(ownerName({ owner_kind: 'program', owner_ref: 'gone' }, programs, 'ko')).toBe('gone');
  });
});
