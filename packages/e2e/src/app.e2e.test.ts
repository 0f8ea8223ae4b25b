import { Page } from 'playwright-core';
import { BASE_URL, catalogQuery, ownerScorecard, TOKEN } from './exampleApp';
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
 * The mission as a user sees it: the real backend (SQLite in memory, the
 * example catalog), the built app, Debian's Chromium.
 */

jest.setTimeout(300_000);

let app: ExampleAppSession | undefined;
let page: Page;

beforeAll(async () => {
  app = await openExampleApp({ width: 1440, height: 1000 });
  page = app.page;
  await openPage(BASE_URL);
});

/** Opens a page of the app, signed in as guest, once its sidebar shows. */
async function openPage(url: string) {
  await openAsGuest(page, url, () =>
    page.getByRole('link', { name: 'ML anti-patterns' }).first().waitFor(),
  );
}

afterEach(() => keepTestScreenshot(page));

afterAll(() => closeExampleApp(app));

async function openEntity(kind: string, name: string) {
  await openPage(`${BASE_URL}/catalog/default/${kind}/${name}`);
  // The card, once its report has arrived ("Evaluated …" closes it).
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'ML anti-patterns' })
    .filter({ hasText: 'Evaluated' })
    .last();
  await card.waitFor({ timeout: 60_000 });
  return card;
}

it('shows All-in-one detected on the example All-in-one service, with the failing check and its evidence', async () => {
  const card = await openEntity('component', 'recsys-serving');
  await card.getByText('All-in-one: detected').first().waitFor();
  await card
    .getByText(/^Grade [A-F]$/)
    .first()
    .waitFor();
  await card
    .getByText('One inference model per serving process')
    .first()
    .waitFor();
  // The evidence names the line of the repository that loads the models,
  // as a link. Sources on GitHub, GitLab, … link to the SCM; the example
  // repositories are local folders, so the link opens the plugin's
  // source-file page, with the line marked.
  const evidence = card
    .getByRole('link', { name: /app\/main\.py:\d+/ })
    .first();
  await evidence.waitFor();
  const location = (await evidence.textContent()) ?? '';
  expect(location).toMatch(/app\/main\.py:(8|9|10)$/);
  const line = location.split(':').pop();
  await docsScreenshot('entity-card.png', card);
  await evidence.click();
  await page.waitForURL(
    /\/ml-patterns\/source\/component\/default\/recsys-serving\?/,
  );
  const source = page.getByRole('table', { name: 'Source of app/main.py' });
  await source.waitFor();
  const marked = source.locator('tr[aria-current]');
  expect(await marked.count()).toBe(1);
  expect(await marked.getAttribute('id')).toBe(`L${line}`);
  // The marked line is the one that loads the models.
  expect(await marked.textContent()).toMatch(/load|MODEL/i);
  await docsScreenshot('source-file.png', page);
});

it('shows no failed checks on the exemplary entity', async () => {
  const card = await openEntity('component', 'image-classifier-server');
  await card.getByText('Grade A').first().waitFor();
  // Failed checks are listed under "To fix (N)": there is no such list.
  expect(await card.getByText(/^To fix/).count()).toBe(0);
});

it('lists the three example teams on the dashboard and drills down to an entity page', async () => {
  await openPage(`${BASE_URL}/ml-patterns`);
  for (const team of ['recsys-team', 'vision-team', 'ml-platform-team']) {
    await page.getByText(team).first().waitFor({ timeout: 60_000 });
  }
  // Each team's row shows the entity count the REST API computes.
  const shownCounts = async (expected: Array<[string, number]>) => {
    const shown: Array<[string, number]> = [];
    for (const [name, count] of expected) {
      const row = page.getByRole('row').filter({
        has: page.getByRole('button', { name: `Show the entities of ${name}` }),
      });
      await row.waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      shown.push([name, cells.includes(String(count)) ? count : -1]);
    }
    return shown;
  };
  const all = await ownerScorecard();
  expect(all.map(([name]) => name)).toEqual(
    expect.arrayContaining(['ml-platform-team', 'recsys-team', 'vision-team']),
  );
  expect(await shownCounts(all)).toEqual(all);
  expect(
    await page.getByRole('button', { name: /^Show the entities of/ }).count(),
  ).toBe(all.length);
  await docsScreenshot('scorecards-page.png', page);

  // The System filter narrows the rows to the owners of that system's entities.
  await page.getByLabel('System').fill('recommendations');
  const inSystem = await ownerScorecard({ system: 'recommendations' });
  expect(inSystem.length).toBeGreaterThan(0);
  expect(inSystem.length).toBeLessThan(all.length);
  await page
    .getByRole('button', { name: /^Show the entities of/ })
    .nth(inSystem.length)
    .waitFor({ state: 'detached' });
  expect(await shownCounts(inSystem)).toEqual(inSystem);
  await page.getByLabel('System').fill('');
  await page
    .getByRole('button', { name: /^Show the entities of/ })
    .nth(all.length - 1)
    .waitFor();

  await page.getByText('recsys-team').first().click();
  // The drill-down lists the team's entities by title.
  const link = page
    .getByRole('link', { name: 'Recommendations server' })
    .first();
  await link.waitFor();
  await link.click();
  await page.waitForURL(/\/catalog\/default\/component\/recsys-serving/);
  // The entity page shows its card (the sidebar says "ML anti-patterns" too).
  await page.getByText('All-in-one: detected').first().waitFor();
  expect(new URL(page.url()).pathname).toBe(
    '/catalog/default/component/recsys-serving',
  );
});

it('the catalog API query from the README returns the entities the UI shows as All-in-one', async () => {
  const fromApi = await catalogQuery(
    'metadata.annotations.ml-patterns.io/all-in-one=detected',
  );
  expect(fromApi.length).toBeGreaterThan(0);
  for (const name of fromApi) {
    const kind = name.endsWith('-model') ? 'resource' : 'component';
    const card = await openEntity(kind, name);
    await card.getByText('All-in-one: detected').first().waitFor();
  }
  const clear = await openEntity('component', 'image-classifier-server');
  await clear.getByText('All-in-one: clear').first().waitFor();
  expect(await clear.getByText('All-in-one: detected').count()).toBe(0);
});

it('shows the team card on a Group page', async () => {
  await openPage(`${BASE_URL}/catalog/default/group/recsys-team`);
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'ML anti-patterns' })
    .filter({ hasText: 'Worst entities' })
    .last();
  await card.waitFor({ timeout: 60_000 });
  // The Only-me notebooks are among the team's worst entities.
  await card.getByRole('link', { name: 'Dynamic pricing notebooks' }).waitFor();
  expect(await card.getByText('Only-me').count()).toBeGreaterThan(0);
  await docsScreenshot('team-card.png', card);
});

it('lists on the rules tab every rule the API serves', async () => {
  const res = await fetch(`${BASE_URL}/api/ml-patterns/v1/rules`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.ok).toBe(true);
  const { rules } = (await res.json()) as {
    rules: Array<{ id: string; title: string }>;
  };
  expect(rules.length).toBeGreaterThan(0);
  await openPage(`${BASE_URL}/ml-patterns/rules`);
  await page
    .getByText(rules[0].id, { exact: true })
    .waitFor({ timeout: 60_000 });
  const shown: string[] = [];
  for (const rule of rules) {
    const row = page.getByRole('row').filter({
      has: page.getByText(rule.id, { exact: true }),
    });
    if ((await row.count()) === 1 && (await row.getByText(rule.title).count()))
      shown.push(rule.id);
  }
  expect(shown).toEqual(rules.map(rule => rule.id));
  expect(
    await page
      .getByRole('tab', { name: 'Rules' })
      .getAttribute('aria-selected'),
  ).toBe('true');
});
