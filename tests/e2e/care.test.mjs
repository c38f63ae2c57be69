// Browser tests of care and dispatch against a real `sangsaeng demo` server, in Korean: the
// dispatcher (care@) plans the demo's tomorrow on the board, reads why the Tagalog lesson and
// the person without consent stay unassigned, moves the visit of the woman who asked for a
// female helper onto a man (the checker refuses, in words, and nothing changes) and another
// visit onto a helper who can make it (accepted), and publishes; the helper (helper@) checks in
// and out of today's first visit on a phone-sized screen; a customer books an internet-doctor
// visit naming her engineer, with the female-helper option.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kDesktop, kPhone, launchBrowser, logIn, screenshotDir } from './support/browser.mjs';
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

async function newPage(viewport) {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'ko-KR' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

async function openNav(page, name) {
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name, exact: true }).click();
}

test('a dispatcher plans tomorrow, the checker refuses one move and accepts another, and the plan is published', { timeout: 120_000 }, async () => {
  const { context, page, errors } = await newPage(kDesktop);
  try {
    await logIn(page, 'care@sangsaeng.test');
    await openNav(page, '배차 보드');
    await page.getByRole('heading', { level: 1, name: '배차 보드' }).waitFor();
    await page.getByText(/아직 계획이 없습니다\. 이 날의 요청 10건/).waitFor();
    await page.getByRole('button', { name: '배차 계획 세우기' }).click();
    const summary = page.getByTestId('plan-summary');
    await summary.waitFor({ timeout: 30_000 });
    assert.match(await summary.innerText(), /초안 · 배정 8건 · 미배정 2건/);
    assert.match(await summary.innerText(), /지정 기사 1\/1건 반영/);

    // The unassigned, with the solver's reasons in the dispatcher's words.
    const left = page.getByRole('region', { name: '미배정 요청 2건' });
    const leftText = await left.innerText();
    assert.match(leftText, /방문 동의를 받지 않은 분입니다/);
    assert.match(leftText, /요청한 언어를 하는 도우미가 근무하지 않습니다/);

    // 박순자 asked for a woman (her only window is 10:00-12:00): onto 이준호, refused. (He is
    // on shift on weekends too, so the test holds whatever day tomorrow is.)
    const soonja = page.getByRole('button', { name: /희망 시간 10:00-12:00\)/ });
    await soonja.click();
    const panel = page.getByTestId('pick-panel');
    await panel.getByLabel('옮길 도우미').selectOption({ label: '이준호 (인터넷 닥터 은평)' });
    await panel.getByRole('button', { name: '옮기기', exact: true }).click();
    const refused = page.getByRole('alert').filter({ hasText: '검사기가 이 이동을 거절했습니다' });
    await refused.waitFor();
    assert.match(await refused.innerText(), /여성 도우미만 방문할 수 있습니다/);
    assert.match(await summary.innerText(), /배정 8건/);
    assert.doesNotMatch(await summary.innerText(), /직접 옮긴 방문/, 'nothing was saved');
    await page.screenshot({ path: join(kShots, 'care-board-refused-ko.png'), fullPage: true });

    // 김복례's smartphone help (09:30-11:30 or 14:00-16:00) to 박수어: accepted and saved.
    await page.getByRole('button', { name: /희망 시간 09:30-11:30, 14:00-16:00\)/ }).click();
    await panel.getByLabel('옮길 도우미').selectOption({ label: '박수어 (수어 봉사단)' });
    await panel.getByRole('button', { name: '옮기기', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '박수어 님에게 옮겼습니다. 검사기가 확인했습니다.' }).waitFor();
    await page.getByRole('listitem', { name: '박수어' }).getByRole('button', { name: /희망 시간 09:30-11:30, 14:00-16:00\)/ }).waitFor();
    assert.match(await summary.innerText(), /직접 옮긴 방문 1건/);

    await page.getByRole('button', { name: '계획 공개 (도우미에게 알림)' }).click();
    await page.getByRole('status').filter({ hasText: '계획을 공개했습니다' }).waitFor();
    assert.match(await summary.innerText(), /^공개됨/);
    assert.equal(await page.getByRole('button', { name: '계획 공개 (도우미에게 알림)' }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'care-board-published-ko.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a helper checks in and out of today's first visit on a phone", { timeout: 90_000 }, async () => {
  const { context, page, errors } = await newPage(kPhone);
  try {
    await logIn(page, 'helper@sangsaeng.test');
    await openNav(page, '오늘의 방문');
    await page.getByRole('heading', { level: 1, name: '오늘의 방문' }).waitFor();
    const visits = page.getByTestId('my-visit');
    await visits.first().waitFor();
    assert.equal(await visits.count(), 2, "최하나's two visits today");
    const first = visits.first();
    const text = await first.innerText();
    assert.match(text, /^1\. 10:\d\d–\d\d:\d\d · 박순자/);
    assert.match(text, /서울 마포구 성산로 128/);
    assert.match(await visits.nth(1).innerText(), /^2\. .*응우옌 티 란/);
    assert.match(await first.getByRole('link', { name: '지도에서 보기' }).getAttribute('href'), /^https:\/\/map\.kakao\.com\//);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (${width}px)`);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'care-day-ko-phone.png'), fullPage: true });

    await first.getByRole('button', { name: '체크인 (도착)' }).click();
    const form = first.getByRole('form', { name: '체크아웃' });
    await form.waitFor();
    await form.getByLabel('해결').check();
    await form.getByLabel('메모').fill('영상통화 앱 설치, 손주와 통화 연습');
    await form.getByLabel('걸린 시간 (분)').fill('50');
    await form.getByLabel(/만족도/).selectOption('5');
    await form.getByRole('button', { name: '체크아웃' }).click();
    await first.getByRole('status').filter({ hasText: '방문 완료: 해결 · 50분' }).waitFor();
    assert.match(await first.innerText(), /방문 완료/);
    // Still there after a reload: the server kept it.
    await page.reload();
    await page.getByTestId('my-visit').first().getByText('방문 완료: 해결 · 50분').waitFor();
    await page.screenshot({ path: join(kShots, 'care-day-done-ko-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a customer books an internet-doctor visit naming her engineer; the female technicians come as women', { timeout: 90_000 }, async () => {
  const { context, page, errors } = await newPage(kPhone);
  try {
    await logIn(page, 'customer@sangsaeng.test');
    await openNav(page, '방문 신청');
    await page.getByRole('heading', { level: 1, name: '방문 신청' }).waitFor();
    // The female technicians' program: the female-helper option is on and stays on.
    await page.getByLabel(/^여성 기사 방문:/).check();
    const female = page.getByLabel('여성 도우미만 방문해 주세요');
    assert.ok(await female.isChecked());
    assert.ok(await female.isDisabled());
    // The internet doctor: she names the engineer who came last time.
    await page.getByLabel(/^인터넷 닥터:/).check();
    assert.ok(!(await female.isChecked()));
    await page.getByLabel('지정 기사 (인터넷 닥터)').selectOption({ label: '이준호 (인터넷 닥터 은평)' });
    await page.getByLabel(/^오전 /).check();
    await page.getByLabel('이름', { exact: true }).fill('정미래');
    await page.getByLabel('연락처', { exact: true }).fill('010-5555-1234');
    await page.getByLabel('구', { exact: true }).selectOption('은평구');
    await page.getByLabel('나머지 주소').fill('통일로 700, 101동 1203호');
    await page.getByLabel('혼자 지내심').check();
    // Without the consent the form asks for it first.
    await page.getByRole('button', { name: '신청하기' }).click();
    await page.getByText('방문하려면 동의가 필요합니다.').waitFor();
    await page.getByLabel(/개인정보.*동의합니다/).check();
    await page.getByRole('button', { name: '신청하기' }).click();
    await page.getByRole('status').filter({ hasText: '방문 신청을 받았습니다' }).waitFor();
    const mine = page.getByTestId('my-request');
    assert.equal(await mine.count(), 1);
    const text = await mine.first().innerText();
    assert.match(text, /인터넷 수리/);
    assert.match(text, /(09|10):00-12:00 · 접수/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'care-request-ko-phone.png'), fullPage: true });
    // Still listed after a reload: the server has it.
    await page.reload();
    await page.getByTestId('my-request').first().waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
