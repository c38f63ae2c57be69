// Browser tests of the market's giving against a real `sangsaeng demo` server, at phone width
// and in Korean: the market's manager sees the demo's campaign with part of its budget used,
// makes a campaign through the form, flags the demo farm a social enterprise; a drop names the
// campaign and gives credit; the customer pays twice and the second order's page says the
// budget ran out and how much was given; the manager sees "예산 소진" and tops the budget up.
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

function apiAs(email) {
  return apiSession(browser, server.baseUrl, email);
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
  await page.goto('/login');
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(kPassword);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

/** The campaign's row on the manager's screen. */
function row(page, name) {
  return page.getByTestId('campaigns').getByRole('row').filter({ hasText: name });
}

/** The demo customer buys and pays `units` of the drop through the API. */
async function customerPays(dropId, units) {
  const customer = await apiAs('customer@sangsaeng.test');
  const order = await customer.post(`/api/v1/market/drops/${dropId}/orders`, { units }, 201, { 'Idempotency-Key': randomUUID() });
  await customer.post(
    `/api/v1/market/orders/${order.id}/pay`,
    {
      method_token: 'sandbox-approve',
      ship_to: { recipient: '정미래', phone: '010-1111-2222', postal_code: '03154', address1: '서울 종로구 세종대로 175' },
    },
    200,
  );
  await customer.close();
  return order;
}

test('a manager runs a matching campaign to its budget; the order says what was given', { timeout: 120_000 }, async () => {
  const name = `봄맞이 매칭 ${randomUUID().slice(0, 6)}`;
  const manager = await newPage();
  try {
    await logIn(manager.page, 'manager@sangsaeng.test');
    await manager.page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '매칭 캠페인', exact: true }).click();
    await manager.page.getByRole('heading', { level: 1, name: '매칭 캠페인과 예산' }).waitFor();
    // The demo's campaign, part of its budget used.
    const demo = row(manager.page, '겨울나기 나눔 매칭');
    await demo.waitFor();
    assert.match(await demo.innerText(), /200,000원/);
    assert.match(await demo.getByTestId('remaining').innerText(), /150,200원/);

    // A new campaign through the form: a mistake first, then 50 % up to 15,000 won.
    await manager.page.getByLabel('캠페인 이름', { exact: true }).fill(name);
    await manager.page.getByLabel('예산 (원)', { exact: true }).fill('0');
    await manager.page.getByRole('button', { name: '캠페인 만들기' }).click();
    await manager.page.getByText('1원 이상의 금액을 숫자로 입력하세요.').waitFor();
    await manager.page.getByLabel('예산 (원)', { exact: true }).fill('15,000');
    await manager.page.getByRole('button', { name: '캠페인 만들기' }).click();
    await row(manager.page, name).getByTestId('remaining').filter({ hasText: '15,000원' }).waitFor();

    // The demo farm is flagged a social enterprise.
    const farm = manager.page.getByRole('checkbox', { name: '해남 햇살농원 (Haenam Sunshine Farm): 사회적기업' });
    await farm.check();
    await manager.page.reload();
    await manager.page.getByRole('checkbox', { name: '해남 햇살농원 (Haenam Sunshine Farm): 사회적기업' }).waitFor();
    assert.equal(await manager.page.getByRole('checkbox', { name: '해남 햇살농원 (Haenam Sunshine Farm): 사회적기업' }).isChecked(), true);
    assert.deepEqual(await axeViolations(manager.page), []);
    await manager.page.screenshot({ path: join(kShots, 'campaigns-ko-phone.png'), fullPage: true });

    // A drop of the farm's goods names the campaign and gives 5 % credit.
    const api = await apiAs('manager@sangsaeng.test');
    const campaign = (await api.get('/api/v1/giving/campaigns')).items.find((c) => c.name === name);
    await api.close();
    const merchant = await apiAs('merchant@sangsaeng.test');
    const product = await merchant.post('/api/v1/market/products', { name: '햇살 유기농 쌀 4kg', unit_label: '4kg 한 봉', price_won: 12_000, market_price_won: 24_000 });
    await merchant.close();
    const managerApi = await apiAs('manager@sangsaeng.test');
    const now = Date.now();
    const drop = await managerApi.post('/api/v1/market/drops', {
      product_id: product.id,
      title: '햇살 쌀 매칭 특가',
      opens_at: new Date(now - 60_000).toISOString(),
      closes_at: new Date(now + 3_600_000).toISOString(),
      quantity: 100,
      per_buyer_limit: 5,
      price_won: 12_000,
      market_price_won: 24_000,
      campaign_id: campaign.id,
      credit_rate_bp: 500,
    });
    await managerApi.close();
    await customerPays(drop.id, 2); // 24,000 won: 12,000 matched
    await customerPays(drop.id, 2); // 3,000 left of the budget

    // The customer's orders say what each gave, the second that the budget ran out.
    const customer = await newPage();
    try {
      await logIn(customer.page, 'customer@sangsaeng.test');
      await customer.page.goto('/market/orders');
      const capped = customer.page.getByTestId('order-giving-capped').first();
      await capped.waitFor();
      assert.match(await capped.innerText(), /캠페인 예산이 소진되어 12,000원 대신 3,000원만 기부되었어요/);
      assert.match(await customer.page.locator('main').innerText(), /이 주문으로 회사가 12,000원을 기부했어요/);
      assert.match(await customer.page.locator('main').innerText(), /행복 크레딧 1,?200점이 적립되었어요/);
      assert.deepEqual(await axeViolations(customer.page), []);
      assert.deepEqual(customer.errors, []);
    } finally {
      await customer.context.close();
    }

    // The manager sees the budget used up and adds to it.
    await manager.page.reload();
    const mine = row(manager.page, name);
    await mine.getByTestId('remaining').filter({ hasText: '예산 소진' }).waitFor();
    await mine.getByLabel(`${name}에 추가할 예산 (원)`).fill('10000');
    await mine.getByRole('button', { name: '예산 추가' }).click();
    await row(manager.page, name).getByTestId('remaining').filter({ hasText: '10,000원' }).waitFor();
    assert.deepEqual(manager.errors, []);
  } finally {
    await manager.context.close();
  }
});
