// Browser test of the books page against a real `sangsaeng demo` server: an admin records a
// donation through the API, an auditor sees the accounts with their balances in won and
// verifies the books.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kDesktop, launchBrowser, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kPassword = 'sangsaeng-demo';
let server;
let browser;

before(async () => {
  server = await startServer({ env: { SANGSAENG_LOGIN_RATE_PER_ADDRESS_PER_MIN: '600' } });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an auditor sees the books in won and verifies them', { timeout: 60_000 }, async () => {
  // The admin opens two KRW accounts and records a donation, through the API.
  const api = await browser.newContext({ baseURL: server.baseUrl });
  const login = await api.request.post('/api/v1/auth/login', {
    data: { email: 'admin@sangsaeng.test', password: kPassword },
  });
  assert.equal(login.status(), 200);
  const csrf = (await login.json()).csrf_token;
  const headers = { 'X-CSRF-Token': csrf };
  const accounts = await api.request.post('/api/v1/ledger/accounts', {
    headers,
    data: {
      accounts: [
        { id: '1001', ledger: 1, code: 1, owner_kind: 'company', owner_ref: 'market-donations' },
        { id: '1002', ledger: 1, code: 2, owner_kind: 'charity', owner_ref: 'relief-fund' },
      ],
    },
  });
  assert.equal(accounts.status(), 200, await accounts.text());
  const transfer = await api.request.post('/api/v1/ledger/transfers', {
    headers,
    data: { id: '5001', debit_account_id: '1001', credit_account_id: '1002', amount: 1500000, ledger: 1, code: 7, reference: 'drop:2026-12-02' },
  });
  assert.equal(transfer.status(), 201, await transfer.text());
  await api.close();

  // The auditor, in the browser.
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kDesktop, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto('/login');
    await page.getByLabel('이메일').fill('auditor@sangsaeng.test');
    await page.getByLabel('비밀번호').fill(kPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '장부' }).click();
    await page.getByRole('heading', { level: 1, name: '장부' }).waitFor();
    await page.getByText('relief-fund').waitFor();
    const table = await page.locator('table').first().innerText();
    assert.match(table, /1,500,000원/, 'the charity account shows its balance in won');
    await page.getByRole('button', { name: '장부 검증' }).click();
    await page.getByText('장부가 맞습니다', { exact: false }).waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'books-ko-desktop.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
