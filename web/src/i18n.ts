// All user-visible strings, in Korean (the default) and English, and the current language.
//
// The language is remembered in localStorage under kLangStorageKey and mirrored on
// <html lang>. Components read it through useI18n(), which re-renders them on a switch.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { formatDate, formatKrw, formatKst, type Locale } from './format';

export type { Locale } from './format';

const ko = {
  'app.name': '상생',
  'app.tagline': '함께 성장하는 지역 상생 프로그램',
  'app.skip_to_content': '본문으로 건너뛰기',
  'app.loading': '불러오는 중…',
  'app.footer': '상생 · 함께 성장하는 지역 공동체',

  'lang.switch_to': 'English',
  'lang.switch_label': 'Switch to English',

  'nav.label': '주 메뉴',
  'nav.home': '홈',
  'nav.account': '내 계정',
  'nav.audit': '감사 기록',
  'nav.login': '로그인',
  'nav.logout': '로그아웃',
  'nav.signed_in_as': '{name} 님',

  'role.admin': '관리자',
  'role.manager': '운영 담당',
  'role.merchant': '판매자',
  'role.helper': '도우미',
  'role.customer': '고객',
  'role.auditor': '감사인',

  'login.title': '로그인',
  'login.intro': '상생 계정의 이메일과 비밀번호를 입력하세요.',
  'login.email': '이메일',
  'login.password': '비밀번호',
  'login.submit': '로그인',
  'login.submitting': '로그인 중…',
  'login.invalid_credentials': '이메일 또는 비밀번호가 올바르지 않습니다.',
  'login.rate_limited': '로그인 시도가 너무 많습니다. {seconds}초 후에 다시 시도하세요.',
  'login.rate_limited_no_wait': '로그인 시도가 너무 많습니다. 잠시 후에 다시 시도하세요.',
  'login.missing_fields': '이메일과 비밀번호를 모두 입력하세요.',
  'login.required': '이 페이지를 보려면 로그인하세요.',

  'home.title': '프로그램',
  'home.intro': '상생이 운영하는 프로그램과 현재 상태입니다.',
  'home.empty': '아직 등록된 프로그램이 없습니다.',
  'home.period': '기간',
  'home.period_from': '{start}부터',
  'home.period_until': '{end}까지',
  'home.status': '상태',

  'status.active': '진행 중',
  'status.preparing': '준비 중',
  'status.paused': '일시 중지',
  'status.ended': '종료',

  'account.title': '내 계정',
  'account.profile': '계정 정보',
  'account.email': '이메일',
  'account.display_name': '이름',
  'account.org': '소속',
  'account.roles': '역할',
  'account.role_in_program': '{role} ({program})',
  'account.change_password': '비밀번호 변경',
  'account.current_password': '현재 비밀번호',
  'account.new_password': '새 비밀번호',
  'account.new_password_hint': '10자 이상으로 입력하세요.',
  'account.confirm_password': '새 비밀번호 확인',
  'account.submit': '비밀번호 변경',
  'account.submitting': '변경 중…',
  'account.changed': '비밀번호를 변경했습니다.',
  'account.wrong_current': '현재 비밀번호가 올바르지 않습니다.',
  'account.too_short': '새 비밀번호는 10자 이상이어야 합니다.',
  'account.mismatch': '새 비밀번호와 확인이 일치하지 않습니다.',
  'account.same_as_current': '새 비밀번호는 현재 비밀번호와 달라야 합니다.',

  'audit.title': '감사 기록',
  'audit.intro': '시스템에서 일어난 요청과 변경 기록입니다. 최신 기록이 먼저 나옵니다.',
  'audit.at': '시각',
  'audit.actor': '사용자',
  'audit.action': '작업',
  'audit.target': '대상',
  'audit.status': '결과',
  'audit.remote_addr': '접속 주소',
  'audit.request_id': '요청 ID',
  'audit.system': '시스템',
  'audit.empty': '기록이 없습니다.',
  'audit.more': '더 보기',
  'audit.loading_more': '불러오는 중…',
  'audit.end': '모든 기록을 보았습니다.',
  'audit.count': '{count}건 표시 중',

  'forbidden.title': '접근 권한 없음',
  'forbidden.body': '이 페이지를 볼 권한이 없습니다.',
  'not_found.title': '페이지를 찾을 수 없습니다',
  'not_found.body': '주소를 확인하거나 홈으로 이동하세요.',
  'not_found.home': '홈으로',

  'error.network': '서버에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도하세요.',
  'error.server': '서버 오류가 발생했습니다. 잠시 후에 다시 시도하세요.',
  'error.csrf': '보안 토큰이 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도하세요.',
  'error.forbidden': '이 작업을 할 권한이 없습니다.',
  'error.unauthenticated': '로그인이 필요합니다.',
  'error.rate_limited': '요청이 너무 많습니다. 잠시 후에 다시 시도하세요.',
  'error.validation': '입력값을 확인하세요.',
  'error.generic': '요청을 처리하지 못했습니다. ({status})',
  'error.retry': '다시 시도',

  'nav.books': '장부',
  'books.title': '장부',
  'books.intro': '모든 원화와 크레딧 이동은 복식부기 장부에 기록됩니다. 항목은 고치거나 지우지 않으며, 해시 체인으로 이어져 있습니다.',
  'books.verify': '장부 검증',
  'books.verifying': '검증 중…',
  'books.verified': '장부가 맞습니다: 항목 {entries}건 (계정 {accounts}개, 이체 {transfers}건). 마지막 해시 {hash}',
  'books.mismatch': '장부가 맞지 않습니다: {entry} ({kind}) — {message}',
  'books.owner_kind': '소유자 종류',
  'books.owner_ref': '소유자',
  'books.all_owners': '전체',
  'books.search': '찾기',
  'books.accounts': '계정',
  'books.account': '계정',
  'books.unit': '단위',
  'books.balance': '잔액',
  'books.pending': '보류',
  'books.closed': '해지됨',
  'books.history': '거래 내역',
  'books.history_of': '계정 {id} 거래 내역',
  'books.when': '시각',
  'books.kind': '종류',
  'books.debit': '차변 계정',
  'books.credit': '대변 계정',
  'books.amount': '금액',
  'books.reference': '참조',
  'books.empty': '계정이 없습니다.',
  'books.no_history': '거래가 없습니다.',
  'books.more': '더 보기',
  'books.filter': '계정 찾기',
  'books.owner_ref_hint': '조직·사용자 번호 또는 프로그램 (예: market)',
  'books.owner_ref_title': '{kind} · 식별자 {ref}',
  'books.owner_of': '소유자: {name}',
  'books.owner.customer': '고객',
  'books.owner.merchant': '가맹점',
  'books.owner.charity': '자선단체',
  'books.owner.fund': '기금',
  'books.owner.program': '프로그램',
  'books.owner.company': '회사',
  'books.unit.KRW': '원화',
  'books.unit.CREDIT': '크레딧',
  'books.points': '{amount}P',
  'books.transfer.posted': '이체',
  'books.transfer.pending': '보류 중',
  'books.transfer.post': '보류 확정',
  'books.transfer.void': '보류 취소',
  'books.transfer.expire': '기한 만료',
  'books.check.sequence': '순서',
  'books.check.hash': '해시',
  'books.check.rule': '규칙',
  'books.check.balance': '잔액',
  'books.check.head': '마지막 항목',
  'books.check.totals': '합계',
} as const;

export type MessageKey = keyof typeof ko;

const en: Record<MessageKey, string> = {
  'app.name': 'Sangsaeng',
  'app.tagline': 'Community programs that grow together',
  'app.skip_to_content': 'Skip to content',
  'app.loading': 'Loading…',
  'app.footer': 'Sangsaeng · growing together',

  'lang.switch_to': '한국어',
  'lang.switch_label': '한국어로 보기',

  'nav.label': 'Main menu',
  'nav.home': 'Home',
  'nav.account': 'Account',
  'nav.audit': 'Audit log',
  'nav.login': 'Log in',
  'nav.logout': 'Log out',
  'nav.signed_in_as': '{name}',

  'role.admin': 'Administrator',
  'role.manager': 'Manager',
  'role.merchant': 'Merchant',
  'role.helper': 'Helper',
  'role.customer': 'Customer',
  'role.auditor': 'Auditor',

  'login.title': 'Log in',
  'login.intro': 'Enter the email and password of your Sangsaeng account.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.invalid_credentials': 'Email or password is incorrect.',
  'login.rate_limited': 'Too many log-in attempts. Try again in {seconds} seconds.',
  'login.rate_limited_no_wait': 'Too many log-in attempts. Try again in a moment.',
  'login.missing_fields': 'Enter both your email and your password.',
  'login.required': 'Log in to see this page.',

  'home.title': 'Programs',
  'home.intro': 'The programs Sangsaeng runs and where each one stands.',
  'home.empty': 'No programs yet.',
  'home.period': 'Period',
  'home.period_from': 'From {start}',
  'home.period_until': 'Until {end}',
  'home.status': 'Status',

  'status.active': 'Active',
  'status.preparing': 'Preparing',
  'status.paused': 'Paused',
  'status.ended': 'Ended',

  'account.title': 'Account',
  'account.profile': 'Your account',
  'account.email': 'Email',
  'account.display_name': 'Name',
  'account.org': 'Organisation',
  'account.roles': 'Roles',
  'account.role_in_program': '{role} ({program})',
  'account.change_password': 'Change password',
  'account.current_password': 'Current password',
  'account.new_password': 'New password',
  'account.new_password_hint': 'At least 10 characters.',
  'account.confirm_password': 'Confirm new password',
  'account.submit': 'Change password',
  'account.submitting': 'Changing…',
  'account.changed': 'Your password has been changed.',
  'account.wrong_current': 'The current password is incorrect.',
  'account.too_short': 'The new password must be at least 10 characters.',
  'account.mismatch': 'The new password and its confirmation do not match.',
  'account.same_as_current': 'The new password must differ from the current one.',

  'audit.title': 'Audit log',
  'audit.intro': 'Requests and changes recorded by the system, newest first.',
  'audit.at': 'Time',
  'audit.actor': 'User',
  'audit.action': 'Action',
  'audit.target': 'Target',
  'audit.status': 'Result',
  'audit.remote_addr': 'Address',
  'audit.request_id': 'Request ID',
  'audit.system': 'System',
  'audit.empty': 'No entries.',
  'audit.more': 'Show more',
  'audit.loading_more': 'Loading…',
  'audit.end': 'You have seen every entry.',
  'audit.count': 'Showing {count}',

  'forbidden.title': 'Not allowed',
  'forbidden.body': 'You do not have permission to see this page.',
  'not_found.title': 'Page not found',
  'not_found.body': 'Check the address or go back home.',
  'not_found.home': 'Go home',

  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.server': 'The server had a problem. Try again in a moment.',
  'error.csrf': 'Your security token has expired. Reload the page and try again.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.unauthenticated': 'You need to log in.',
  'error.rate_limited': 'Too many requests. Try again in a moment.',
  'error.validation': 'Check what you entered.',
  'error.generic': 'The request could not be completed. ({status})',
  'error.retry': 'Try again',

  'nav.books': 'Books',
  'books.title': 'Books',
  'books.intro': 'Every won and credit point moves through the double-entry books. Entries are never changed or deleted, and each one is hash-chained to the one before.',
  'books.verify': 'Verify the books',
  'books.verifying': 'Verifying…',
  'books.verified': 'The books verify: {entries} entries ({accounts} accounts, {transfers} transfers). Head hash {hash}',
  'books.mismatch': 'The books do not verify: {entry} ({kind}) — {message}',
  'books.owner_kind': 'Owner kind',
  'books.owner_ref': 'Owner',
  'books.all_owners': 'All',
  'books.search': 'Search',
  'books.accounts': 'Accounts',
  'books.account': 'Account',
  'books.unit': 'Unit',
  'books.balance': 'Balance',
  'books.pending': 'Pending',
  'books.closed': 'Closed',
  'books.history': 'History',
  'books.history_of': 'History of account {id}',
  'books.when': 'When',
  'books.kind': 'Kind',
  'books.debit': 'Debit account',
  'books.credit': 'Credit account',
  'books.amount': 'Amount',
  'books.reference': 'Reference',
  'books.empty': 'No accounts.',
  'books.no_history': 'No transfers.',
  'books.more': 'Show more',
  'books.filter': 'Find accounts',
  'books.owner_ref_hint': 'Organisation or user number, or a program (e.g. market)',
  'books.owner_ref_title': '{kind} · id {ref}',
  'books.owner_of': 'Owner: {name}',
  'books.owner.customer': 'Customer',
  'books.owner.merchant': 'Merchant',
  'books.owner.charity': 'Charity',
  'books.owner.fund': 'Fund',
  'books.owner.program': 'Program',
  'books.owner.company': 'Company',
  'books.unit.KRW': 'Won',
  'books.unit.CREDIT': 'Credit',
  'books.points': '{amount} P',
  'books.transfer.posted': 'Transfer',
  'books.transfer.pending': 'Pending',
  'books.transfer.post': 'Pending posted',
  'books.transfer.void': 'Pending voided',
  'books.transfer.expire': 'Expired',
  'books.check.sequence': 'sequence',
  'books.check.hash': 'hash',
  'books.check.rule': 'rule',
  'books.check.balance': 'balance',
  'books.check.head': 'head',
  'books.check.totals': 'totals',
};

const kMessages: Record<Locale, Record<MessageKey, string>> = { ko, en };

export const kLangStorageKey = 'ss_lang';
export const kDefaultLocale: Locale = 'ko';

/** Looks up a message and fills {name} placeholders; unknown placeholders stay as written. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string | number>,
): string {
  const template = kMessages[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Returns the remembered language, or Korean when none (or something unexpected) is stored. */
export function loadLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale {
  try {
    const stored = storage?.getItem(kLangStorageKey);
    return stored === 'en' || stored === 'ko' ? stored : kDefaultLocale;
  } catch {
    return kDefaultLocale; // storage disabled (private mode, policy)
  }
}

/** Remembers the language; a storage that refuses is not an error, the switch still happens. */
export function saveLocale(storage: Pick<Storage, 'setItem'> | undefined, locale: Locale): void {
  try {
    storage?.setItem(kLangStorageKey, locale);
  } catch {
    // ignore: the language simply is not remembered
  }
}

/** Everything a component needs to speak the current language. */
export interface I18n {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  krw: (amount: number | string | bigint) => string;
  kst: (time: string) => string;
  date: (date: string) => string;
  setLocale: (locale: Locale) => void;
}

export function makeI18n(locale: Locale, setLocale: (locale: Locale) => void): I18n {
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    krw: (amount) => formatKrw(amount, locale),
    kst: (time) => formatKst(time, locale),
    date: (date) => formatDate(date, locale),
    setLocale,
  };
}

export const I18nContext = createContext<I18n>(makeI18n(kDefaultLocale, () => {}));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** Checks that both languages define the same keys with the same placeholders (for tests). */
export function messageCatalogs(): Record<Locale, Record<MessageKey, string>> {
  return kMessages;
}
