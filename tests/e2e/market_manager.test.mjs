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
import { apiSession } from './support/api.mjs';
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

/** An API session of one demo user (support/api.mjs). */
function apiAs(email) {
  return apiSession(browser, server.baseUrl, email);
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

test('a manager plans a 4-week season and sees its Wednesdays at 10:00 in Korea time before and after', { timeout: 90_000 }, async () => {
  const merchant = await apiAs('merchant@sangsaeng.test');
  const product = await merchant.post('/api/v1/market/products', {
    name: '해남 겨울 배추',
    unit_label: '10kg 한 망',
    price_won: 14_900,
    market_price_won: 29_800,
  });
  await merchant.close();
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'manager@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '드롭 기획', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '드롭 기획' }).waitFor();
    await page.getByRole('radio', { name: '매주 시즌' }).check();
    // Wednesdays at 10:00 are proposed; four weeks are asked for.
    assert.equal(await page.getByLabel('요일 (한국 시간)').inputValue(), '3');
    assert.equal(await page.getByLabel('오픈 시각 (한국 시간)').inputValue(), '10:00');
    await page.getByLabel('주 수').fill('4');
    await page.getByLabel('상품 번호').fill(product.id);
    await page.getByLabel('드롭 제목').click(); // leaving the field looks the product up
    await page.getByTestId('plan-product').filter({ hasText: '해남 겨울 배추' }).waitFor();
    assert.match(await page.getByTestId('plan-product').innerText(), /해남 햇살농원/, 'the merchant is named');
    await page.getByLabel('판매 수량').fill('2,000');
    await page.getByLabel('1인 구매 한도').fill('2');
    await page.getByLabel('협찬 사은품').fill('김치 양념 1팩');
    await page.getByLabel('기부 비율 (%)').fill('50');

    // The charity is picked by its number, and the page names it.
    // (The demo has other charities too: the happiness credit's causes.)
    const charities = page.locator('#plan-charities option');
    await charities.first().waitFor({ state: 'attached' });
    const nanum = charities.filter({ hasText: '나눔재단 (Nanum Foundation)' });
    assert.equal(await nanum.count(), 1);
    await page.getByLabel('기부처 단체 번호').fill(await nanum.getAttribute('value'));
    await page.getByTestId('plan-charity').filter({ hasText: '나눔재단' }).waitFor();

    // Before sending: the four Wednesdays, one week apart, 10:00 to 18:00 in Korea time.
    const preview = page.getByTestId('season-preview').getByRole('listitem');
    assert.equal(await preview.count(), 4);
    const planned = await preview.allInnerTexts();
    for (const line of planned) assert.match(line, /^\d{4}년 \d{1,2}월 \d{1,2}일 \(수\) 10:00 – \d{4}년 \d{1,2}월 \d{1,2}일 \(수\) 18:00$/);
    const days = (await page.getByTestId('season-preview').locator('time').evaluateAll((ts) => ts.map((t) => t.dateTime)))
      .filter((_, i) => i % 2 === 0)
      .map((d) => Date.parse(d));
    for (let i = 1; i < days.length; i++) assert.equal(days[i] - days[i - 1], 7 * 86_400_000);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-season-ko-phone.png'), fullPage: true });

    await page.getByRole('button', { name: '시즌 등록 (4주)' }).click();
    await page.getByRole('status').filter({ hasText: '시즌 드롭 4개를 등록했습니다.' }).waitFor();
    // The server's dates are the ones shown before.
    const created = page.getByTestId('plan-created').getByRole('listitem');
    assert.equal(await created.count(), 4);
    const createdTexts = await created.allInnerTexts();
    for (let i = 0; i < 4; i++) {
      assert.match(createdTexts[i], new RegExp(`해남 겨울 배추 \\(${i + 1}/4\\)`));
      assert.ok(createdTexts[i].includes(planned[i].split(' – ')[0]), `${createdTexts[i]} opens at ${planned[i]}`);
    }
    // Each drop names its charity.
    const anyone = await browser.newContext({ baseURL: server.baseUrl });
    const { items } = await (await anyone.request.get('/api/v1/market/drops?limit=4')).json();
    await anyone.close();
    assert.deepEqual(
      items.map((d) => [d.charity_name, d.quantity, d.donation_percent]),
      Array(4).fill(['나눔재단 (Nanum Foundation)', 2000, 50]),
    );
    // The drop page says whom the donation goes to.
    await page.getByTestId('plan-created').getByRole('link', { name: '해남 겨울 배추 (1/4) 보기' }).click();
    await page.getByRole('heading', { level: 1, name: '해남 겨울 배추 (1/4)' }).waitFor();
    await page.getByText('판매액의 50%를 기부 · 나눔재단 (Nanum Foundation)').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a manager watches a drop\'s counters move while another session buys, extends it and closes it', { timeout: 90_000 }, async () => {
  const { drop } = await openDrop('무안 양파 실시간');
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'manager@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`/market/drops/${drop.id}/live`);
    await page.getByRole('heading', { level: 1, name: '실시간 현황: 무안 양파 실시간' }).waitFor();
    const counters = page.getByTestId('live-counters');
    await page.getByTestId('live-mode').filter({ hasText: '실시간으로 받고 있습니다.' }).waitFor();
    assert.match(await counters.innerText(), /전체 수량\s+500\s+결제 완료\s+0\s+결제 대기\s+0\s+남은 수량\s+500\s+초당 주문 \(개\)\s+[\d.,]+\s+매출\s+0원\s+기부액\s+0원/);
    const fetches = countDropFetches(page, drop.id);

    // Another session buys 3 and pays: held, then sold, and the revenue, without a reload.
    const customer = await apiAs('customer@sangsaeng.test');
    const order = await customer.post(`/api/v1/market/drops/${drop.id}/orders`, { units: 3 }, 201, {
      'Idempotency-Key': randomUUID(),
    });
    await counters.filter({ hasText: /결제 대기\s*3\s*남은 수량\s*497/ }).waitFor();
    const shipTo = { recipient: '정미래', phone: '010-1234-5678', postal_code: '03154', address1: '서울 종로구 세종대로 175' };
    await customer.post(`/api/v1/market/orders/${order.id}/pay`, { method_token: 'sandbox-approve', ship_to: shipTo }, 200);
    await counters.filter({ hasText: /결제 완료\s*3\s*결제 대기\s*0\s*남은 수량\s*497/ }).waitFor();
    await counters.filter({ hasText: '36,000원' }).waitFor();
    // The order shows up in the list by itself, paid.
    const row = page.getByRole('region', { name: '주문', exact: true }).getByRole('row').filter({ hasText: order.id });
    await row.filter({ hasText: '결제 완료' }).waitFor();
    assert.equal(fetches.count, 0, 'the counters came pushed, not polled');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-watch-ko-phone.png'), fullPage: true });

    // Extend by two hours (Korea time in the field).
    const closing = page.getByRole('region', { name: '마감' });
    const later = new Date(Date.parse(drop.closes_at) + 2 * 3_600_000);
    const kst = new Date(later.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
    await closing.getByLabel('새 마감 시간 (한국 시간)').fill(kst);
    await closing.getByRole('button', { name: '마감 시간 변경' }).click();
    await closing.getByRole('status').filter({ hasText: '마감 시간을' }).waitFor();
    const after = await customer.get(`/api/v1/market/drops/${drop.id}`);
    assert.equal(Date.parse(after.closes_at), Date.parse(`${kst}:00+09:00`));
    assert.equal(after.state, 'open');

    // Close now, after a confirmation: the drop says so, and a purchase is refused.
    await closing.getByRole('button', { name: '지금 마감하기' }).click();
    await closing.getByRole('button', { name: '마감', exact: true }).click();
    await closing.getByRole('status').filter({ hasText: '드롭을 마감했습니다.' }).waitFor();
    await page.getByText('판매 종료').first().waitFor();
    const refused = await customer.post(`/api/v1/market/drops/${drop.id}/orders`, { units: 1 }, 409, {
      'Idempotency-Key': randomUUID(),
    });
    assert.match(refused.type, /not-open$/);
    await customer.close();
    assert.deepEqual(await axeViolations(page), []);

    // The same watch in English, won and counts still grouped by thousands.
    await page.getByTestId('lang-toggle').click();
    await counters.filter({ hasText: 'Revenue' }).waitFor();
    assert.match(await counters.innerText(), /Remaining\s+497[\s\S]*Orders per second \(units\)[\s\S]*Revenue\s+₩36,000/);
    await page.getByRole('button', { name: 'Change the closing time' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-watch-en-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a merchant sees its own products with their numbers, also those added elsewhere', { timeout: 60_000 }, async () => {
  const merchant = await apiAs('merchant@sangsaeng.test');
  const earlier = await merchant.post('/api/v1/market/products', {
    name: '해남 고구마 5kg',
    price_won: 15_900,
    market_price_won: 27_000,
  });
  await merchant.close();
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'merchant@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 상품', exact: true }).click();
    const mine = page.getByRole('region', { name: '등록한 상품' });
    await mine.getByTestId('product').filter({ hasText: '해남 고구마 5kg' }).waitFor();
    assert.match(await mine.getByTestId('product').filter({ hasText: '해남 고구마 5kg' }).innerText(), new RegExp(`상품 번호\\s*${earlier.id}`));

    // A new one comes first, once.
    await page.getByLabel('상품명').fill('해남 밤호박 3kg');
    await page.getByLabel('판매가 (원)').fill('9,900');
    await page.getByLabel('시장가 (원)').fill('18,000');
    await page.getByRole('button', { name: '상품 등록' }).click();
    await page.getByRole('status').filter({ hasText: '"해남 밤호박 3kg"을(를) 등록했습니다' }).waitFor();
    const names = await mine.getByTestId('product').locator('h3').allInnerTexts();
    assert.equal(names[0], '해남 밤호박 3kg');
    assert.equal(names.filter((n) => n === '해남 밤호박 3kg').length, 1);
    assert.ok(names.includes('해남 고구마 5kg'));
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
