// Browser tests of the market's live counters and the manager's screens, against a real
// `sangsaeng demo` server, at phone width and in Korean: a drop page's stock moves when another
// user buys, pushed by the server (no reload, no polling); a manager plans a season and sees its
// Wednesdays in Korea time, watches a drop's counters move while another session buys, extends
// the drop and closes it. The data each scenario needs is made through the API in the scenario.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kPassword = 'sangsaeng-demo';
const kShots = screenshotDir();
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

/** An API session of one demo user: { get, post, patch, close }, CSRF token attached. */
async function apiAs(email) {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const login = await context.request.post('/api/v1/auth/login', { data: { email, password: kPassword } });
  assert.equal(login.status(), 200, await login.text());
  const csrf = (await login.json()).csrf_token;
  const expectOk = async (response, status) => {
    assert.equal(response.status(), status, await response.text());
    return response.json();
  };
  const headers = (extra = {}) => ({ 'X-CSRF-Token': csrf, ...extra });
  return {
    get: async (path) => expectOk(await context.request.get(path), 200),
    post: async (path, data, status = 201, extra = {}) =>
      expectOk(await context.request.post(path, { data, headers: headers(extra) }), status),
    close: () => context.close(),
  };
}

/** A product of the demo merchant and an open drop of it (quantity 500, limit 5), made now. */
async function openDrop(title) {
  const merchant = await apiAs('merchant@sangsaeng.test');
  const product = await merchant.post('/api/v1/market/products', {
    name: `${title} 상품`,
    unit_label: '5kg 한 상자',
    price_won: 12_000,
    market_price_won: 24_000,
  });
  await merchant.close();
  const manager = await apiAs('manager@sangsaeng.test');
  const now = Date.now();
  const drop = await manager.post('/api/v1/market/drops', {
    product_id: product.id,
    title,
    opens_at: new Date(now - 60_000).toISOString(),
    closes_at: new Date(now + 3_600_000).toISOString(),
    quantity: 500,
    per_buyer_limit: 5,
    price_won: 12_000,
    market_price_won: 24_000,
  });
  await manager.close();
  return { product, drop };
}

/** The demo customer buys `units` of the drop through the API (another session than the page's). */
async function customerBuys(dropId, units) {
  const customer = await apiAs('customer@sangsaeng.test');
  const order = await customer.post(`/api/v1/market/drops/${dropId}/orders`, { units }, 201, {
    'Idempotency-Key': randomUUID(),
  });
  await customer.close();
  return order;
}

async function newPage() {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kPhone, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

async function logIn(page, email) {
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(kPassword);
  await page.getByRole('button', { name: '로그인' }).click();
}

/** Counts the page's requests for the drop itself (not its event stream) from now on. */
function countDropFetches(page, dropId) {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === `/api/v1/market/drops/${dropId}`) seen.count++;
  });
  return seen;
}

test('a drop page shows the stock going down when someone else buys, pushed without a reload', { timeout: 60_000 }, async () => {
  const { drop } = await openDrop('실시간 사과 특가');
  const { context, page, errors } = await newPage();
  try {
    await page.goto(`/market/drops/${drop.id}`);
    await page.getByRole('heading', { level: 1, name: '실시간 사과 특가' }).waitFor();
    const remaining = page.getByTestId('remaining');
    await remaining.filter({ hasText: '500' }).waitFor();
    assert.match(await remaining.innerText(), /500개 중 500개|500\s*\/\s*500|500/);
    assert.match(await page.locator('main').innerText(), /남은 수량은 실시간으로 바뀝니다/);
    const fetches = countDropFetches(page, drop.id);
    const navigations = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));

    await customerBuys(drop.id, 3);
    // The page learns it from the server's event stream: no reload, no asking again.
    await remaining.filter({ hasText: '497' }).waitFor();
    assert.deepEqual(navigations, []);
    assert.equal(fetches.count, 0, 'the new stock came pushed, not polled');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
