import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { ROOT } from '../exampleApp';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** What the browser showed at the end of each test (CI output; ignored by git). */
const SCREENSHOTS = path.join(ROOT, 'packages/e2e/screenshots');
/** `UPDATE_DOCS_SCREENSHOTS=1` refreshes the screenshots the READMEs show. */
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS
  ? path.join(ROOT, 'plugins/ml-patterns/docs')
  : undefined;

/**
 * Debian's Chromium, headless. Without the background-networking flags it
 * keeps trying to reach Google's hosts, which this machine's closed network
 * refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves the page as the current test left it (call it in `afterEach`). */
export async function keepTestScreenshot(page: Page | undefined) {
  const name = (expect.getState().currentTestName ?? 'test').replace(
    /[^a-z0-9]+/gi,
    '-',
  );
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page
    ?.screenshot({
      path: path.join(SCREENSHOTS, `${name}.png`),
      fullPage: true,
    })
    .catch(() => {});
}

/**
 * Refreshes a README screenshot when asked to; `viewport` sizes the page
 * for the shot only.
 */
export async function docsScreenshot(
  name: string,
  target: Page | Locator,
  viewport?: { page: Page; width: number; height: number },
) {
  if (!DOCS) return;
  fs.mkdirSync(DOCS, { recursive: true });
  const before = viewport?.page.viewportSize();
  if (viewport) {
    await viewport.page.setViewportSize({
      width: viewport.width,
      height: viewport.height,
    });
  }
  await target.screenshot({ path: path.join(DOCS, name) });
  if (viewport && before) await viewport.page.setViewportSize(before);
}

/**
 * Opens a page of the app, signing in as guest when the app asks first
 * (a visit without a session shows the guest provider's button); then
 * waits until `ready` resolves.
 */
export async function openAsGuest(
  page: Page,
  url: string,
  ready: () => Promise<unknown>,
) {
  await page.goto(url);
  const enter = page.getByRole('button', { name: /enter/i });
  await Promise.race([enter.waitFor({ timeout: 60_000 }), ready()]);
  if (await enter.isVisible()) {
    // The app then shows the page asked for.
    await enter.click();
    await ready();
  }
}
