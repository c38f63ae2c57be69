// Browser test of IT education against a real `sangsaeng demo` server: the instructor (helper@,
// 최하나) opens her course on a phone, sees each learner's progress, takes attendance again for
// yesterday's session (박정남 came after all and made a video call) and finds his progress
// updated; axe finds no violation.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kDemoPassword } from './support/api.mjs';
import { axeViolations } from './support/axe.mjs';
import { kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
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

test('an instructor takes attendance on a phone and follows a learner', { timeout: 90_000 }, async () => {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: kPhone, locale: 'ko-KR' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto('/login');
    await page.getByLabel('이메일').fill('helper@sangsaeng.test');
    await page.getByLabel('비밀번호').fill(kDemoPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.goto('/care/education');
    await page.getByTestId('courses').getByRole('link', { name: /스마트폰 첫걸음/ }).click();
    await page.waitForURL('**/care/education/courses/**');
    const row = page.getByTestId('progress').locator('tr', { hasText: '박정남' });
    await row.waitFor();
    assert.equal(await row.locator('td[data-field="attended"]').innerText(), '1 / 2');
    assert.equal(await row.locator('td[data-field="goals"]').innerText(), '1 / 4');
    assert.deepEqual(await axeViolations(page), []);

    await page.getByTestId('sessions').getByRole('link', { name: /키오스크/ }).click();
    await page.waitForURL('**/care/education/sessions/**');
    const learner = page.getByTestId('attendance').locator('fieldset', { hasText: '박정남' });
    await learner.getByLabel('출석', { exact: true }).check();
    await learner.getByLabel('키오스크로 주문하기').check();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('button', { name: '출석 저장' }).click();
    await page.getByTestId('attendance-saved').waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'education-attendance-ko-phone.png'), fullPage: true });

    await page.goBack();
    await page.reload();
    const after = page.getByTestId('progress').locator('tr', { hasText: '박정남' });
    await after.waitFor();
    assert.equal(await after.locator('td[data-field="attended"]').innerText(), '2 / 2');
    assert.equal(await after.locator('td[data-field="goals"]').innerText(), '2 / 4');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
