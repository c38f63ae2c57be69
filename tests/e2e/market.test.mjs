// Browser tests of the community market against a real `sangsaeng demo` server, at phone width
// and in Korean: a customer buys from an open drop (a lost answer retried with the same
// Idempotency-Key is still one order), sees the held order and cancels it, buys again and pays
// (a declined card first, then the sandbox's approval); a manager plans a
// drop (the server's field errors shown next to the fields) and watches it; a merchant adds a
// product, uploads its photo (a PDF named like a photo is refused), and the market list and the
// drop page show it. The data each scenario needs is made through the API in the scenario.
import assert from 'node:assert/strict';
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

/** The demo's charity and the merchant user's own organisation (ids change from run to run). */
async function demoOrgs() {
  const admin = await apiAs('admin@sangsaeng.test');
  const { items } = await admin.get('/api/v1/orgs');
  await admin.close();
  const merchant = await apiAs('merchant@sangsaeng.test');
  const me = await merchant.get('/api/v1/auth/me');
  await merchant.close();
  return { farm: me.user.org.id, charity: items.find((o) => o.kind === 'charity').id };
}

/** The demo market's drop of this title. */
async function demoDrop(title) {
  const anyone = await browser.newContext({ baseURL: server.baseUrl });
  const { items } = await (await anyone.request.get('/api/v1/market/drops?limit=50')).json();
  await anyone.close();
  const drop = items.find((d) => d.title === title);
  assert.ok(drop, `the demo has the drop ${title}`);
  return drop;
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

async function openNav(page, name) {
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name, exact: true }).click();
}

test('a customer buys from an open drop, once despite a lost answer, cancels, buys again and pays', { timeout: 90_000 }, async () => {
  // The demo market: salted cabbage on sale now, tangerines opening in ten minutes with a fair start.
  const drop = await demoDrop('해남 절임배추 10kg');
  assert.equal(drop.state, 'open');
  const kCabbage = '해남 절임배추 10kg';
  const kTangerine = '제주 노지 감귤 3kg';
  const { context, page, errors } = await newPage();
  try {
    // The market is public: the open drop and the one coming soon, without logging in.
    await page.goto('/');
    await openNav(page, '상생 마켓');
    await page.getByRole('heading', { level: 1, name: '상생 마켓' }).waitFor();
    const open = page.getByRole('region', { name: '지금 구매할 수 있어요' });
    await open.getByRole('link', { name: kCabbage }).waitFor();
    const soon = page.getByRole('region', { name: '오픈 예정' });
    await soon.getByRole('link', { name: kTangerine }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-list-ko-phone.png'), fullPage: true });

    // A drop coming soon counts down to its opening, in Korea time.
    await soon.getByRole('link', { name: kTangerine }).click();
    await page.getByRole('heading', { level: 1, name: kTangerine }).waitFor();
    assert.match(await page.getByRole('timer').innerText(), /오픈까지 00:\d\d:\d\d/);
    assert.match(await page.locator('main').innerText(), /처음 1초 동안 들어온 주문은 공개 추첨으로/);
    await page.screenshot({ path: join(kShots, 'market-drop-soon-ko-phone.png'), fullPage: true });
    assert.equal(await page.getByRole('button', { name: '구매하기' }).count(), 0, 'no buy button before log-in');
    await page.goBack();

    // The open drop: price, struck market price, discount, benefits, live stock.
    await page.getByRole('link', { name: kCabbage }).click();
    await page.getByRole('heading', { level: 1, name: kCabbage }).waitFor();
    // The product's facts (origin, unit) come in a second answer after the drop's.
    await page.locator('main').getByText('전남 해남').waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /50% 할인/);
    assert.match(text, /14,900원/);
    assert.equal(await page.locator('.price-was').innerText(), '시장가 29,800원');
    assert.equal(await page.locator('.price-was del').innerText(), '29,800원', 'the market price is struck through');
    for (const benefit of ['무료배송', '사은품 증정: 진라면 1봉 (후원: 상생식품)', '판매액의 50%를 기부', '1인 최대 2개', '전남 해남', '10kg 한 상자']) {
      assert.ok(text.includes(benefit), `the drop page shows "${benefit}"`);
    }
    assert.match(await page.getByTestId('remaining').innerText(), /2,000개 \/ 2,000개/);

    // Buying asks to log in, then comes back to the drop.
    await page.getByRole('link', { name: '로그인하고 구매하기' }).click();
    await logIn(page, 'customer@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === `/market/drops/${drop.id}`);
    await page.getByRole('button', { name: '구매하기' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-drop-ko-phone.png'), fullPage: true });

    // Two units; the first answer is lost on the way back (the server took the order).
    await page.getByRole('button', { name: '수량 늘리기' }).click();
    assert.equal(await page.getByLabel('수량', { exact: true }).inputValue(), '2');
    assert.match(await page.locator('.buy-total').innerText(), /29,800원/);
    const keys = [];
    let lose = true;
    await page.route(`**/api/v1/market/drops/${drop.id}/orders`, async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (!lose) return route.continue();
      lose = false;
      await route.fetch(); // reaches the server ...
      await route.abort('connectionreset'); // ... but the answer never arrives
    });
    await page.getByRole('button', { name: '구매하기' }).click();
    await page.getByRole('alert').filter({ hasText: '중복 주문되지 않습니다' }).waitFor();
    await page.getByRole('button', { name: '구매하기' }).click();
    await page.getByRole('status').filter({ hasText: '2개를 확보했습니다' }).waitFor();
    assert.equal(keys.length, 2);
    assert.match(keys[0], /^[0-9a-f]{32}$/);
    assert.equal(keys[1], keys[0], 'the retry sent the same Idempotency-Key');
    assert.match(await page.getByRole('status').filter({ hasText: '확보' }).innerText(), /\d\d:\d\d까지 결제해 주세요/);
    await page.getByTestId('remaining').filter({ hasText: '1,998개 / 2,000개' }).waitFor();
    await page.screenshot({ path: join(kShots, 'market-drop-held-ko-phone.png'), fullPage: true });

    // One more would pass the limit of two: the answer says so in Korean.
    await page.getByRole('button', { name: '수량 줄이기' }).click();
    await page.getByRole('button', { name: '구매하기' }).click();
    await page.getByRole('alert').filter({ hasText: '1인 구매 한도를 넘습니다' }).waitFor();
    assert.equal(keys.length, 3);
    assert.notEqual(keys[2], keys[0], 'a new purchase is a new attempt');

    // My orders: one held order (not two), its deadline, and cancel.
    await openNav(page, '내 주문');
    await page.getByRole('heading', { level: 1, name: '내 주문' }).waitFor();
    await page.getByTestId('order').first().waitFor();
    assert.equal(await page.getByTestId('order').count(), 1, 'the retried purchase is one order');
    const card = page.getByTestId('order').first();
    await card.getByRole('link', { name: kCabbage }).waitFor();
    const cardText = await card.innerText();
    assert.match(cardText, /결제 대기 \(\d\d:\d\d까지 결제\)/);
    assert.match(cardText, /2개 · 29,800원/);
    await card.getByRole('button', { name: '결제하기' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-orders-ko-phone.png'), fullPage: true });
    await card.getByRole('button', { name: '주문 취소' }).click();
    await card.getByRole('status').filter({ hasText: '주문을 취소했습니다' }).waitFor();
    assert.match(await card.locator('.badge').innerText(), /취소됨/);
    assert.equal(await card.getByRole('button', { name: '주문 취소' }).count(), 0);

    // The units went back on sale. One more, and this time it is paid: a declined card first.
    await card.getByRole('link', { name: kCabbage }).click();
    await page.getByTestId('remaining').filter({ hasText: '2,000개 / 2,000개' }).waitFor();
    await page.getByRole('button', { name: '구매하기' }).click();
    await page.getByRole('status').filter({ hasText: '1개를 확보했습니다' }).waitFor();
    await page.getByRole('link', { name: '내 주문 보기' }).click();
    await page.getByRole('heading', { level: 1, name: '내 주문' }).waitFor();
    await page.getByTestId('order').nth(1).waitFor();
    const held = page.getByTestId('order').first(); // newest first
    assert.match(await held.innerText(), /결제 대기 \(\d\d:\d\d까지 결제\)/);
    await held.getByRole('button', { name: '결제하기' }).click();
    // Where it goes is asked with the payment; a wrong postal code is caught on the page.
    await held.getByLabel('받는 분').fill('고객 정미래');
    await held.getByLabel('연락처').fill('010-1234-5678');
    await held.getByLabel('우편번호 (5자리)').fill('0315');
    await held.getByLabel('주소', { exact: true }).fill('서울 종로구 세종대로 175');
    await held.getByLabel('상세 주소').fill('3층');
    await held.getByRole('button', { name: '14,900원 결제' }).click();
    await held.getByRole('alert').filter({ hasText: '배송지를 확인해 주세요' }).waitFor();
    assert.equal(await held.getByLabel('우편번호 (5자리)').getAttribute('aria-invalid'), 'true');
    await held.getByLabel('우편번호 (5자리)').fill('03154');
    await held.getByRole('radio', { name: '테스트 카드 (거절)' }).check();
    await held.getByRole('button', { name: '14,900원 결제' }).click();
    await held.getByRole('alert').filter({ hasText: '결제가 거절되었습니다' }).waitFor();
    assert.match(await held.locator('.badge').innerText(), /결제 대기/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-pay-ko-phone.png'), fullPage: true });
    await held.getByRole('radio', { name: '테스트 카드 (승인)' }).check();
    await held.getByRole('button', { name: '14,900원 결제' }).click();
    await held.getByRole('status').filter({ hasText: '결제를 마쳤습니다' }).waitFor();
    assert.match(await held.locator('.badge').innerText(), /결제 완료/);
    assert.equal(await held.getByRole('button', { name: '결제하기' }).count(), 0, 'a paid order is not paid again');
    assert.equal(await held.getByRole('button', { name: '주문 취소' }).count(), 0, 'a paid order is refunded, not cancelled');
    await held.getByRole('button', { name: '환불 요청' }).waitFor();
    await held.getByRole('link', { name: kCabbage }).click();
    await page.getByTestId('remaining').filter({ hasText: '1,999개 / 2,000개' }).waitFor();

    // A shared link opens the drop directly (the server answers the page for the path).
    await page.goto(`/market/drops/${drop.id}`);
    await page.getByRole('heading', { level: 1, name: kCabbage }).waitFor();

    // English: the same page in English.
    await page.getByTestId('lang-toggle').click();
    await page.getByText('50% off').waitFor();
    assert.match(await page.locator('main').innerText(), /50% of sales donated/);
    assert.match(await page.locator('main').innerText(), /Free gift: 진라면 1봉/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-drop-en-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a manager plans a drop, is told what to fix next to the field, and watches it', { timeout: 90_000 }, async () => {
  const { charity } = await demoOrgs();
  const merchant = await apiAs('merchant@sangsaeng.test');
  const product = await merchant.post('/api/v1/market/products', {
    name: '무안 햇양파',
    unit_label: '10kg 한 망',
    price_won: 9900,
    market_price_won: 19800,
  });
  await merchant.close();
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'manager@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await openNav(page, '드롭 기획');
    await page.getByRole('heading', { level: 1, name: '드롭 기획' }).waitFor();
    // The next Wednesday 10:00 in Korea time is proposed.
    assert.match(await page.getByLabel('오픈 (한국 시간)').inputValue(), /T10:00$/);

    await page.getByLabel('상품 번호').fill(product.id);
    await page.getByLabel('드롭 제목').click(); // leaving the field looks the product up
    await page.getByTestId('plan-product').filter({ hasText: '무안 햇양파' }).waitFor();
    assert.equal(await page.getByLabel('판매가 (원)').inputValue(), '9900', 'prices start from the product');
    await page.getByLabel('드롭 제목').fill('무안 햇양파 특가');
    await page.getByLabel('판매 수량').fill('1,000');
    await page.getByLabel('1인 구매 한도').fill('3');
    await page.getByLabel('협찬 사은품').fill('양파즙 1팩');
    await page.getByLabel('배송 지역').fill('01, 02');
    await page.getByLabel('기부 비율 (%)').fill('50');
    // No charity named: the server refuses, and the page says so next to the field.
    await page.getByRole('button', { name: '드롭 등록' }).click();
    const charityField = page.getByLabel('기부처 단체 번호');
    await page.getByText('기부처는 자선단체의 번호여야 하며').waitFor();
    assert.equal(await charityField.getAttribute('aria-invalid'), 'true');
    assert.match(await charityField.getAttribute('aria-describedby'), /plan-charity_org_id-error/);
    await page.getByRole('alert').filter({ hasText: '표시한 항목을 고쳐 주세요' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-plan-errors-ko-phone.png'), fullPage: true });

    await charityField.fill(charity);
    await page.getByRole('button', { name: '드롭 등록' }).click();
    await page.getByRole('status').filter({ hasText: '드롭 "무안 햇양파 특가"을(를) 등록했습니다' }).waitFor();

    // It is listed in the market, coming soon, and its live view counts from zero.
    await openNav(page, '상생 마켓');
    await page.getByRole('region', { name: '오픈 예정' }).getByRole('link', { name: '무안 햇양파 특가' }).click();
    await page.getByRole('heading', { level: 1, name: '무안 햇양파 특가' }).waitFor();
    assert.match(await page.locator('main').innerText(), /우편번호 01, 02\(으\)로 시작하는 지역/);
    await page.getByRole('link', { name: '실시간 현황' }).click();
    await page.getByRole('heading', { level: 1, name: '실시간 현황: 무안 햇양파 특가' }).waitFor();
    await page.getByTestId('live-counters').filter({ hasText: '1,000' }).waitFor();
    assert.match(await page.getByTestId('live-counters').innerText(), /전체 수량\s+1,000\s+결제 완료\s+0\s+결제 대기\s+0\s+남은 수량\s+1,000/);
    await page.getByText('아직 주문이 없습니다.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a merchant adds a product and gets its number', { timeout: 60_000 }, async () => {
  const { farm } = await demoOrgs();
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'merchant@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await openNav(page, '내 상품');
    await page.getByRole('heading', { level: 1, name: '내 상품' }).waitFor();
    assert.equal(await page.getByLabel('판매자 단체 번호').count(), 0, 'a merchant adds its own products');
    // Missing prices are caught on the page.
    await page.getByLabel('상품명').fill('제주 감귤');
    await page.getByRole('button', { name: '상품 등록' }).click();
    await page.getByRole('alert').filter({ hasText: '표시한 항목을 고쳐 주세요' }).waitFor();
    assert.equal(await page.getByLabel('판매가 (원)').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('판매 단위').fill('3kg 한 상자');
    await page.getByLabel('원산지').fill('제주 서귀포');
    await page.getByLabel('판매가 (원)').fill('12,900');
    await page.getByLabel('시장가 (원)').fill('24900');
    await page.getByLabel('상품 설명').fill('껍질이 얇고 달콤한 노지 감귤입니다.');
    await page.getByRole('button', { name: '상품 등록' }).click();
    const created = page.getByRole('status').filter({ hasText: '"제주 감귤"을(를) 등록했습니다' });
    await created.waitFor();
    const id = /상품 번호: (\d+)/.exec(await created.innerText())[1];
    await page.getByTestId('product').filter({ hasText: '제주 감귤' }).waitFor();
    await page.screenshot({ path: join(kShots, 'market-products-ko-phone.png'), fullPage: true });

    // The server holds it, for the merchant's own organisation.
    const anyone = await browser.newContext({ baseURL: server.baseUrl });
    const product = await (await anyone.request.get(`/api/v1/market/products/${id}`)).json();
    await anyone.close();
    assert.equal(product.name, '제주 감귤');
    assert.equal(product.price_won, 12900);
    assert.equal(product.merchant_org_id, farm);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a merchant packs and ships what was paid, downloads the labels, and the buyers see it', { timeout: 90_000 }, async () => {
  // The demo: last week's cabbage drop has two paid orders to ship and one shipped.
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'merchant@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await openNav(page, '배송 관리');
    await page.getByRole('heading', { level: 1, name: '배송할 주문' }).waitFor();
    const seoul = page.getByTestId('shipment').filter({ hasText: '구매자 김서울' });
    await seoul.waitFor();
    const seoulText = await seoul.innerText();
    for (const shown of ['03154', '서울 종로구 세종대로 175', '010-2345-6789', '문 앞에 놓아 주세요', '결제 완료']) {
      assert.ok(seoulText.includes(shown), `the card shows "${shown}"`);
    }
    assert.equal(await page.getByTestId('shipment').filter({ hasText: '구매자 박대전' }).count(), 0, 'shipped orders are not in "paid"');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-shipping-ko-phone.png'), fullPage: true });

    // The courier's file: every paid order, Korean readable in Excel (a BOM first).
    const href = await page.getByRole('link', { name: '송장 CSV 내려받기' }).getAttribute('href');
    const csv = await context.request.get(href);
    assert.equal(csv.status(), 200);
    const bytes = await csv.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
    const text = bytes.subarray(3).toString('utf8');
    assert.match(text, /^받는분,받는분전화번호,우편번호,주소,상세주소,품목명,수량,배송메세지,주문번호\r\n/);
    assert.match(text, /구매자 김서울,010-2345-6789,03154,서울 종로구 세종대로 175,3층,/);
    assert.ok(!text.includes('구매자 박대전'), 'the shipped order has its label already');

    // Packed, then shipped with the courier's number.
    await seoul.getByRole('button', { name: '포장 완료' }).click();
    await page.getByRole('status').filter({ hasText: '포장 완료' }).waitFor();
    await seoul.waitFor({ state: 'detached' });
    await page.getByLabel('상태').selectOption('packed');
    const packed = page.getByTestId('shipment').filter({ hasText: '구매자 김서울' });
    await packed.waitFor();
    await packed.getByLabel('택배사').selectOption('한진택배');
    await packed.getByLabel('운송장 번호').fill('512345678902');
    await packed.getByRole('button', { name: '발송' }).click();
    await page.getByRole('status').filter({ hasText: '배송 중' }).waitFor();
    await page.getByLabel('상태').selectOption('shipped');
    await page.getByTestId('shipment').filter({ hasText: '한진택배 운송장 512345678902' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  // The buyer sees the courier and the number; another buyer asks for a refund before shipping.
  const buyer = await newPage();
  try {
    await buyer.page.goto('/login');
    await logIn(buyer.page, 'buyer1@sangsaeng.test');
    await buyer.page.waitForURL((url) => url.pathname === '/');
    await openNav(buyer.page, '내 주문');
    const order = buyer.page.getByTestId('order').first();
    await order.getByTestId('tracking').filter({ hasText: '한진택배 운송장 512345678902' }).waitFor();
    assert.match(await order.locator('.badge').innerText(), /배송 중/);
    assert.equal(await order.getByRole('button', { name: '환불 요청' }).count(), 0, 'a shipped order is not refunded here');
    assert.deepEqual(buyer.errors, []);
  } finally {
    await buyer.context.close();
  }
  const busan = await newPage();
  try {
    await busan.page.goto('/login');
    await logIn(busan.page, 'buyer2@sangsaeng.test');
    await busan.page.waitForURL((url) => url.pathname === '/');
    await openNav(busan.page, '내 주문');
    const order = busan.page.getByTestId('order').first();
    await order.getByRole('button', { name: '환불 요청' }).click();
    await order.getByRole('button', { name: '환불하기' }).click();
    await order.getByRole('status').filter({ hasText: '환불했습니다' }).waitFor();
    assert.match(await order.locator('.badge').innerText(), /환불됨/);
    assert.deepEqual(await axeViolations(busan.page), []);
    await busan.page.screenshot({ path: join(kShots, 'market-refund-ko-phone.png'), fullPage: true });
    assert.deepEqual(busan.errors, []);
  } finally {
    await busan.context.close();
  }
});

test('a merchant uploads a photo of a product, and its drop shows it in the market', { timeout: 90_000 }, async () => {
  const { charity } = await demoOrgs();
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await logIn(page, 'merchant@sangsaeng.test');
    await page.waitForURL((url) => url.pathname === '/');
    await openNav(page, '내 상품');
    await page.getByLabel('상품명').fill('영암 무화과');
    await page.getByLabel('판매가 (원)').fill('15900');
    await page.getByLabel('시장가 (원)').fill('31800');
    await page.getByRole('button', { name: '상품 등록' }).click();
    const created = page.getByRole('status').filter({ hasText: '"영암 무화과"을(를) 등록했습니다' });
    await created.waitFor();
    const productId = /상품 번호: (\d+)/.exec(await created.innerText())[1];

    // A photo drawn by the browser itself (a purple fig on green), sent as a PNG file.
    const png = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 1600;
      canvas.height = 1200;
      const g = canvas.getContext('2d');
      g.fillStyle = '#cfe3c0';
      g.fillRect(0, 0, 1600, 1200);
      g.fillStyle = '#6b2d5c';
      g.beginPath();
      g.ellipse(800, 640, 360, 420, 0, 0, 2 * Math.PI);
      g.fill();
      return canvas.toDataURL('image/png').split(',')[1];
    });
    const card = page.getByTestId('product').filter({ hasText: '영암 무화과' });
    await card.getByLabel('사진 올리기').setInputFiles({ name: 'fig.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
    const thumb = card.getByRole('img', { name: '영암 무화과' });
    await thumb.waitFor();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await thumb.elementHandle());
    // A PDF named like a photo is refused with a sentence, and nothing is added.
    await card.getByLabel('사진 올리기').setInputFiles({ name: 'menu.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await card.getByRole('alert').filter({ hasText: 'JPEG, PNG, WebP 파일만' }).waitFor();
    assert.equal(await card.getByRole('img').count(), 1);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-product-photo-ko-phone.png'), fullPage: true });

    // The market's manager puts it on sale now.
    const manager = await apiAs('manager@sangsaeng.test');
    const now = Date.now();
    const drop = await manager.post('/api/v1/market/drops', {
      product_id: productId,
      opens_at: new Date(now - 60_000).toISOString(),
      closes_at: new Date(now + 3_600_000).toISOString(),
      quantity: 300,
      per_buyer_limit: 2,
      price_won: 15900,
      market_price_won: 31800,
      donation_percent: 50,
      charity_org_id: charity,
    });
    await manager.close();

    // The market list and the drop page show the photo, with the product's name as its text.
    await openNav(page, '상생 마켓');
    const listed = page.getByRole('region', { name: '지금 구매할 수 있어요' }).locator('li', { hasText: '영암 무화과' });
    const listPhoto = listed.getByRole('img', { name: '영암 무화과' });
    await listPhoto.scrollIntoViewIfNeeded();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await listPhoto.elementHandle());
    assert.equal(await listPhoto.getAttribute('loading'), 'lazy');
    await page.goto(`/market/drops/${drop.id}`);
    const photo = page.locator('main').getByRole('img', { name: '영암 무화과' });
    await photo.waitFor();
    await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await photo.elementHandle());
    const box = await photo.boundingBox();
    assert.ok(box.width <= kPhone.width, `the photo fits the phone (${box.width} px)`);
    assert.ok(Math.abs(box.width / box.height - 4 / 3) < 0.05, 'the photo keeps its aspect');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-drop-photo-ko-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a fair-start drop shows the seed hash before opening, then the draw checked in the browser', { timeout: 60_000 }, async () => {
  const manager = await apiAs('manager@sangsaeng.test');
  const { items: products } = await manager.get('/api/v1/market/products');
  const opens = Date.now() + 3_000;
  const drop = await manager.post('/api/v1/market/drops', {
    product_id: products[0].id,
    title: '공정 추첨 사과',
    opens_at: new Date(opens).toISOString(),
    closes_at: new Date(opens + 3_600_000).toISOString(),
    quantity: 1,
    per_buyer_limit: 1,
    price_won: 10_000,
    market_price_won: 20_000,
    fair_start_seconds: 2,
  });
  await manager.close();
  assert.equal(drop.seed, null, 'the seed is secret before the draw');
  const { context, page, errors } = await newPage();
  try {
    await page.goto(`/market/drops/${drop.id}`);
    await page.getByRole('heading', { level: 1, name: '공정 추첨 사과' }).waitFor();
    assert.ok((await page.locator('main').innerText()).includes(`추첨 시드의 SHA-256: ${drop.seed_commitment}`));
    assert.equal(await page.getByTestId('draw-check').count(), 0, 'no result before the draw');

    // A customer presses "buy" in the window; the answer comes with the draw.
    const customer = await apiAs('customer@sangsaeng.test');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, opens + 200 - Date.now())));
    const order = await customer.post(`/api/v1/market/drops/${drop.id}/orders`, { units: 1 }, 201, { 'Idempotency-Key': `fair-${drop.id}` });
    assert.equal(order.status, 'held');
    await customer.close();

    await page.reload();
    const section = page.getByRole('region', { name: '추첨 결과 확인' });
    await section.waitFor();
    await page.getByTestId('draw-verdict').getByText('이 브라우저에서 다시 계산했습니다', { exact: false }).waitFor();
    const published = await (await context.request.get(`/api/v1/market/drops/${drop.id}/draw`)).json();
    assert.equal(await page.getByTestId('draw-seed').innerText(), published.seed);
    assert.deepEqual(published.order, [order.id]);
    assert.match(await section.innerText(), /sangsaeng market redraw draw\.json/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-drop-draw-ko-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
