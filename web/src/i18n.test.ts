import { describe, expect, it } from 'vitest';
import { kLangStorageKey, loadLocale, makeI18n, messageCatalogs, saveLocale, translate } from './i18n';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

describe('i18n', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const { ko, en } = messageCatalogs();
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort());
    for (const key of Object.keys(ko) as Array<keyof typeof ko>) {
      expect(ko[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(ko[key]));
    }
  });

  it('gives the log-in failure message in each language', () => {
    expect(translate('ko', 'login.invalid_credentials')).toBe('이메일 또는 비밀번호가 올바르지 않습니다.');
    expect(translate('en', 'login.invalid_credentials')).toBe('Email or password is incorrect.');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('ko', 'login.rate_limited', { seconds: 30 })).toBe(
      '로그인 시도가 너무 많습니다. 30초 후에 다시 시도하세요.',
    );
    expect(translate('en', 'login.rate_limited')).toContain('{seconds}');
  });

  it('defaults to Korean and remembers the choice', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    expect(loadLocale(storage)).toBe('ko');
    saveLocale(storage, 'en');
    expect(store.get(kLangStorageKey)).toBe('en');
    expect(loadLocale(storage)).toBe('en');
    store.set(kLangStorageKey, 'fr');
    expect(loadLocale(storage)).toBe('ko');
    expect(loadLocale(undefined)).toBe('ko');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadLocale(broken)).toBe('ko');
  });

  it('formats money and time in the current language', () => {
    const ko = makeI18n('ko', () => {});
    const en = makeI18n('en', () => {});
    expect(ko.krw('1234000')).toBe('1,234,000원');
    expect(en.krw(1234000)).toBe('₩1,234,000');
    expect(ko.kst('2026-11-25T01:00:00Z')).toBe('2026년 11월 25일 (수) 10:00');
  });
});
