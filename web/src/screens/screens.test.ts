import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n';
import { pageSize } from './Audit';
import {
  checkKindLabel,
  formatAmount,
  ownerKindLabel,
  ownerName,
  ownerReference,
  transferKindLabel,
  unitLabel,
} from './Books';
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

describe('books owners', () => {
  const ko = makeI18n('ko', () => {});
  const en = makeI18n('en', () => {});
  const market = {
    owner_kind: 'program',
    owner_ref: 'market',
    owner_name: 'U+로드 상생 마켓',
    owner_name_en: 'Community market',
  };
  const charity = {
    owner_kind: 'charity',
    owner_ref: '12345',
    owner_name: '나눔재단 (Nanum Foundation)',
    owner_name_en: '나눔재단 (Nanum Foundation)',
  };
  const person = { owner_kind: 'customer', owner_ref: '777', owner_name: '고객 정미래', owner_name_en: '고객 정미래' };
  const unknown = { owner_kind: 'fund', owner_ref: 'art-hall', owner_name: null, owner_name_en: null };

  it("names owners as the server names them, in the reader's language, never by number", () => {
    expect(ownerName(market, 'ko')).toBe('U+로드 상생 마켓');
    expect(ownerName(market, 'en')).toBe('Community market');
    expect(ownerName(charity, 'ko')).toBe('나눔재단 (Nanum Foundation)');
    expect(ownerName(charity, 'en')).toBe('나눔재단 (Nanum Foundation)');
    expect(ownerName(person, 'ko')).toBe('고객 정미래');
  });

  it('keeps the reference for owners not on record', () => {
    expect(ownerName(unknown, 'ko')).toBe('art-hall');
    expect(ownerName(unknown, 'en')).toBe('art-hall');
  });

  it('says what the name stands for: kind and reference', () => {
    expect(ownerReference(ko.t, charity)).toBe('자선단체 · 식별자 12345');
    expect(ownerReference(en.t, charity)).toBe('Charity · id 12345');
    expect(ownerReference(en.t, market)).toBe('Program · id market');
  });
});
