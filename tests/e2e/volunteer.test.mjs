// Browser test of the volunteer corps against a real `sangsaeng demo` server, in Korean: the
// Gwanghwamun team's leader opens yesterday's activity from their volunteer page on a phone, ticks
// who came and saves; the volunteer then sees the hours on their page and opens their certificate;
// the corps' manager sees the hours in the report and the facility's grant on the manager's screen,
// where they also add a facility and an activity; anyone sees the hours on the public page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { apiSession } from './support/api.mjs';
import { kPhone, launchBrowser, logIn, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

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

// A desktop-width page (the manager's screen, the public page).
async function newDesk() {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

test("a leader records attendance and the volunteer's hours and the facility's grant appear", { timeout: 120_000 }, async () => {
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
  const monthBefore = new Date(start + 9 * 3600 * 1000).toISOString().slice(0, 7);
  const facilityHours = await manager.get(`/api/v1/volunteer/hours?by=facility&month=${monthBefore}`);
  const hoursAtBefore = facilityHours.rows.find((r) => r.key === facility.id)?.hours ?? 0;
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
    // The certificate lists the outing: a page of its own, opened from the volunteer's page (this
    // year's; the outing's year when that differs, on the 1st of January).
    const year = new Date(start + 9 * 3600 * 1000).getUTCFullYear();
    const [certificate] = await Promise.all([
      volunteer.context.waitForEvent('page'),
      volunteer.page.getByRole('link', { name: '봉사활동 확인서 (인쇄)' }).click(),
    ]);
    await certificate.waitForLoadState();
    if (year !== new Date(Date.now() + 9 * 3600 * 1000).getUTCFullYear()) {
      await certificate.goto(`/api/v1/volunteer/me/certificate?year=${year}`);
    }
    const text = await certificate.locator('body').innerText();
    assert.match(text, /봉사활동 확인서/);
    assert.match(text, /임직원 박함께/);
    assert.ok(text.includes(kTitle), text);
    await certificate.screenshot({ path: join(kShots, 'volunteer-certificate.png'), fullPage: true });
    assert.deepEqual(volunteer.errors, []);
  } finally {
    await volunteer.context.close();
  }

  // The manager's screen: the facility's hours in the month's report, its grant in the grants.
  const month = new Date(start + 9 * 3600 * 1000).toISOString().slice(0, 7);
  const desk = await newDesk();
  try {
    await logIn(desk.page, 'volunteer@sangsaeng.test');
    await desk.page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '봉사단 운영', exact: true }).click();
    await desk.page.getByRole('heading', { name: '봉사단 운영', level: 1 }).waitFor();
    await desk.page.getByLabel('기준').selectOption('facility');
    await desk.page.getByLabel('월', { exact: true }).fill(month);
    const row = desk.page.getByTestId('hours-report').getByRole('row', { name: new RegExp(facility.name) });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`${hoursAtBefore + 4}시간`));
    const grantRow = desk.page.getByTestId('grants').getByRole('row', { name: new RegExp(facility.name) });
    assert.match(await grantRow.innerText(), new RegExp(`${(grantedBefore + 40_000).toLocaleString('ko-KR')}원`));
    await desk.page.screenshot({ path: join(kShots, 'volunteer-manage.png'), fullPage: true });
    assert.deepEqual(desk.errors, []);
  } finally {
    await desk.context.close();
  }
  const grants = await manager.get('/api/v1/volunteer/grants');
  const granted = grants.facilities.find((f) => f.facility_id === facility.id).granted_won;
  assert.equal(granted - grantedBefore, 40_000);
  const detail = await manager.get(`/api/v1/volunteer/activities/${activity.id}`);
  assert.equal(detail.attendance.length, 2);

  // The public page (no log-in): the month's hours and people, by month and by kind of facility.
  const visitor = await newDesk();
  try {
    await visitor.page.goto('/transparency/programs/volunteer');
    const byMonth = visitor.page.getByTestId('volunteer-by-month');
    await byMonth.waitFor();
    assert.match(await byMonth.getByRole('row', { name: new RegExp(month) }).innerText(), /시간/);
    assert.match(await visitor.page.getByTestId('volunteer-by-kind').innerText(), /노인복지/);
    assert.equal((await visitor.page.locator('body').innerText()).includes('박함께'), false);
    assert.deepEqual(visitor.errors, []);
  } finally {
    await visitor.context.close();
  }
  await manager.close();
  await staffApi.close();
});

test('the manager adds a facility and an open activity on the manager screen', { timeout: 60_000 }, async () => {
  const desk = await newDesk();
  try {
    await logIn(desk.page, 'volunteer@sangsaeng.test');
    await desk.page.goto('/volunteer/manage');
    const facilities = desk.page.getByRole('region', { name: '봉사처 (사회복지시설)' });
    await facilities.getByLabel('시설 이름').fill('성북 아동센터 (e2e)');
    await facilities.getByLabel('시설 유형').selectOption('children');
    await facilities.getByLabel('주소').fill('서울특별시 성북구 보문로 1');
    await facilities.getByLabel('담당자', { exact: true }).fill('정돌봄');
    await facilities.getByLabel('담당자 전화번호').fill('02-920-0000');
    await facilities.getByRole('button', { name: '봉사처 추가' }).click();
    await desk.page.getByTestId('facilities').getByRole('row', { name: /성북 아동센터 \(e2e\)/ }).waitFor();
    assert.match(await desk.page.getByTestId('facilities').getByRole('row', { name: /성북 아동센터/ }).innerText(), /02-920-0000/);

    const activities = desk.page.getByRole('region', { name: '봉사활동' });
    await activities.getByLabel('봉사처').selectOption({ label: '성북 아동센터 (e2e)' });
    await activities.getByLabel('활동명').fill('아동센터 학습 멘토링 (e2e)');
    const day = new Date(Date.now() + 9 * 3600 * 1000 + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await activities.getByLabel('시작 (한국 시간)').fill(`${day}T14:00`);
    await activities.getByRole('button', { name: '활동 만들기' }).click();
    const row = desk.page.getByTestId('activities').getByRole('row', { name: /아동센터 학습 멘토링/ });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /성북 아동센터/);
    assert.match(text, /전 임직원 참여/);
    assert.match(text, /0\/10명/);
    assert.deepEqual(desk.errors, []);
  } finally {
    await desk.context.close();
  }
});
