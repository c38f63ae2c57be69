// Browser test of the public figures pages against a real `sangsaeng demo` server, without
// logging in: the home page links to the market's page, whose chart is drawn and whose table
// shows exactly the API's figures (won with thousands separators, months in KST), with the CSV
// and the books' head; the charity's page and the outage program's page likewise; axe finds no
// violation in Korean and English, at phone and desktop widths. An auditor's reconciliation of
// the demo's figures lists nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kDesktop, kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const kMeasures = ['raised_won', 'matched_won', 'donated_won', 'granted_won'];
const won = (n) => `${n.toLocaleString('en-US')}원`;
const kMonthKo = (m) => `${Number(m.slice(0, 4))}년 ${Number(m.slice(5, 7))}월`;

async function apiFigures(page, path) {
  const r = await page.request.get(`/api/v1/public/${path}`);
  assert.equal(r.status(), 200, await r.text());
  return r.json();
}

/** Checks that every row of the table (each month, then the total) shows the API's numbers. */
async function assertTableShows(page, figures) {
  const table = page.getByTestId('figures-table');
  await table.waitFor();
  const rows = [...figures.months.map((m) => [m.month, m]), ['total', figures.total]];
  for (const [month, values] of rows) {
    const row = table.locator(`tr[data-month="${month}"]`);
    if (month !== 'total') assert.equal(await row.locator('th').innerText(), kMonthKo(month));
    for (const measure of kMeasures) {
      const cell = row.locator(`td[data-measure="${measure}"]`);
      if ((await cell.count()) === 0) {
        assert.ok(figures.months.every((m) => m[measure] === 0) && figures.total[measure] === 0, `${measure} is hidden only when zero`);
        continue;
      }
      assert.equal(await cell.innerText(), won(values[measure]), `${month} ${measure}`);
    }
    assert.equal(await row.locator('td[data-measure="people_helped"]').innerText(), values.people_helped.toLocaleString('en-US'));
  }
}

async function assertChartDrawn(page) {
  const canvas = page.getByTestId('figures-chart');
  await canvas.waitFor();
  const drawn = await canvas.evaluate((c) => {
    const ctx = c.getContext('2d');
    const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
  assert.ok(drawn, 'the chart canvas has something drawn on it');
}

test('the market and its charity: the pages show the API figures, the CSV and the head', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kDesktop, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto('/');
    await page.locator('[data-program="market"]').getByTestId('figures-link').click();
    await page.waitForURL('**/transparency/programs/market');
    const market = await apiFigures(page, 'programs/market');
    // The demo's settled drop: 5 boxes at 14,900 won, half of it donated, 3 households; and the
    // matching campaign's rice: 4 orders of 2 bags at 12,450 won, half matched (demo_campaigns).
    assert.equal(market.total.raised_won, 74_500 + 99_600);
    assert.equal(market.total.donated_won, 37_250 + 49_800);
    assert.equal(market.total.people_helped, 3 + 4);
    await page.getByRole('heading', { level: 1, name: /U\+로드 상생 마켓 공개 장부/ }).waitFor();
    await assertTableShows(page, market);
    await assertChartDrawn(page);
    assert.equal(await page.getByTestId('books-hash').innerText(), market.books.hash);

    // The CSV behind the link has the same totals.
    const href = await page.getByTestId('figures-csv').getAttribute('href');
    const csv = await (await page.request.get(href)).text();
    const t = market.total;
    assert.ok(
      csv.includes(`\r\ntotal,${t.raised_won},${t.matched_won},${t.donated_won},${t.granted_won},${t.people_helped}\r\n`),
      csv,
    );
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(screenshotDir(), 'figures-market-ko-desktop.png'), fullPage: true });

    // The charity the market gave to has its own page.
    await page.getByTestId('related-cause').getByRole('link').first().click();
    await page.waitForURL('**/transparency/causes/**');
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
    const cause = await apiFigures(page, `causes/${id}`);
    assert.equal(cause.total.donated_won, 37_250);
    await page.getByRole('heading', { level: 1, name: /나눔재단/ }).waitFor();
    await assertTableShows(page, cause);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the outage program page, in English on a phone', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kPhone, locale: 'en-US' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto('/transparency/programs/outage');
    const outage = await apiFigures(page, 'programs/outage');
    // The demo's fibre cut in Mapo: 25 lines credited.
    assert.ok(outage.total.granted_won > 0);
    assert.equal(outage.total.people_helped, 25);
    await assertTableShows(page, outage);
    await assertChartDrawn(page);
    assert.deepEqual(await axeViolations(page), []);

    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { level: 1, name: /public books/ }).waitFor();
    const total = page.getByTestId('figures-table').locator('tr[data-month="total"] td[data-measure="granted_won"]');
    assert.equal(await total.innerText(), `₩${outage.total.granted_won.toLocaleString('en-US')}`);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(screenshotDir(), 'figures-outage-en-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an auditor finds every figure tied to the books', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kDesktop, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await page.getByLabel('이메일').fill('auditor@sangsaeng.test');
    await page.getByLabel('비밀번호').fill('sangsaeng-demo');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '대사 보고서' }).click();
    await page.getByTestId('reconciliation-clean').waitFor();
    const report = await (await page.request.get('/api/v1/figures/reconciliation')).json();
    assert.deepEqual(report.mismatches, []);
    assert.ok(report.figures_checked >= 4);
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});

test('the IT supporters page shows the care activity: hours, learners, satisfaction', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kDesktop, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto('/transparency/programs/it-support');
    const care = await apiFigures(page, 'programs/it-support');
    // The demo's course: two sessions of 90 minutes held (a week ago and yesterday); four
    // learners came, counted once a month (seven when the two sessions fall in two months).
    assert.equal(care.total.hours, 3);
    assert.ok(care.total.learners === 4 || care.total.learners === 7, String(care.total.learners));
    const total = page.getByTestId('figures-table').locator('tr[data-month="total"]');
    await total.waitFor();
    assert.equal(await total.locator('td[data-measure="learners"]').innerText(), String(care.total.learners));
    assert.equal(await total.locator('td[data-measure="hours"]').innerText(), '3.0');
    assert.equal(await total.locator('td[data-measure="visits"]').innerText(), String(care.total.visits));
    const href = await page.getByTestId('figures-csv').getAttribute('href');
    const csv = await (await page.request.get(href)).text();
    assert.ok(csv.includes('people_helped,visits,hours,learners,satisfaction_ratings,satisfaction_avg\r\n'), csv);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(screenshotDir(), 'figures-it-support-ko-desktop.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
