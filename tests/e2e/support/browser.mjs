// Launches Debian's chromium through playwright-core. Never downloads a browser.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { kDemoPassword } from './api.mjs';

const kChromium = process.env.SANGSAENG_CHROMIUM ?? '/usr/bin/chromium';

const kArgs = [
  '--headless',
  '--no-sandbox', // root on these machines
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Phone and desktop viewports the UI is checked at. */
export const kPhone = { width: 360, height: 740 };
export const kDesktop = { width: 1280, height: 800 };

/**
 * Starts chromium. playwright-core gives the browser a fresh temporary --user-data-dir of its own
 * (and removes it on close); contexts made from it share nothing (cookies, localStorage).
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: kChromium,
    headless: true,
    args: kArgs,
    timeout: 30_000,
  });
}

/** A fresh directory for screenshots, outside the repository. */
export function screenshotDir() {
  return process.env.SANGSAENG_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'sangsaeng-e2e-shots-'));
}

/** Logs `page` in as the demo user `email` through the Korean log-in form. */
export async function logIn(page, email) {
  await page.goto('/login');
  await page.getByLabel('이메일').fill(email);
  await page.getByLabel('비밀번호').fill(kDemoPassword);
  await page.getByRole('button', { name: '로그인' }).click();
  await page.getByTestId('whoami').waitFor();
}
