import { Page } from 'playwright-core';
import { BASE_URL, TOKEN } from './exampleApp';
import {
  docsScreenshot,
  keepTestScreenshot,
  openAsGuest,
} from './__testUtils__/browserSession';
import {
  closeExampleApp,
  ExampleAppSession,
  openExampleApp,
} from './__testUtils__/exampleAppSession';

/**
 * Waivers as a user sees them: the waivers tab of the ml-patterns page and
 * the entity cards, on the real backend (SQLite in memory, the example
 * catalog with an active, an expired and an invalid waiver), the built app,
 * Debian's Chromium.
 */

jest.setTimeout(300_000);

let app: ExampleAppSession | undefined;
let page: Page;

beforeAll(async () => {
  app = await openExampleApp({ width: 1440, height: 900 });
  page = app.page;
});

afterEach(() => keepTestScreenshot(page));

afterAll(() => closeExampleApp(app));

/** Opens a page of the app, signing in as guest when asked. */
async function open(pathAndQuery: string, ready: () => Promise<unknown>) {
  await openAsGuest(page, `${BASE_URL}${pathAndQuery}`, ready);
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
  // Room for every row: the app scrolls inside its layout.
  await docsScreenshot('waivers-page.png', page, {
    page,
    width: 1440,
    height: 800,
  });

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
