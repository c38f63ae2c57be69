// Browser tests of neighbourhood membership against a real `sangsaeng demo` server, at phone
// width and in Korean: the demo member sees the alley's shops around 망원역 on the plotted map
// and in the list (연남동's farther shops only in a wider radius), takes a code at the bakery;
// the bakery's owner redeems it on the counter page, and a second try is refused in words.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kPhone, launchBrowser, logIn, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

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

async function newPage() {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kPhone, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

async function openNav(page, name) {
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name, exact: true }).click();
}

test('a member redeems an offer once and the second try is refused', { timeout: 120_000 }, async () => {
  const member = await newPage();
  const shop = await newPage();
  try {
    await logIn(member.page, 'customer@sangsaeng.test');
    await openNav(member.page, '골목 멤버십');
    await member.page.getByRole('heading', { level: 1, name: '골목 멤버십' }).waitFor();
    const offers = member.page.getByTestId('nb-offer');
    await offers.first().waitFor();
    // 500 m around 망원역: the five alley shops, nearest first, each a point on the map.
    assert.equal(await offers.count(), 5);
    assert.equal(await member.page.getByTestId('nb-map-shop').count(), 5);
    assert.match(await offers.first().innerText(), /망원 손칼국수/);
    assert.deepEqual(await axeViolations(member.page), []);
    await member.page.screenshot({ path: join(kShots, 'neighbourhood-offers-ko-phone.png'), fullPage: true });
    await member.page.getByLabel('반경').selectOption('2000');
    await member.page.getByTestId('nb-map-shop').nth(6).waitFor();
    assert.equal(await offers.count(), 7);

    const bakery = offers.filter({ hasText: '호호베이커리' });
    await bakery.getByRole('button', { name: '할인 코드 받기' }).click();
    const shown = await bakery.getByTestId('nb-code').locator('.nb-code').innerText();
    const code = shown.replace(/\s/g, '');
    assert.match(code, /^[2-9A-Z]{8}$/);

    await logIn(shop.page, 'shop@sangsaeng.test');
    await openNav(shop.page, '할인 코드 사용 처리');
    await shop.page.getByRole('textbox', { name: '코드' }).fill(shown.toLowerCase());
    await shop.page.getByRole('button', { name: '사용 처리' }).click();
    const done = shop.page.getByTestId('nb-redeemed');
    await done.waitFor();
    assert.match(await done.innerText(), /멤버 빵 10% 할인 \(10%\)/);
    await shop.page.screenshot({ path: join(kShots, 'neighbourhood-redeemed-ko-phone.png'), fullPage: true });

    // The same code again: refused, and the page says why.
    await shop.page.getByRole('button', { name: '사용 처리' }).click();
    const refused = shop.page.getByTestId('nb-refused');
    await refused.waitFor();
    assert.match(await refused.innerText(), /이미 사용된 코드입니다/);
    assert.equal(await done.count(), 0);
    assert.deepEqual(await axeViolations(shop.page), []);
    await shop.page.screenshot({ path: join(kShots, 'neighbourhood-refused-ko-phone.png'), fullPage: true });
    assert.deepEqual([...member.errors, ...shop.errors], []);
  } finally {
    await member.context.close();
    await shop.context.close();
  }
});
