// Browser test of signing up with a verified phone (Korean, phone width), against a real
// `sangsaeng demo` server whose phone provider is the sandbox (code 123456): a wrong code gets
// its Korean message with the tries left, the right one verifies the phone, the new customer
// signs up and buys at once; hitting the per-buyer limit again and again is recorded, and the
// market's manager sees it on the drop's live page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { axeViolations } from './support/axe.mjs';
import { kPhone, launchBrowser, screenshotDir } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const kShots = screenshotDir();
const kCabbage = '해남 절임배추 10kg';
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

test('a new customer verifies their phone with the sandbox code, signs up and buys', { timeout: 90_000 }, async () => {
  const { context, page, errors } = await newPage();
  try {
    await page.goto('/login');
    await page.getByRole('link', { name: '휴대폰 인증으로 회원가입' }).click();
    await page.getByRole('heading', { level: 1, name: '회원가입' }).waitFor();

    // A landline is not a mobile number.
    await page.getByLabel('휴대폰 번호').fill('02-123-4567');
    await page.getByRole('button', { name: '인증번호 받기' }).click();
    await page.getByRole('alert').filter({ hasText: '010으로 시작하는 휴대폰 번호를 입력해 주세요' }).waitFor();

    await page.getByLabel('휴대폰 번호').fill('010-5555-0101');
    await page.getByRole('button', { name: '인증번호 받기' }).click();
    await page.getByText('인증번호를 보냈습니다. 3분 안에 입력해 주세요.').waitFor();
    // A wrong code: the tries left, in Korean.
    await page.getByLabel('인증번호 6자리').fill('000000');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('alert').filter({ hasText: '인증번호가 맞지 않습니다. 4번 더 입력할 수 있습니다.' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'signup-wrong-code-ko-phone.png'), fullPage: true });
    // The sandbox's code.
    await page.getByLabel('인증번호 6자리').fill('123456');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByTestId('phone-verified').filter({ hasText: '010-5555-0101 인증 완료' }).waitFor();

    await page.getByLabel('이메일').fill('new.buyer@example.kr');
    await page.getByLabel('이름').fill('새 고객 김하늘');
    await page.getByLabel('비밀번호').fill('my own password');
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.waitForURL((url) => url.pathname === '/market');
    await page.getByRole('heading', { level: 1, name: '상생 마켓' }).waitFor();

    // Signed in as the new customer, who may buy at once.
    await page.getByRole('link', { name: kCabbage }).first().click();
    await page.getByRole('heading', { level: 1, name: kCabbage }).waitFor();
    await page.getByRole('button', { name: '구매하기' }).click();
    await page.getByRole('status').filter({ hasText: '1개를 확보했습니다' }).waitFor();
    await page.screenshot({ path: join(kShots, 'signup-bought-ko-phone.png'), fullPage: true });

    // The same phone cannot make a second account.
    const again = await browser.newContext({ baseURL: server.baseUrl });
    const started = await (await again.request.post('/api/v1/auth/phone/start', { data: { phone: '+82 10 5555 0101' } })).json();
    const proof = await (
      await again.request.post('/api/v1/auth/phone/verify', { data: { verification_id: started.verification_id, code: '123456' } })
    ).json();
    const second = await again.request.post('/api/v1/auth/signup', {
      data: { email: 'second@example.kr', display_name: '둘째', password: 'my own password', phone_proof: proof.phone_proof },
    });
    assert.equal(second.status(), 409);
    assert.match((await second.json()).type, /phone-in-use$/);
    await again.close();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('repeated refusals by the limit are flagged on the manager\'s live page', { timeout: 90_000 }, async () => {
  const { context, page, errors } = await newPage();
  try {
    // The demo customer (phone seeded as verified) takes the limit of two, then asks three more times.
    const login = await context.request.post('/api/v1/auth/login', {
      data: { email: 'customer@sangsaeng.test', password: 'sangsaeng-demo' },
    });
    const csrf = (await login.json()).csrf_token;
    const drops = (await (await context.request.get('/api/v1/market/drops?limit=50')).json()).items;
    const drop = drops.find((d) => d.title === kCabbage);
    const buy = (key, units) =>
      context.request.post(`/api/v1/market/drops/${drop.id}/orders`, {
        data: { units },
        headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': key },
      });
    assert.equal((await buy('two', 2)).status(), 201);
    for (const key of ['a', 'b', 'c']) {
      const refused = await buy(key, 1);
      assert.equal(refused.status(), 422);
      assert.match((await refused.json()).type, /per-buyer-limit$/);
    }
    await context.clearCookies();

    await page.goto('/login');
    await page.getByLabel('이메일').fill('manager@sangsaeng.test');
    await page.getByLabel('비밀번호').fill('sangsaeng-demo');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`/market/drops/${drop.id}/live`);
    const flags = page.getByTestId('drop-flags');
    await flags.getByRole('heading', { name: '의심 패턴' }).waitFor();
    await flags.getByRole('cell', { name: '한도 초과 반복' }).waitFor();
    assert.match(await flags.innerText(), /account:\d+/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(kShots, 'market-flags-ko-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
