import { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import {
  BASE_URL,
  ROOT,
  TOKEN,
  buildApp,
  startBackend,
  stopBackend,
  waitForVerdicts,
} from './exampleApp';

/**
 * Waivers as a user sees them: the waivers tab of the ml-patterns page and
 * the entity cards, on the real backend (SQLite in memory, the example
 * catalog with an active, an expired and an invalid waiver), the built app,
 * Debian's Chromium.
 */

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'packages/e2e/screenshots');
/** `UPDATE_DOCS_SCREENSHOTS=1` refreshes the screenshots the READMEs show. */
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS
  ? path.join(ROOT, 'plugins/ml-patterns/docs')
  : undefined;

let backend: ChildProcess | undefined;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  buildApp();
  backend = await startBackend();
  await waitForVerdicts();
  browser = await chromium.launch({
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
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterEach(async () => {
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
});

afterAll(async () => {
  await browser?.close();
  stopBackend(backend);
});

/** Opens a page of the app, signing in as guest when asked. */
async function open(pathAndQuery: string, ready: () => Promise<unknown>) {
  await page.goto(`${BASE_URL}${pathAndQuery}`);
  const enter = page.getByRole('button', { name: /enter/i });
  await Promise.race([enter.waitFor({ timeout: 60_000 }), ready()]);
  if (await enter.isVisible()) {
    await enter.click();
    await ready();
  }
}

/** The waivers the REST API lists: `[entity ref, rule, state]`. */
async function apiWaivers(): Promise<Array<[string, string, string]>> {
  const res = await fetch(`${BASE_URL}/api/ml-patterns/v1/waivers`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`waivers answered ${res.status}`);
  const body = (await res.json()) as {
    waivers: Array<{ entityRef: string; ruleId?: string; state: string }>;
  };
  return body.waivers.map(w => [w.entityRef, w.ruleId ?? '', w.state]);
}

async function openCard(kind: string, name: string) {
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'ML anti-patterns' })
    .filter({ hasText: 'Evaluated' })
    .last();
  await open(`/catalog/default/${kind}/${name}`, () =>
    card.waitFor({ timeout: 60_000 }),
  );
  return card;
}

it('lists the example waivers in every state on the waivers tab, and filters them', async () => {
  expect(await apiWaivers()).toEqual(
    expect.arrayContaining([
      [
        'component:default/search-ranker-a-server',
        'model-load/library-compatibility',
        'active',
      ],
      [
        'component:default/pricing-notebooks',
        'only-me/not-notebook-only',
        'expired',
      ],
      [
        'component:default/object-detector-server',
        'all-in-one/no-shared-server-group',
        'invalid',
      ],
    ]),
  );

  const table = page.getByRole('table').filter({ hasText: 'Approved by' });
  await open('/ml-patterns/waivers', () =>
    table.getByText('Search ranker A server').waitFor({ timeout: 60_000 }),
  );
  expect(
    await page
      .getByRole('tab', { name: 'Waivers' })
      .getAttribute('aria-selected'),
  ).toBe('true');
  const rowOf = (title: string) =>
    table.getByRole('row').filter({ hasText: title });
  await expect(
    rowOf('Search ranker A server').getByText('Active').count(),
  ).resolves.toBe(1);
  await expect(
    rowOf('Dynamic pricing notebooks').getByText('Expired').count(),
  ).resolves.toBe(1);
  const invalid = rowOf('Object detector server');
  await expect(invalid.getByText('Invalid').count()).resolves.toBe(1);
  await expect(
    invalid.getByText(/Not applied: no approvedBy/).count(),
  ).resolves.toBe(1);
  if (DOCS) {
    fs.mkdirSync(DOCS, { recursive: true });
    // Room for every row: the app scrolls inside its layout.
    await page.setViewportSize({ width: 1440, height: 800 });
    await page.screenshot({ path: path.join(DOCS, 'waivers-page.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  // The state picker narrows the list, and says how many each state has.
  await page.getByLabel('State').click();
  await page.getByRole('option', { name: /^Expired \(\d+\)$/ }).click();
  await page.waitForURL(/\/ml-patterns\/waivers\?state=expired$/);
  await rowOf('Search ranker A server').waitFor({ state: 'detached' });
  await rowOf('Dynamic pricing notebooks').waitFor();
});

it("shows an expired waiver on its check, and an invalid one as the entity's problem", async () => {
  const notebooks = await openCard('component', 'pricing-notebooks');
  await notebooks
    .getByText(
      'Waiver expired on 2026-09-30 (approved by group:default/ml-platform-team): it no longer applies.',
    )
    .waitFor();

  const detector = await openCard('component', 'object-detector-server');
  const notApplied = detector.getByRole('list', {
    name: 'Waivers not applied',
  });
  await notApplied.waitFor();
  expect(await notApplied.textContent()).toContain(
    'all-in-one/no-shared-server-group: no approvedBy',
  );

  const ranker = await openCard('component', 'search-ranker-a-server');
  await ranker.getByText(/^Waived until 2028-12-31: /).waitFor();
});
