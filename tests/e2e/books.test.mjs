// Browser test of the books page against a real `sangsaeng demo` server: an admin records a
// donation through the API, an auditor sees the accounts with their balances in won and
// verifies the books; the demo's own books show owners by name and owner kinds in Korean and
// English, and the filter form narrows the list to one kind.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kDesktop, kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
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
    await openBooksAsAuditor(page);
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

// The demo's owners (src/app/demo.cpp): its company, farm, charity, customer and the market.
const kDemoOwners = [
  '상생텔레콤 (Sangsaeng Telecom)',
  '해남 햇살농원 (Haenam Sunshine Farm)',
  '나눔재단 (Nanum Foundation)',
  '고객 정미래',
  'U+로드 상생 마켓',
];

/** Logs the auditor in and opens the books from the navigation (Korean UI). */
async function openBooksAsAuditor(page) {
  await page.goto('/login');
  await page.getByLabel('이메일').fill('auditor@sangsaeng.test');
  await page.getByLabel('비밀번호').fill(kPassword);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '장부' }).click();
  await page.getByRole('heading', { level: 1, name: '장부' }).waitFor();
}

/** The text of one column (1-based) of the accounts table, row by row. */
async function accountColumn(page, column) {
  return page.locator('table').first().locator(`tbody tr td:nth-child(${column})`).allInnerTexts();
}

for (const [name, viewport] of [
  ['desktop', kDesktop],
  ['phone', kPhone],
]) {
  test(`the demo's books name owner kinds in Korean and English and filter by them (${name})`, { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'ko-KR' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      await openBooksAsAuditor(page);
      // The demo seeded its books: kinds are words, never the API's codes.
      await page.locator('table').first().getByRole('cell', { name: '가맹점', exact: true }).waitFor();
      const kinds = await accountColumn(page, 2);
      for (const kind of ['가맹점', '프로그램', '자선단체', '회사', '고객']) {
        assert.ok(kinds.includes(kind), `owner kind ${kind} among ${kinds.join(', ')}`);
      }
      for (const code of ['merchant', 'program', 'charity', 'company', 'customer']) {
        assert.ok(!kinds.includes(code), `raw code ${code} shown`);
      }
      // Owners by their names (organisation, person, program), never by number or code; what
      // the name stands for stays in the cell's title.
      await page.locator('table').first().getByRole('cell', { name: 'U+로드 상생 마켓' }).first().waitFor();
      const owners = await accountColumn(page, 3);
      for (const owner of kDemoOwners) {
        assert.ok(owners.includes(owner), `owner ${owner} among ${owners.join(', ')}`);
      }
      assert.ok(!owners.includes('market'), `program code shown: ${owners.join(', ')}`);
      assert.ok(!owners.some((o) => /^\d+$/.test(o)), `an owner shown by number: ${owners.join(', ')}`);
      const person = page.locator('table').first().getByRole('cell', { name: '고객 정미래' }).first();
      assert.match(await person.getAttribute('title'), /^고객 · 식별자 \d+$/);
      const units = await accountColumn(page, 4);
      assert.ok(units.includes('원화') && units.includes('크레딧'), `units: ${units.join(', ')}`);
      const table = await page.locator('table').first().innerText();
      // The charity's balance: the 20,000,000 won grant and the market's donated shares.
      assert.match(table, /20,\d{3},\d{3}원/, "the charity's balance, in won with separators");
      assert.match(table, /5,000,000원/, 'the grant awaiting payment is pending');

      // The filter form: owner kinds by their names; the list narrows to charities.
      const kind = page.getByLabel('소유자 종류');
      assert.deepEqual(await kind.locator('option').allInnerTexts(), ['전체', '고객', '가맹점', '자선단체', '기금', '프로그램', '회사']);
      await kind.selectOption({ label: '자선단체' });
      await page.getByRole('search', { name: '계정 찾기' }).getByRole('button', { name: '찾기' }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('table tbody tr td:nth-child(2)')].every((td) => td.textContent === '자선단체'),
      );
      assert.ok((await accountColumn(page, 2)).length >= 2, 'the charity has a won and a credit account');
      // The charity's won account: its owner named above the history, entry kinds in words,
      // and the other side of each grant named (the market's pool), not numbered.
      await page.locator('table').first().locator('tbody tr', { hasText: '나눔재단' }).filter({ hasText: '원화' })
        .getByRole('button').click();
      await page.getByRole('heading', { level: 2, name: /거래 내역/ }).waitFor();
      const detail = page.getByRole('heading', { level: 2, name: /거래 내역/ }).locator('xpath=following-sibling::p[1]');
      assert.match(await detail.innerText(), /^소유자: 나눔재단 \(Nanum Foundation\)\n자선단체 · 식별자 \d+$/);
      const history = await page.locator('table').nth(1).innerText();
      assert.match(history, /이체|보류 중/);
      assert.doesNotMatch(history, /\b(posted|pending)\b/);
      assert.match(history, /U\+로드 상생 마켓/, 'the grants come from the market program');
      // Both sides of each entry by name (a reference such as an order's number may be a number).
      const sides = await page.locator('table').nth(1).locator('tbody tr')
        .evaluateAll((rows) => rows.flatMap((r) => [r.cells[2]?.textContent ?? '', r.cells[3]?.textContent ?? '']));
      assert.ok(!sides.some((x) => /\b\d{6,}\b/.test(x)), `an account shown by number in the history: ${sides.join(', ')}`);
      assert.deepEqual(await axeViolations(page), []);
      await page.screenshot({ path: join(screenshotDir(), `books-filter-ko-${name}.png`), fullPage: true });

      // English: the same page names the kinds in English.
      await page.getByTestId('lang-toggle').click();
      await page.getByRole('heading', { level: 1, name: 'Books' }).waitFor();
      assert.deepEqual([...new Set(await accountColumn(page, 2))], ['Charity']);
      assert.ok((await accountColumn(page, 3)).includes('나눔재단 (Nanum Foundation)'));
      assert.match(await page.locator('table').nth(1).innerText(), /Community market/, 'program named in English');
      assert.equal(await page.getByLabel('Owner kind').locator('option:checked').innerText(), 'Charity');
      await page.screenshot({ path: join(screenshotDir(), `books-filter-en-${name}.png`), fullPage: true });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
