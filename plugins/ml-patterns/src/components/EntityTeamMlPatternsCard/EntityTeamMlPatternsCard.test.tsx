import { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import {
  backendError,
  history,
  recsysEntities,
  scorecardRows,
  teamEntity,
} from '../../__testUtils__/fixtures';
import { recsysRuleChanges } from '../../__testUtils__/historyFixtures';
import { specHttp } from '../../__testUtils__/specHttp';
import { EntityTeamMlPatternsCard } from './EntityTeamMlPatternsCard';

const server = setupServer();
registerMswTestHooks(server);

/** The backend: the scorecard rows, and these entities for any group. */
function serve(options: { entities?: typeof recsysEntities }) {
  server.use(
    specHttp.get('/v1/scorecards', ({ query, response }) =>
      response(200).json({
        groupBy: query.get('groupBy') ?? 'owner',
        rows: scorecardRows,
      }),
    ),
    specHttp.get('/v1/scorecards/{groupRef}/entities', ({ params, response }) =>
      response(200).json({
        groupRef: params.groupRef,
        entities: options.entities ?? [],
      }),
    ),
    specHttp.get('/v1/scorecards/{groupRef}/history', ({ params, response }) =>
      response(200).json({
        groupRef: params.groupRef,
        snapshots: history([55, 50, 48]),
      }),
    ),
    specHttp.get(
      '/v1/scorecards/{groupRef}/rule-changes',
      ({ params, response }) =>
        response(200).json({ ...recsysRuleChanges, groupRef: params.groupRef }),
    ),
  );
}

async function renderCard(entity: Entity) {
  return renderInTestApp(
    <TestApis>
      <EntityProvider entity={entity}>
        <EntityTeamMlPatternsCard />
      </EntityProvider>
    </TestApis>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function figure(label: string) {
  return screen.getByText(label).nextElementSibling?.textContent;
}

describe('EntityTeamMlPatternsCard', () => {
  it("shows the team's figures, grades, trend and worst entities", async () => {
    serve({ entities: recsysEntities });
    await renderCard(teamEntity);
    await screen.findByText('Entities in scope');
    expect(figure('Entities in scope')).toBe('4');
    expect(figure('Mean score')).toContain('48');
    expect(figure('All-in-one')).toBe('2');
    expect(figure('Only-me')).toBe('0');
    expect(figure('Coverage')).toBe('75%');
    expect(figure('Waived checks')).toBe('1');
    expect(
      screen.getByRole('img', { name: 'Grades: B 1, D 2, ungraded 1' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('img', {
        name: 'Mean score over the last 30 days: from 55 to 48',
      }),
    ).toBeInTheDocument();
    // Which rules regressed and improved, from the rule-changes endpoint.
    expect(
      within(await screen.findByRole('list', { name: 'Regressed' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['Changes are reviewed0 → 2 entities']);
    expect(screen.getByRole('list', { name: 'Improved' })).toBeInTheDocument();
    expect(screen.getByText('−7')).toBeInTheDocument();

    const worst = screen.getByRole('list', { name: 'Worst entities' });
    const links = within(worst).getAllByRole('link');
    expect(links.map(link => link.textContent)).toEqual([
      'search-server',
      'recommender-all-in-one',
      'Ranker model',
      'ranker-training',
    ]);
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/search-server',
    );
  });

  it('says when the team owns nothing in scope', async () => {
    // The backend's answer for a group with nothing in scope: no row, and an
    // empty entity list.
    serve({});
    await renderCard({
      ...teamEntity,
      metadata: { ...teamEntity.metadata, name: 'web-team' },
    });
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
      specHttp.get(
        '/v1/scorecards/{groupRef}/entities',
        ({ params, response }) =>
          response(200).json({ groupRef: params.groupRef, entities: [] }),
      ),
    );
    await renderCard(teamEntity);
    expect(
      await screen.findByText(/Request failed with 500 Internal Server Error/),
    ).toBeInTheDocument();
  });
});
