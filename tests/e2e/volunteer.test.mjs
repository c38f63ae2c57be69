// Browser test of the volunteer corps against a real `sangsaeng demo` server, at phone width and
// in Korean: the Gwanghwamun team's leader opens yesterday's activity from their volunteer page,
// ticks who came and saves; the volunteer then sees the hours on their page and certificate, and
// the facility's grant appears in the corps' grants.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { apiSession } from './support/api.mjs';
import { kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kPassword = 'sangsaeng-demo';
const kShots = screenshotDir();
const kTitle = '노인복지관 어르신 나들이 동행 (e2e)';
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

async function logIn(page, email) {
  await page.goto('/login');
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(kPassword);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.getByTestId('whoami').waitFor();
}

test('a leader records attendance; the volunteer sees the hours and the facility its grant', { timeout: 120_000 }, async () => {
  // Yesterday's two-hour outing of the leader's team, logged afterwards.
  const leaderApi = await apiSession(browser, server.baseUrl, 'leader@sangsaeng.test');
  const mine = await leaderApi.get('/api/v1/volunteer/me');
  assert.equal(mine.leads.length, 1);
  const facilities = await leaderApi.get('/api/v1/volunteer/facilities');
  const facility = facilities.items.find((f) => f.kind === 'elderly');
  const start = Date.now() - 26 * 3600 * 1000;
  const activity = await leaderApi.post('/api/v1/volunteer/activities', {
    facility_id: facility.id,
    team_id: mine.leads[0],
    title: kTitle,
    starts_at: new Date(start).toISOString(),
    ends_at: new Date(start + 2 * 3600 * 1000).toISOString(),
    slots: 10,
  });
  await leaderApi.close();
  const manager = await apiSession(browser, server.baseUrl, 'volunteer@sangsaeng.test');
  const grantsBefore = await manager.get('/api/v1/volunteer/grants');
  const grantedBefore = grantsBefore.facilities.find((f) => f.facility_id === facility.id)?.granted_won ?? 0;
  const staffApi = await apiSession(browser, server.baseUrl, 'staff2@sangsaeng.test');
  const hoursBefore = (await staffApi.get('/api/v1/volunteer/me')).minutes_this_year;

  const leader = await newPage();
  try {
    await logIn(leader.page, 'leader@sangsaeng.test');
    await leader.page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 봉사활동', exact: true }).click();
    await leader.page.getByRole('heading', { name: '내 봉사활동', level: 1 }).waitFor();
    await leader.page.getByRole('link', { name: kTitle }).click();
    await leader.page.getByRole('heading', { name: kTitle, level: 1 }).waitFor();
    await leader.page.getByRole('heading', { name: '출석 확인' }).waitFor();
    await leader.page.getByLabel('임직원 박함께').check();
    await leader.page.getByLabel('광화문 봉사팀장 김봉사').check();
    await leader.page.getByRole('button', { name: '출석 저장' }).click();
    const saved = leader.page.getByTestId('attendance-saved');
    await saved.waitFor();
    assert.match(await saved.innerText(), /2명, 총 4시간이 기록되었습니다/);
    assert.match(await saved.innerText(), /시설 지원금 40,000원이 지급되었습니다/);
    await leader.page.screenshot({ path: join(kShots, 'volunteer-attendance-phone.png'), fullPage: true });
    assert.deepEqual(leader.errors, []);
  } finally {
    await leader.context.close();
  }

  const volunteer = await newPage();
  try {
    await logIn(volunteer.page, 'staff2@sangsaeng.test');
    await volunteer.page.goto('/volunteer');
    const hours = volunteer.page.getByTestId('hours-this-year');
    await hours.waitFor();
    const expected = (hoursBefore + 120) / 60;
    assert.equal(await hours.innerText(), `${expected}시간`);
    await volunteer.page.screenshot({ path: join(kShots, 'volunteer-page-phone.png'), fullPage: true });
    // The certificate lists the outing (a page of its own, printed from the browser).
    const certificate = await volunteer.context.request.get(`/api/v1/volunteer/me/certificate?year=${new Date(start + 9 * 3600 * 1000).getUTCFullYear()}`);
    assert.equal(certificate.status(), 200);
    const html = await certificate.text();
    assert.ok(html.includes('봉사활동 확인서'));
    assert.ok(html.includes(kTitle));
    assert.deepEqual(volunteer.errors, []);
  } finally {
    await volunteer.context.close();
  }

  const grants = await manager.get('/api/v1/volunteer/grants');
  const granted = grants.facilities.find((f) => f.facility_id === facility.id).granted_won;
  assert.equal(granted - grantedBefore, 40_000);
  const detail = await manager.get(`/api/v1/volunteer/activities/${activity.id}`);
  assert.equal(detail.attendance.length, 2);
  await manager.close();
  await staffApi.close();
});
