// Browser tests of outage compensation against a real `sangsaeng demo` server, at phone width
// and in Korean: the demo customer sees the Mapo fibre cut's refund (credited without a claim)
// and claims its damages once; the outage program's manager sees the outages with their
// statuses and totals, reads the terms versions, reports an outage (the server's field error
// first), and ends the ongoing Eunpyeong outage (then fixes its start) and sees its lines
// compensated; "다시 정산" then posts nothing.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kPhone, launchBrowser, logIn, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kShots = screenshotDir();
const kMapoCut = '도로 굴착 공사 중 광케이블 절단';
const kEunpyeong = '원인 확인 중 (현장 출동)';
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

/** The datetime-local value (Seoul wall time, whole minutes) of an instant. */
function kstInput(ms) {
  return new Date(ms + 9 * 3600 * 1000).toISOString().slice(0, 16);
}

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

test('the customer sees the fibre cut refunded without a claim and claims the damages once', { timeout: 90_000 }, async () => {
  const { context, page, errors } = await newPage();
  try {
    await logIn(page, 'customer@sangsaeng.test');
    await openNav(page, '내 장애 보상');
    await page.getByRole('heading', { level: 1, name: '내 장애 보상' }).waitFor();
    assert.match(await page.locator('main').innerText(), /요금 감면은 신청하지 않아도 다음 요금에서 자동으로 차감됩니다/);
    const line = page.getByRole('region', { name: '02-3142-0001 · 기가 인터넷 500M' });
    const card = line.getByTestId('my-compensation').filter({ hasText: kMapoCut });
    await card.waitFor();
    // 3 h 30 min on a 33,000원 line: the refund is credited, the damages wait for a claim.
    const text = await card.innerText();
    assert.match(text, /장애 3\.5시간 \(보상 기준 3\.5시간\)/);
    assert.match(text, /요금 감면 \(자동 반영\)\s*160원/);
    assert.match(text, /손해배상 \(청구 가능\)\s*1,444원/);
    assert.equal(await card.getByTestId('damages-paid').innerText(), '0원');
    assert.match(text, /14:10 – .*17:40/, 'the outage period in Korea time');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'outage-mine-ko-phone.png'), fullPage: true });

    // The claim asks first, in plain Korean, then pays once.
    await card.getByRole('button', { name: '손해배상 청구' }).click();
    const confirm = card.getByRole('group');
    assert.match(await confirm.innerText(), /손해배상 1,444원을 청구할까요\? .*한 번만 청구할 수 있습니다/);
    assert.deepEqual(await axeViolations(page), []);
    await confirm.getByRole('button', { name: '청구하기' }).click();
    await card.getByRole('status').filter({ hasText: '손해배상 1,444원을 지급했습니다' }).waitFor();
    assert.equal(await card.getByTestId('damages-paid').innerText(), '1,444원');
    assert.equal(await card.getByRole('button', { name: '손해배상 청구' }).count(), 0, 'no second claim');

    // Still so after a reload: the server has it.
    await page.reload();
    const again = page.getByTestId('my-compensation').filter({ hasText: kMapoCut });
    await again.getByTestId('damages-paid').filter({ hasText: '1,444원' }).waitFor();
    assert.equal(await again.getByRole('button', { name: '손해배상 청구' }).count(), 0);
    await page.screenshot({ path: join(kShots, 'outage-mine-claimed-ko-phone.png'), fullPage: true });

    // In English too.
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { level: 1, name: 'My outage compensation' }).waitFor();
    const en = await page.getByTestId('my-compensation').filter({ hasText: kMapoCut }).innerText();
    assert.match(en, /Refund \(credited automatically\)\s*₩160/);
    assert.match(en, /Damages paid\s*₩1,444/);
    assert.match(en, /Nov 18, 2026, 14:10 KST/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the manager sees the outages and terms, reports one, and ends the ongoing one', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await newPage();
  try {
    await logIn(page, 'outage@sangsaeng.test');
    await openNav(page, '장애 보상 관리');
    await page.getByRole('heading', { level: 1, name: '장애 보상 관리' }).waitFor();
    const mapo = page.getByTestId('outage').filter({ hasText: kMapoCut });
    await mapo.waitFor();
    const mapoText = await mapo.innerText();
    assert.match(mapoText, /정산 완료/);
    assert.match(mapoText, /3시간 30분/);
    assert.match(mapoText, /서울 마포 A/);
    assert.match(mapoText, /영향 회선\s*25개/);
    assert.match(mapoText, /요금 감면\s*4,054원/);
    assert.match(mapoText, /손해배상 \(청구 가능\)\s*36,578원/);
    assert.match(await page.getByTestId('outage').filter({ hasText: kEunpyeong }).innerText(), /진행 중/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'outage-list-ko-phone.png'), fullPage: true });

    // The terms versions, readable.
    await page.getByRole('link', { name: '보상 약관 버전' }).click();
    await page.getByRole('heading', { level: 1, name: '보상 약관 버전' }).waitFor();
    const terms = page.getByTestId('terms');
    const row2011 = terms.getByRole('row').filter({ hasText: '2011 소비자분쟁해결기준' });
    assert.match(await row2011.innerText(), /지정 시에만[\s\S]*2011년 1월 1일[\s\S]*연속 3시간 이상[\s\S]*월 누적 12시간 이상[\s\S]*시간당 요금의 6배/);
    const row2023 = terms.getByRole('row').filter({ hasText: '2023년 3월 1일' });
    assert.match(await row2023.innerText(), /연속 2시간 이상[\s\S]*요금 감면 \(장애 시간 비례, 자동\)[\s\S]*10배/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'outage-terms-ko-phone.png'), fullPage: true });
    await page.goBack();

    // Report an outage: an end before the start is the server's field error, next to the field.
    await page.getByRole('link', { name: '장애 등록' }).click();
    await page.getByRole('heading', { level: 1, name: '장애 등록' }).waitFor();
    const yesterday = Date.now() - 24 * 3600 * 1000;
    const start = kstInput(yesterday - 5 * 3600 * 1000);
    await page.getByLabel('영향 지역').fill('서울 서대문 B');
    await page.getByLabel('시작 시각 (한국 시간)').fill(start);
    await page.getByLabel('종료 시각 (한국 시간)').fill(kstInput(yesterday - 6 * 3600 * 1000));
    await page.getByLabel('원인', { exact: true }).fill('관로 공사 중 광케이블 손상');
    await page.getByRole('button', { name: '장애 등록' }).click();
    await page.getByRole('alert').filter({ hasText: '표시된 항목을 고친 뒤' }).waitFor();
    assert.equal(await page.locator('#report-ended_at-error').innerText(), '종료 시각은 시작 시각보다 뒤여야 합니다.');
    assert.equal(await page.getByLabel('종료 시각 (한국 시간)').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'outage-report-error-ko-phone.png'), fullPage: true });
    // Four and a half hours over Seodaemun B's sixteen lines, under the 2024 voluntary package
    // the manager names: every line compensated at once.
    await page.getByLabel('종료 시각 (한국 시간)').fill(kstInput(yesterday - 30 * 60 * 1000));
    await page.getByLabel('적용 약관').selectOption({ label: 'KT 2024.9 장애 자율 보상 (지정 시에만)' });
    await page.getByRole('button', { name: '장애 등록' }).click();
    await page.getByTestId('report-created').filter({ hasText: '영향 회선 16개, 보상 회선 16개' }).waitFor();
    assert.equal(await page.locator('#report-ended_at-error').count(), 0);
    await page.getByRole('link', { name: '등록한 장애 보기' }).click();
    await page.getByRole('heading', { level: 1, name: '관로 공사 중 광케이블 손상' }).waitFor();
    await page.getByTestId('compensations').waitFor();
    assert.equal(await page.getByTestId('compensations').locator('tbody tr').count(), 16);
    await page.locator('main').getByText('KT 2024.9 장애 자율 보상').waitFor();
    const reported = await page.getByTestId('outage-totals').innerText();
    assert.match(reported, /요금 감면\s*0원/, 'the package pays no refund');
    assert.doesNotMatch(reported, /자율 보상\s*0원/, 'it pays the voluntary amount');

    // The ongoing Eunpyeong outage: no lines yet; ending it now settles it.
    await page.getByRole('link', { name: '장애 목록으로' }).click();
    await page.getByRole('link', { name: kEunpyeong }).click();
    await page.getByRole('heading', { level: 1, name: kEunpyeong }).waitFor();
    assert.match(await page.locator('.badge').first().innerText(), /진행 중/);
    await page.getByText('보상 대상 회선이 아직 없습니다.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'outage-ongoing-ko-phone.png'), fullPage: true });
    await page.getByLabel('종료 시각 (한국 시간)').fill(kstInput(Date.now()));
    await page.getByRole('button', { name: '정정 저장' }).click();
    await page.getByRole('status').filter({ hasText: '정정했습니다. 영향 회선 12개' }).waitFor();
    assert.match(await page.locator('.badge').first().innerText(), /정산 완료/);
    // About forty minutes is under the terms' two hours: twelve lines, nothing paid yet.
    await page.getByTestId('compensations').waitFor();
    assert.equal(await page.getByTestId('compensations').locator('tbody tr').count(), 12);
    assert.match(await page.getByTestId('outage-totals').innerText(), /보상 회선\s*0개/);

    // Monitoring saw it late: it began three hours before it ended. Only the difference is posted.
    const ended = await page.getByLabel('종료 시각 (한국 시간)').inputValue();
    const endedMs = Date.parse(`${ended}:00+09:00`);
    await page.getByLabel('시작 시각 (한국 시간)').fill(kstInput(endedMs - 3 * 3600 * 1000));
    await page.getByRole('button', { name: '정정 저장' }).click();
    await page.getByRole('status').filter({ hasText: '보상 회선 12개' }).waitFor();
    const table = page.getByTestId('compensations');
    const row = table.getByRole('row').filter({ hasText: '02-385-0002' });
    await row.waitFor();
    assert.match(await row.innerText(), /서울 은평 C[\s\S]*3시간[\s\S]*3시간[\s\S]*\d+원/);
    assert.doesNotMatch(await row.locator('td').nth(3).innerText(), /^0원$/, 'a refund was credited');
    assert.doesNotMatch(await page.getByTestId('outage-totals').innerText(), /요금 감면\s*0원/);

    // Settling again posts nothing.
    await page.getByRole('button', { name: '다시 정산' }).click();
    await page.getByTestId('settlement').filter({ hasText: '바뀐 것이 없어 새로 지급한 금액이 없습니다' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'outage-settled-ko-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the auditor reads the outages but cannot change them', { timeout: 60_000 }, async () => {
  const { context, page, errors } = await newPage();
  try {
    await logIn(page, 'auditor@sangsaeng.test');
    await openNav(page, '장애 보상 관리');
    await page.getByRole('link', { name: kMapoCut }).click();
    await page.getByRole('heading', { level: 1, name: kMapoCut }).waitFor();
    await page.getByTestId('compensations').waitFor();
    assert.equal(await page.getByTestId('compensations').locator('tbody tr').count(), 25);
    assert.equal(await page.getByRole('button', { name: '다시 정산' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: '정정 저장' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: '장애 등록' }).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
