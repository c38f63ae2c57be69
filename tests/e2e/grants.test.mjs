// Browser test of hearing-support grants against a real `sangsaeng demo` server, at phone width
// and in Korean: the demo customer applies for their child (the audiologist's report attached,
// the guardian's consent given) and sees it received; the program's reviewer finds it in the
// queue, screens it, approves it (the grant is reserved from the art hall fund: its free amount
// falls) and pays the hospital at surgery; the guardian then reads the new status.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kPhone, launchBrowser, logIn } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kChild = '윤다온';
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

/** The number shown in a won amount ("2,252,700,000원" -> 2252700000). */
function won(text) {
  return Number(text.replace(/[^0-9]/g, ''));
}

test('an application from submission to paid at surgery', { timeout: 120_000 }, async () => {
  // The guardian applies.
  const guardian = await newPage();
  const g = guardian.page;
  await logIn(g, 'customer@sangsaeng.test');
  await g.goto('/grants');
  await g.getByLabel('아동 이름').fill(kChild);
  await g.getByLabel('아동 생년월일').fill('2023-03-03');
  await g.getByLabel('보호자 이름').fill('정미래');
  await g.getByLabel('아동과의 관계').fill('모');
  await g.getByLabel('보호자 휴대폰 번호').fill('010-0000-0001');
  await g.getByLabel('수술 병원').fill('세브란스병원');
  await g.getByLabel('신청 금액(원)').fill('31000000');
  await g.getByLabel('보호자 동의일').fill('2026-01-02');
  await g.getByLabel('청력검사 결과지 (PDF 또는 사진)').setInputFiles({
    name: 'audiogram.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% audiogram of the browser test\ntrailer\n%%EOF\n'),
  });
  await g.getByLabel('개인정보 및 의료정보 수집·이용에 보호자로서 동의합니다.').check();
  assert.deepEqual(await axeViolations(g), []);
  await g.getByRole('button', { name: '신청하기' }).click();
  await g.getByRole('status').filter({ hasText: '신청이 접수되었습니다' }).waitFor();
  const mine = g.getByTestId('my-grant').filter({ hasText: kChild });
  assert.equal((await mine.getByTestId('my-grant-status').textContent()).trim(), '접수');

  // What the fund has free before the approval.
  const reviewer = await newPage();
  const r = reviewer.page;
  await r.goto('/funds/art-hall');
  const freeBefore = won(await r.getByTestId('fund-free').textContent());

  // The reviewer screens, approves and pays.
  await logIn(r, 'hearing@sangsaeng.test');
  await r.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '청각 지원 심사', exact: true }).click();
  await r.getByTestId('queue-item').filter({ hasText: kChild }).getByRole('link').click();
  await r.getByTestId('case-status').filter({ hasText: '접수' }).waitFor();
  const step = async (label, status) => {
    await r.getByLabel('다음 단계').selectOption({ label });
    await r.getByRole('button', { name: '진행' }).click();
    await r.getByTestId('case-status').filter({ hasText: status }).waitFor();
  };
  await step('심사 시작', '심사 중');
  await step('승인', '승인 (지원금 예약)');
  assert.equal((await r.getByTestId('case-money').textContent()).trim(), '기금에서 예약됨');
  await r.goto('/funds/art-hall');
  assert.equal(won(await r.getByTestId('fund-free').textContent()), freeBefore - 31_000_000);
  await r.goBack();
  await step('수술·병원 지급', '수술 (병원 지급 완료)');
  assert.equal((await r.getByTestId('case-money').textContent()).trim(), '병원에 지급됨');

  // The guardian reads the new status.
  await g.reload();
  await g.getByTestId('my-grant').filter({ hasText: kChild }).getByRole('link').click();
  await g.getByTestId('case-status').filter({ hasText: '수술 (병원 지급 완료)' }).waitFor();
  assert.equal(await g.getByLabel('다음 단계').count(), 0, 'the guardian takes no step');
  assert.deepEqual(guardian.errors, []);
  assert.deepEqual(reviewer.errors, []);
  await guardian.context.close();
  await reviewer.context.close();
});
