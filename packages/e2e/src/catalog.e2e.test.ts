import { Page } from 'playwright-core';
import { BASE_URL, stampedGrades } from './exampleApp';
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
 * The catalog index page with the ml-patterns grade column and filters:
 * the real backend (SQLite in memory, the example catalog), the built app,
 * Debian's Chromium.
 */

jest.setTimeout(300_000);

const ALL_IN_ONE = 'metadata.annotations.ml-patterns.io/all-in-one=detected';

let app: ExampleAppSession | undefined;
let page: Page;

beforeAll(async () => {
  app = await openExampleApp({ width: 1600, height: 1000 });
  page = app.page;
});

afterEach(() => keepTestScreenshot(page));

afterAll(() => closeExampleApp(app));

/** Opens a catalog URL, signing in as guest when asked. */
async function openCatalog(query: string) {
  await openAsGuest(page, `${BASE_URL}/catalog?${query}`, () =>
    page.getByRole('columnheader', { name: 'ML grade' }).waitFor(),
  );
}

/**
 * `[name, grade]` of the rows the catalog table lists, by name: the name
 * from the row's link to its entity page, the grade from its grade chip
 * (null when the row says "not scored").
 */
async function listedRows(kind: string) {
  const rows = page.locator('table tbody tr').filter({
    has: page.locator(`a[href^="/catalog/default/${kind}/"]`),
  });
  const listed: Array<[string, string | null]> = [];
  for (const row of await rows.all()) {
    const href = await row
      .locator(`a[href^="/catalog/default/${kind}/"]`)
      .first()
      .getAttribute('href');
    const chip = row.getByRole('img', { name: /^Grade [A-F]$/ });
    const grade = (await chip.count())
      ? (await chip.first().getAttribute('aria-label'))!.slice(-1).toLowerCase()
      : null;
    listed.push([href!.split('/').pop()!, grade]);
  }
  return listed.sort(([a], [b]) => a.localeCompare(b));
}

/** The listed rows once they equal `expected` (or after 60 s, as they are). */
async function rowsSettledOn(
  kind: string,
  expected: Array<[string, string | null]>,
) {
  const deadline = Date.now() + 60_000;
  let listed = await listedRows(kind);
  while (
    JSON.stringify(listed) !== JSON.stringify(expected) &&
    Date.now() < deadline
  ) {
    await page.waitForTimeout(500);
    listed = await listedRows(kind);
  }
  return listed;
}

it('filters the catalog to "All-in-one detected": exactly the All-in-one components, with their grades', async () => {
  const allInOne = await stampedGrades(`kind=component,${ALL_IN_ONE}`);
  const components = await stampedGrades('kind=component');
  expect(allInOne.length).toBeGreaterThan(0);
  expect(allInOne.length).toBeLessThan(components.length);

  await openCatalog('filters[kind]=component&filters[user]=all');
  // Every component first, with its grade or "not scored".
  expect(await rowsSettledOn('component', components)).toEqual(components);

  await page
    .getByRole('textbox', { name: 'ML anti-patterns', exact: true })
    .click();
  await page.getByRole('option', { name: 'All-in-one detected' }).click();
  await page.keyboard.press('Escape');
  expect(await rowsSettledOn('component', allInOne)).toEqual(allInOne);

  // The filter is in the address, so the filtered list can be linked to.
  expect(
    new URL(page.url()).searchParams.getAll('filters[mlPatternsAntiPattern]'),
  ).toEqual(['all-in-one']);
  await page.evaluate(() => window.scrollTo(0, 0));
  // Tall enough for every filter: a full-page shot would misplace the fixed
  // sidebar.
  await docsScreenshot('catalog-filter.png', page, {
    page,
    width: 1600,
    height: 1300,
  });
});

it('opens the catalog filtered from a link: the All-in-one resources of one grade', async () => {
  const allInOne = await stampedGrades(`kind=resource,${ALL_IN_ONE}`);
  const grade = allInOne.find(([, g]) => g !== null)?.[1];
  expect(grade).toMatch(/^[a-f]$/);
  const expected = allInOne.filter(([, g]) => g === grade);
  await openCatalog(
    [
      'filters[kind]=resource',
      'filters[user]=all',
      'filters[mlPatternsAntiPattern]=all-in-one',
      `filters[mlPatternsGrade]=${grade!.toUpperCase()}`,
    ].join('&'),
  );
  expect(await rowsSettledOn('resource', expected)).toEqual(expected);
  await page
    .getByRole('button', { name: 'All-in-one', exact: true })
    .first()
    .waitFor();
});
