// Browser tests of the web shell against a real `sangsaeng demo` server.
// Run from the repo root: node --test tests/e2e/
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kDesktop, kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kPassword = 'sangsaeng-demo';
const kAdmin = 'admin@sangsaeng.test';
const kTestTimeoutMs = 60_000;
const kStepTimeoutMs = 10_000;

let server;
let browser;
let shots;

// Every scenario logs in from 127.0.0.1; the default limit (10 log-ins a minute per address)
// would trip the later ones. The rate-limit scenario runs its own server with a low limit.
const kRelaxedLoginLimit = { SANGSAENG_LOGIN_RATE_PER_ADDRESS_PER_MIN: '600' };
const kStrictLoginLimit = { SANGSAENG_LOGIN_RATE_PER_ADDRESS_PER_MIN: '3' };

before(async () => {
  server = await startServer({ env: kRelaxedLoginLimit });
  browser = await launchBrowser();
  shots = screenshotDir();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh context (no cookies, no localStorage) and page; page errors are collected. */
async function openPage(viewport = kDesktop, baseURL = server.baseUrl) {
  const context = await browser.newContext({ baseURL, viewport, locale: 'ko-KR' });
  context.setDefaultTimeout(kStepTimeoutMs);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

async function programsFromApi(context) {
  const response = await context.request.get('/api/v1/programs');
  assert.equal(response.status(), 200, 'GET /api/v1/programs');
  const body = await response.json();
  assert.ok(Array.isArray(body.items) && body.items.length > 0, 'the demo has programs');
  return body.items;
}

async function logIn(page, email, password = kPassword) {
  await page.goto('/login');
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

async function cardNames(page) {
  await page.locator('.card-title').first().waitFor();
  return page.locator('.card-title').allTextContents();
}

describe('web shell', { timeout: kTestTimeoutMs * 8 }, () => {
  test('admin logs in, sees programs, switches to English, logs out', { timeout: kTestTimeoutMs }, async () => {
    const { context, page, errors } = await openPage();
    try {
      const programs = await programsFromApi(context);
      await logIn(page, kAdmin);
      await page.waitForURL((url) => url.pathname === '/');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
      await page.getByTestId('whoami').waitFor();

      // Korean program names and localized status badges, as the API lists them.
      assert.deepEqual(await cardNames(page), programs.map((p) => p.name_ko));
      const kStatusKo = { active: '진행 중', preparing: '준비 중', paused: '일시 중지', ended: '종료' };
      const badges = await page.locator('.card .badge').allTextContents();
      assert.deepEqual(badges, programs.map((p) => kStatusKo[p.status] ?? p.status));

      // Role-aware navigation: the admin sees the audit log.
      const nav = page.getByRole('navigation', { name: '주 메뉴' });
      await nav.getByRole('link', { name: '감사 기록' }).waitFor();
      assert.equal(await nav.getByRole('link', { name: '로그인' }).count(), 0);

      // English: names, labels and <html lang> follow, and the choice survives a reload.
      await page.getByTestId('lang-toggle').click();
      await page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.deepEqual(await cardNames(page), programs.map((p) => p.name_en));
      await page.screenshot({ path: join(shots, 'home-en-desktop.png'), fullPage: true });
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Programs' }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.evaluate(() => localStorage.getItem('ss_lang')), 'en');

      // Log out: the session is gone on the server too.
      await page.getByTestId('logout').click();
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Log in' }).waitFor();
      assert.equal(await page.getByTestId('whoami').count(), 0);
      const me = await context.request.get('/api/v1/auth/me');
      assert.equal(me.status(), 401, 'after log-out /auth/me is 401');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a wrong password shows a clear message', { timeout: kTestTimeoutMs }, async () => {
    const { context, page, errors } = await openPage(kPhone);
    try {
      await logIn(page, kAdmin, 'not-the-password');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.equal((await alert.textContent()).trim(), '이메일 또는 비밀번호가 올바르지 않습니다.');
      assert.equal(new URL(page.url()).pathname, '/login');
      assert.equal(await page.getByLabel('비밀번호').inputValue(), '', 'the password field is cleared');
      await page.screenshot({ path: join(shots, 'login-error-ko-360.png') });

      // Same in English.
      await page.getByTestId('lang-toggle').click();
      // Keyboard only this time: type, Tab to the password, Enter submits.
      await page.getByLabel('Email').fill('');
      await page.getByLabel('Email').focus();
      await page.keyboard.type(kAdmin);
      await page.keyboard.press('Tab');
      await page.keyboard.type('still-not-the-password');
      await page.keyboard.press('Enter');
      await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('Korean renders with a Korean font at phone width (screenshot)', { timeout: kTestTimeoutMs }, async () => {
    const { context, page, errors } = await openPage(kPhone);
    try {
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: '프로그램' }).waitFor();
      await page.locator('.card-title').first().waitFor();
      await page.evaluate(() => document.fonts.ready);

      // Which installed font actually drew the Korean text (boxes would mean no CJK font).
      const cdp = await context.newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.card-title' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const families = fonts.map((f) => f.familyName);
      assert.ok(
        families.some((name) => /nanum|noto sans (kr|cjk)/i.test(name)),
        `Korean text drawn with a Korean font, got: ${families.join(', ')}`,
      );

      // Nothing wider than the phone: no horizontal scrolling of the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page is ${overflow}px wider than a 360px screen`);

      const file = join(shots, 'home-ko-360.png');
      await page.screenshot({ path: file, fullPage: true });
      console.log(`screenshot: ${file}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('audit log: admins and auditors see it, others do not', { timeout: kTestTimeoutMs }, async () => {
    const admin = await openPage(kPhone);
    try {
      await logIn(admin.page, kAdmin);
      await admin.page.waitForURL((url) => url.pathname === '/');
      await admin.page.getByRole('link', { name: '감사 기록' }).click();
      await admin.page.getByRole('heading', { level: 1, name: '감사 기록' }).waitFor();
      // Focus follows navigation to the new page's heading (screen readers announce it).
      await admin.page.waitForFunction(() => document.activeElement?.id === 'audit-title');
      await admin.page.locator('table tbody tr').first().waitFor();
      const firstTime = await admin.page.locator('table tbody tr td time').first().textContent();
      assert.match(firstTime, /^\d{4}년 \d{1,2}월 \d{1,2}일 \([월화수목금토일]\) \d{2}:\d{2}$/);
      await admin.page.screenshot({ path: join(shots, 'audit-ko-360.png'), fullPage: true });

      // Cursor paging: two at a time, "더 보기" appends the next page.
      await admin.page.goto('/audit?limit=2');
      const rows = admin.page.locator('table tbody tr');
      await rows.nth(1).waitFor();
      assert.equal(await rows.count(), 2);
      await admin.page.getByRole('button', { name: '더 보기' }).click();
      await rows.nth(2).waitFor();
      const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent));
      assert.equal(new Set(ids).size, ids.length, 'no entry shown twice');
      assert.deepEqual(admin.errors, []);
    } finally {
      await admin.context.close();
    }

    const auditor = await openPage();
    try {
      await logIn(auditor.page, 'auditor@sangsaeng.test');
      await auditor.page.waitForURL((url) => url.pathname === '/');
      await auditor.page.goto('/audit'); // a deep link: the server's SPA fallback serves the app
      await auditor.page.locator('table tbody tr').first().waitFor();
      assert.deepEqual(auditor.errors, []);
    } finally {
      await auditor.context.close();
    }

    const customer = await openPage();
    try {
      await logIn(customer.page, 'customer@sangsaeng.test');
      await customer.page.waitForURL((url) => url.pathname === '/');
      await customer.page.getByTestId('whoami').waitFor();
      assert.equal(await customer.page.getByRole('link', { name: '감사 기록' }).count(), 0);
      await customer.page.goto('/audit');
      await customer.page.getByRole('heading', { level: 1, name: '접근 권한 없음' }).waitFor();
      assert.deepEqual(customer.errors, []);
    } finally {
      await customer.context.close();
    }
  });

  test('a visitor opening a members page is sent to log-in and back', { timeout: kTestTimeoutMs }, async () => {
    const { context, page, errors } = await openPage();
    try {
      await page.goto('/account');
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByText('이 페이지를 보려면 로그인하세요.').waitFor();
      await page.getByLabel('이메일').fill('merchant@sangsaeng.test');
      await page.getByLabel('비밀번호').fill(kPassword);
      await page.getByRole('button', { name: '로그인' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByRole('heading', { level: 1, name: '내 계정' }).waitFor();
      await page.getByText('merchant@sangsaeng.test').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('account: change the password, with field errors first', { timeout: kTestTimeoutMs }, async () => {
    const { context, page, errors } = await openPage(kPhone);
    const email = 'helper@sangsaeng.test';
    const next = 'a-new-password-2026';
    try {
      await logIn(page, email);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByRole('link', { name: '내 계정' }).click();
      await page.getByRole('heading', { level: 1, name: '내 계정' }).waitFor();

      // Too short: refused before it is sent.
      await page.getByLabel('현재 비밀번호').fill(kPassword);
      await page.getByLabel('새 비밀번호', { exact: true }).fill('short');
      await page.getByLabel('새 비밀번호 확인').fill('short');
      await page.getByRole('button', { name: '비밀번호 변경' }).click();
      await page.getByText('새 비밀번호는 10자 이상이어야 합니다.').waitFor();

      // Wrong current password: the server says so.
      await page.getByLabel('현재 비밀번호').fill('wrong-current-password');
      await page.getByLabel('새 비밀번호', { exact: true }).fill(next);
      await page.getByLabel('새 비밀번호 확인').fill(next);
      await page.getByRole('button', { name: '비밀번호 변경' }).click();
      await page.getByText('현재 비밀번호가 올바르지 않습니다.').waitFor();
      await page.screenshot({ path: join(shots, 'account-errors-ko-360.png'), fullPage: true });

      // Right one: changed; after logging out, the old password fails and the new one works.
      await page.getByLabel('현재 비밀번호').fill(kPassword);
      await page.getByRole('button', { name: '비밀번호 변경' }).click();
      await page.getByText('비밀번호를 변경했습니다.').waitFor();
      await page.getByTestId('logout').click();
      await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '로그인' }).waitFor();
      await logIn(page, email, kPassword);
      await page.getByText('이메일 또는 비밀번호가 올바르지 않습니다.').waitFor();
      await logIn(page, email, next);
      await page.waitForURL((url) => url.pathname === '/');
      await page.getByTestId('whoami').waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('pages pass the WCAG 2.1 AA checks of axe-core', { timeout: kTestTimeoutMs }, async () => {
    const phone = await openPage(kPhone);
    try {
      const { page } = phone;
      const found = [];
      const check = async (name) => found.push(...(await axeViolations(page)).map((v) => `${name}: ${v}`));
      await page.goto('/');
      await page.locator('.card-title').first().waitFor();
      await check('home (ko, 360 px)');
      await logIn(page, 'auditor@sangsaeng.test', 'wrong-password-1');
      await page.getByRole('alert').waitFor();
      await check('log-in with error');
      await logIn(page, 'auditor@sangsaeng.test');
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/audit');
      await page.locator('table tbody tr').first().waitFor();
      await check('audit (ko, 360 px)');
      await page.goto('/account');
      await page.getByRole('heading', { level: 1, name: '내 계정' }).waitFor();
      await page.getByRole('button', { name: '비밀번호 변경' }).click();
      await page.locator('.field-error').first().waitFor();
      await check('account with field errors');
      await page.getByTestId('lang-toggle').click();
      await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
      // At 360 px the brand and the language button stay on one line each (English is longer).
      const lines = await page.evaluate(() =>
        ['.brand-name', '.lang-toggle'].map((selector) => {
          const range = document.createRange();
          range.selectNodeContents(document.querySelector(selector));
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        }),
      );
      assert.deepEqual(lines, [1, 1], 'brand and language button on one line each');
      await page.setViewportSize(kDesktop);
      await page.goto('/');
      await page.locator('.card-title').first().waitFor();
      await check('home (en, desktop)');
      assert.deepEqual(found, []);
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.context.close();
    }
  });

  test('too many log-in attempts show their own message', { timeout: kTestTimeoutMs }, async () => {
    const strict = await startServer({ env: kStrictLoginLimit });
    const { context, page, errors } = await openPage(kPhone, strict.baseUrl);
    try {
      const email = 'customer@sangsaeng.test';
      let shown = '';
      await page.goto('/login');
      // 3 attempts a minute are allowed; the 4th is refused. Bounded: at most 6 tries.
      for (let attempt = 0; attempt < 6 && !shown.startsWith('로그인 시도가 너무 많습니다.'); attempt += 1) {
        await page.getByLabel('이메일').fill(email);
        await page.getByLabel('비밀번호').fill(`wrong-${attempt}`);
        await page.getByRole('button', { name: '로그인' }).click();
        await page.locator('button[type=submit]:not([disabled])').waitFor();
        await page.getByRole('alert').waitFor();
        shown = ((await page.getByRole('alert').textContent()) ?? '').trim();
      }
      assert.match(shown, /^로그인 시도가 너무 많습니다\. \d+초 후에 다시 시도하세요\.$/);
      // Even the right password is refused until the wait is over.
      const r = await context.request.post('/api/v1/auth/login', { data: { email, password: kPassword } });
      assert.equal(r.status(), 429);
      assert.match(r.headers()['retry-after'] ?? '', /^\d+$/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await strict.stop();
    }
  });
});
