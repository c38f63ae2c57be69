// Browser test of the happiness credit against a real `sangsaeng demo` server, in Korean:
// - the demo customer (phone width) sees their balance and history as the API has them, what
//   last year's credit did, and last year's donation receipt (a printable page and a CSV with
//   the organisations' registration numbers); they choose their own split of causes (a split
//   that does not add up to 100 % is refused before it is sent) and go back to the default;
// - an admin adds a partner shop, gets its secret once, and the shop's purchase signed with that
//   secret earns the customer credit; the admin adds a rate for a later period;
// - the program's manager settles a pilot period: every balance is donated, the customer's
//   balance is 0 and the statement appears;
// - the program's and a cause's public pages show the API's figures, the verification command
//   with the head, and axe finds no violation (Korean and English, phone and desktop).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { apiSession } from './support/api.mjs';
import { axeViolations } from './support/axe.mjs';
import { kDesktop, kPhone, launchBrowser, logIn } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

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

async function newPage(viewport = kPhone, locale = 'ko-KR') {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

const points = (n) => `${n.toLocaleString('en-US')}점`;

test('a customer sees their credit, what it did and their receipt, and chooses causes', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await newPage();
  try {
    await logIn(page, 'customer@sangsaeng.test');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 행복 크레딧' }).click();
    await page.waitForURL('**/credit');
    const me = await (await page.request.get('/api/v1/giving/me')).json();
    assert.ok(me.balance_points > 0, 'the demo customer holds this year\'s credit');
    assert.equal(await page.getByTestId('credit-balance').innerText(), points(me.balance_points));
    const rows = page.getByTestId('credit-history').locator('tbody tr');
    assert.equal(await rows.count(), me.history.items.length);
    // The returned order shows the credit taken back.
    assert.equal(await page.getByTestId('credit-reversed').count(), 1);
    // Last year's settlement: what the credit did, by cause.
    const statements = page.getByTestId('credit-statements').locator('li.card');
    assert.equal(await statements.count(), me.statements.length);
    assert.ok(me.statements.length >= 1);
    assert.match(await statements.first().innerText(), /독거노인/);
    // Last year's receipt: a printable page (no script may run in it) and a CSV.
    const lastYear = new Date().getFullYear() - 1;
    const receipts = await (await page.request.get('/api/v1/giving/me/receipts')).json();
    const year = receipts.items.map((r) => r.year);
    assert.ok(year.includes(lastYear) || year.includes(lastYear + 1), JSON.stringify(receipts));
    const link = page.getByTestId('receipt-html').first();
    const html = await page.request.get(await link.getAttribute('href'));
    assert.equal(html.status(), 200);
    assert.match(html.headers()['content-security-policy'], /default-src 'none'/);
    const text = await html.text();
    for (const needed of ['기부금 영수증', '고객 정미래', '사단법인 독거노인종합지원센터', '101-82-10001', '상생 행복 크레딧 운영사무국']) {
      assert.ok(text.includes(needed), needed);
    }
    const csv = await (await page.request.get(await page.getByTestId('receipt-csv').first().getAttribute('href'))).text();
    assert.match(csv, /101-82-10001,독거노인,금전,\d+/);
    assert.deepEqual(await axeViolations(page), []);

    // My causes: the demo customer chose 70/30; 60 + 30 is refused before it is sent.
    await page.getByTestId('credit-causes-link').click();
    await page.waitForURL('**/credit/causes');
    await page.getByTestId('causes-mode').filter({ hasText: '직접 고른 배분' }).waitFor();
    await page.getByLabel('독거노인 비율 (%)').fill('60');
    assert.match(await page.getByTestId('causes-total').innerText(), /90%/);
    await page.getByRole('button', { name: '저장' }).click();
    assert.match(await page.getByTestId('causes-error').innerText(), /100%/);
    assert.equal((await (await page.request.get('/api/v1/giving/me/causes')).json()).shares[0].percent, 70);
    await page.getByLabel('결식아동 비율 (%)').fill('10');
    await page.getByRole('button', { name: '저장' }).click();
    await page.getByTestId('causes-saved').waitFor();
    const chosen = await (await page.request.get('/api/v1/giving/me/causes')).json();
    assert.equal(chosen.default, false);
    assert.deepEqual(chosen.shares.map((s) => s.percent).sort(), [10, 30, 60]);
    assert.deepEqual(await axeViolations(page), []);
    // Back to the program's default split.
    await page.getByLabel(/기본 배분 따르기/).check();
    await page.getByRole('button', { name: '저장' }).click();
    await page.getByTestId('causes-mode').filter({ hasText: '기본 배분' }).waitFor();
    assert.equal((await (await page.request.get('/api/v1/giving/me/causes')).json()).default, true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an admin adds a partner shop whose signed purchase earns credit, and a later rate', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await newPage(kDesktop);
  const customer = await apiSession(browser, server.baseUrl, 'customer@sangsaeng.test');
  try {
    const customerId = (await customer.get('/api/v1/auth/me')).user.id;
    const before = (await customer.get('/api/v1/giving/me')).balance_points;
    await logIn(page, 'admin@sangsaeng.test');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '크레딧 제휴 매장' }).click();
    await page.waitForURL('**/credit/partners');
    await page.getByLabel('매장 이름').fill('공정무역 나눔가게');
    await page.getByLabel('적립률 (%)').first().fill('2.5');
    await page.getByRole('button', { name: '추가하고 키 발급' }).click();
    const secret = await page.getByTestId('partner-secret-value').innerText();
    assert.match(secret, /^\S{20,}$/);
    const card = page.locator('[data-testid="credit-partner"][data-name="공정무역 나눔가게"]');
    assert.equal(await card.getByTestId('credit-rate').locator('td').nth(1).innerText(), '2.5%');
    // The secret is not shown again.
    const listed = await (await page.request.get('/api/v1/giving/partners')).text();
    assert.ok(!listed.includes(secret));
    const keyId = (await (await page.request.get('/api/v1/giving/partners')).json()).items.find((p) => p.name === '공정무역 나눔가게').key_id;

    // The shop reports a purchase signed with it: 40,000 won at 2.5 % earns 1,000 points.
    const path = '/api/v1/giving/purchases';
    const body = JSON.stringify({ partner_purchase_id: 'FT-1', customer_id: customerId, amount_won: 40000, at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', secret).update(`POST\n${path}\n${ts}\n${body}`).digest('hex');
    const reported = await page.request.post(path, {
      data: body,
      headers: { 'Content-Type': 'application/json', 'X-Giving-Key': keyId, 'X-Giving-Timestamp': ts, 'X-Giving-Signature': signature },
    });
    assert.equal(reported.status(), 201, await reported.text());
    assert.equal((await reported.json()).credit_earned, 1000);
    assert.equal((await customer.get('/api/v1/giving/me')).balance_points, before + 1000);

    // A rate for a later period (tomorrow, Korea time).
    const tomorrow = new Date(Date.now() + 9 * 3600_000 + 24 * 3600_000).toISOString().slice(0, 16);
    await card.getByLabel('새 적립률 시작 (한국 시간)').fill(tomorrow);
    await card.getByLabel('적립률 (%)').fill('3');
    await card.getByRole('button', { name: '적립률 추가' }).click();
    await card.getByTestId('credit-rate').nth(1).waitFor();
    assert.equal(await card.getByTestId('credit-rate').nth(1).locator('td').nth(1).innerText(), '3%');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await customer.close();
    await context.close();
  }
});

test("the program's manager settles a pilot period and the customer sees what their credit did", { timeout: 120_000 }, async () => {
  const { context, page, errors } = await newPage(kDesktop);
  const customer = await apiSession(browser, server.baseUrl, 'customer@sangsaeng.test');
  try {
    const before = await customer.get('/api/v1/giving/me');
    assert.ok(before.balance_points > 0);
    await logIn(page, 'credit@sangsaeng.test');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '크레딧 정산' }).click();
    await page.waitForURL('**/credit/settlements');
    await page.getByRole('button', { name: '정산 실행' }).click();
    const result = page.getByTestId('settle-result');
    await result.getByTestId('settlement-status').filter({ hasText: '완료' }).waitFor();
    // Every balance is donated (the demo customer's and the market campaign's buyers'), and paid
    // in won, a point for a won.
    const settled = Number((await result.getByTestId('settlement-points').innerText()).replace(/[^0-9]/g, ''));
    assert.ok(settled >= before.balance_points, `${settled} points settled, the customer alone had ${before.balance_points}`);
    assert.equal(await result.getByTestId('settlement-won').innerText(), `${settled.toLocaleString('en-US')}원`);
    const after = await customer.get('/api/v1/giving/me');
    assert.equal(after.balance_points, 0);
    assert.equal(after.statements.length, before.statements.length + 1);
    assert.equal(after.statements[0].won, before.balance_points);
    await page.getByTestId('settlements').getByTestId('settlement').first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await customer.close();
    await context.close();
  }
});

test("the credit's and the art hall's public pages, and a cause's, pass axe in both languages", { timeout: 120_000 }, async () => {
  for (const [viewport, locale] of [
    [kPhone, 'ko-KR'],
    [kDesktop, 'en-US'],
  ]) {
    const { context, page, errors } = await newPage(viewport, locale);
    try {
      await page.goto('/');
      if (locale === 'en-US' && (await page.getByTestId('lang-toggle').innerText()) === 'English') await page.getByTestId('lang-toggle').click();
      for (const slug of ['credit', 'art-hall']) {
        await page.goto(`/transparency/programs/${slug}`);
        const figures = await (await page.request.get(`/api/v1/public/programs/${slug}`)).json();
        assert.ok(figures.total.raised_won > 0, `${slug} raised something`);
        const total = page.getByTestId('figures-table').locator('tr[data-month="total"] td[data-measure="raised_won"]');
        await total.waitFor();
        assert.equal(Number((await total.innerText()).replace(/[^0-9]/g, '')), figures.total.raised_won);
        assert.match(await page.getByTestId('verify-command').innerText(), new RegExp(`--head ${figures.books.hash}`));
        assert.deepEqual(await axeViolations(page), [], `${slug} ${locale}`);
      }
      // The art hall's grants and the children helped.
      const art = await (await page.request.get('/api/v1/public/programs/art-hall')).json();
      assert.ok(art.total.granted_won > 0 && art.total.people_helped > 0, JSON.stringify(art.total));
      // The program page leads to the fund's balance today.
      await page.getByTestId('fund-link').click();
      await page.waitForURL('**/funds/art-hall');
      await page.getByTestId('fund-balance').waitFor();
      // A cause the credit donated to.
      await page.goto('/transparency/programs/credit');
      await page.getByTestId('related-cause').getByRole('link').first().click();
      await page.waitForURL('**/transparency/causes/**');
      await page.getByTestId('figures-table').waitFor();
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
      const cause = await (await page.request.get(`/api/v1/public/causes/${id}`)).json();
      assert.ok(cause.total.donated_won > 0);
      assert.ok(cause.programs.some((p) => p.id === 'credit'));
      assert.deepEqual(await axeViolations(page), [], `cause ${locale}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
