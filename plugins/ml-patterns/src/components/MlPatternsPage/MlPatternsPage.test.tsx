import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ScorecardRow } from '@ml-patterns/plugin-ml-patterns-common';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import {
  backendError,
  history,
  recsysEntities,
  scorecardRows,
} from '../../__testUtils__/fixtures';
import { specHttp } from '../../__testUtils__/specHttp';
import { MlPatternsPage } from './MlPatternsPage';

// material-table re-renders on every keystroke; on two shared cores a
// test that types into three filters needs more than the default 5 s.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

/** Every scorecard query the page sent, as URL search strings. */
let queries: URLSearchParams[];

function serveScorecards(rowsFor: (query: URLSearchParams) => ScorecardRow[]) {
  server.use(
    specHttp.get('/v1/scorecards', ({ request, query, response }) => {
      const search = new URL(request.url).searchParams;
      queries.push(search);
      return response(200).json({
        groupBy: query.get('groupBy') ?? 'owner',
        rows: rowsFor(search),
      });
    }),
  );
}

beforeEach(() => {
  queries = [];
  server.use(
    specHttp.get('/v1/scorecards/{groupRef}/history', ({ params, response }) =>
      response(200).json({
        groupRef: params.groupRef,
        snapshots:
          params.groupRef === 'group:default/recsys-team'
            ? history([40, null, 45, 48])
            : [],
      }),
    ),
  );
});

async function renderPage() {
  return renderInTestApp(
    <TestApis>
      <MlPatternsPage />
    </TestApis>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Group names of the scorecard table, top to bottom. */
function groupColumn() {
  return screen
    .getAllByRole('button', { name: /^Show the entities of/ })
    .map(button => button.textContent);
}

/** The clickable sort label of a column header. */
function sortLabel(name: RegExp): HTMLElement {
  // The first button in a header is its sort label.
  return within(screen.getByRole('columnheader', { name })).getAllByRole(
    'button',
  )[0];
}

function rowOf(name: string): HTMLElement {
  return screen
    .getByRole('button', { name: `Show the entities of ${name}` })
    .closest('tr')!;
}

describe('MlPatternsPage', () => {
  it('shows one row per team with its figures and trend', async () => {
    serveScorecards(() => scorecardRows);
    await renderPage();
    await screen.findByRole('button', {
      name: 'Show the entities of recsys-team',
    });
    const row = rowOf('recsys-team');
    expect(within(row).getByText('48')).toBeInTheDocument();
    expect(
      within(row).getByRole('img', { name: 'Grade D' }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('img', { name: 'Grades: B 1, D 2, ungraded 1' }),
    ).toBeInTheDocument();
    expect(within(row).getByText('75%')).toBeInTheDocument();
    expect(
      await within(row).findByRole('img', {
        name: 'Mean score over the last 30 days: from 40 to 48',
      }),
    ).toBeInTheDocument();
    expect(within(row).getByText('+8')).toBeInTheDocument();
    expect(
      await within(rowOf('vision-team')).findByText('No history yet'),
    ).toBeInTheDocument();
    expect(queries[0].get('groupBy')).toBe('owner');
  });

  it('sorts by mean score and by detections', async () => {
    serveScorecards(() => scorecardRows);
    await renderPage();
    await screen.findByRole('button', {
      name: 'Show the entities of recsys-team',
    });
    expect(groupColumn()).toEqual(['recsys-team', 'vision-team', 'research']);

    await userEvent.click(sortLabel(/Mean score/));
    await waitFor(() =>
      expect(groupColumn()).toEqual(['research', 'recsys-team', 'vision-team']),
    );
    await userEvent.click(sortLabel(/Mean score/));
    await waitFor(() =>
      expect(groupColumn()).toEqual(['vision-team', 'recsys-team', 'research']),
    );

    // The table keeps the current direction (descending) for a new column.
    await userEvent.click(sortLabel(/Only-me/));
    await waitFor(() => expect(groupColumn()[0]).toBe('research'));
    await userEvent.click(sortLabel(/Only-me/));
    await waitFor(() => expect(groupColumn()[2]).toBe('research'));

    // Waived checks per team: vision-team 0, recsys-team 1, research 2
    // (ascending, the direction the last click left).
    await userEvent.click(sortLabel(/Waived checks/));
    await waitFor(() =>
      expect(groupColumn()).toEqual(['vision-team', 'recsys-team', 'research']),
    );
  });

  it('filters by kind, type and system through the API', async () => {
    serveScorecards(query =>
      query.get('kind') === 'resource' ? [scorecardRows[1]] : scorecardRows,
    );
    await renderPage();
    await screen.findByRole('button', {
      name: 'Show the entities of research',
    });

    await userEvent.click(screen.getByRole('button', { name: /^Kind/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Resource' }),
    );
    await waitFor(() => expect(groupColumn()).toEqual(['vision-team']));

    await userEvent.type(screen.getByLabelText('Type'), 'ml-model');
    await userEvent.type(screen.getByLabelText('System'), 'recommendations');
    await waitFor(() => {
      const last = queries[queries.length - 1];
      expect(last.get('type')).toBe('ml-model');
      expect(last.get('system')).toBe('recommendations');
      expect(last.get('kind')).toBe('resource');
    });
  });

  it('switches the grouping to systems', async () => {
    serveScorecards(query =>
      query.get('groupBy') === 'system'
        ? [{ ...scorecardRows[0], groupRef: 'system:default/recommendations' }]
        : scorecardRows,
    );
    await renderPage();
    await screen.findByRole('button', {
      name: 'Show the entities of research',
    });

    await userEvent.click(screen.getByRole('button', { name: /^Group by/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'System' }),
    );
    expect(
      await screen.findByRole('button', {
        name: 'Show the entities of recommendations',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: /^System/ }),
    ).toBeInTheDocument();
  });

  it('drills down from a team to its entities, worst first, linked to their pages', async () => {
    serveScorecards(() => scorecardRows);
    server.use(
      specHttp.get(
        '/v1/scorecards/{groupRef}/entities',
        ({ params, response }) =>
          response(200).json({
            groupRef: params.groupRef,
            entities: recsysEntities,
          }),
      ),
    );
    await renderPage();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show the entities of recsys-team',
      }),
    );
    const panel = await screen.findByRole('region', {
      name: 'Entities of recsys-team',
    });
    const links = await within(panel).findAllByRole('link', {
      name: /search-server|recommender-all-in-one|Ranker model|ranker-training/,
    });
    expect(links.map(link => link.textContent)).toEqual([
      'search-server',
      'recommender-all-in-one',
      'Ranker model',
      'ranker-training',
    ]);
    expect(links[1]).toHaveAttribute(
      'href',
      '/catalog/default/component/recommender-all-in-one',
    );
    const worst = links[0].closest('tr')!;
    expect(
      within(worst).getByText('No server group shared between models'),
    ).toBeInTheDocument();
    expect(
      within(worst).getByText('Not ready until the model is loaded'),
    ).toBeInTheDocument();
    expect(
      within(worst).getByRole('img', { name: 'Grade E' }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(panel).getByRole('button', { name: 'Close the entity list' }),
    );
    expect(
      screen.queryByText('Entities of recsys-team'),
    ).not.toBeInTheDocument();
  });

  it("passes the dashboard's filters on to the drill-down", async () => {
    serveScorecards(() => scorecardRows);
    const asked: string[] = [];
    server.use(
      specHttp.get(
        '/v1/scorecards/{groupRef}/entities',
        ({ params, request, response }) => {
          asked.push(new URL(request.url).search);
          return response(200).json({
            groupRef: params.groupRef,
            entities: [],
          });
        },
      ),
    );
    await renderPage();
    await userEvent.type(screen.getByLabelText('System'), 'recommendations');
    await waitFor(() =>
      expect(queries[queries.length - 1].get('system')).toBe('recommendations'),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show the entities of recsys-team',
      }),
    );
    expect(
      await screen.findByText(
        'recsys-team has no ML entities in scope that match the filters.',
      ),
    ).toBeInTheDocument();
    expect(asked).toEqual(['?system=recommendations']);
  });

  it('says when a team has no entities in scope', async () => {
    serveScorecards(() => scorecardRows);
    server.use(
      specHttp.get(
        '/v1/scorecards/{groupRef}/entities',
        ({ params, response }) =>
          response(200).json({ groupRef: params.groupRef, entities: [] }),
      ),
    );
    await renderPage();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Show the entities of vision-team',
      }),
    );
    expect(
      await screen.findByText('vision-team has no ML entities in scope.'),
    ).toBeInTheDocument();
  });

  it('shows an empty state when nothing is in scope', async () => {
    serveScorecards(() => []);
    await renderPage();
    expect(
      await screen.findByText('No ML entities in scope'),
    ).toBeInTheDocument();
  });

  it('shows the API error', async () => {
    server.use(
      specHttp.get('/v1/scorecards', ({ response }) =>
        response('default').json(
          backendError(500, 'Error', 'catalog unavailable'),
          { status: 500 },
        ),
      ),
    );
    await renderPage();
    expect(
      await screen.findByText(/Request failed with 500 Internal Server Error/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/catalog unavailable/).length).toBeGreaterThan(
      0,
    );
  });
});
