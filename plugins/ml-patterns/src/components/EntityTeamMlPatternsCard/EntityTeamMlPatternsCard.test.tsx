import { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import {
  backendError,
  BASE_URL,
  history,
  recsysEntities,
  scorecardRows,
  teamEntity,
} from '../../__testUtils__/fixtures';
import { EntityTeamMlPatternsCard } from './EntityTeamMlPatternsCard';

const server = setupServer();
registerMswTestHooks(server);

function serve(options: {
  entities?: typeof recsysEntities;
  entitiesStatus?: number;
}) {
  server.use(
    http.get(`${BASE_URL}/v1/scorecards`, ({ request }) =>
      HttpResponse.json({
        groupBy: new URL(request.url).searchParams.get('groupBy'),
        rows: scorecardRows,
      }),
    ),
    http.get(`${BASE_URL}/v1/scorecards/:groupRef/entities`, ({ params }) =>
      options.entitiesStatus
        ? HttpResponse.json(
            backendError(
              options.entitiesStatus,
              'NotFoundError',
              'unknown group',
            ),
            {
              status: options.entitiesStatus,
            },
          )
        : HttpResponse.json({
            groupRef: params.groupRef,
            entities: options.entities ?? [],
          }),
    ),
    http.get(`${BASE_URL}/v1/scorecards/:groupRef/history`, ({ params }) =>
      HttpResponse.json({
        groupRef: params.groupRef,
        snapshots: history([55, 50, 48]),
      }),
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
    expect(
      screen.getByRole('img', { name: 'Grades: B 1, D 2, ungraded 1' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('img', {
        name: 'Mean score over the last 30 days: from 55 to 48',
      }),
    ).toBeInTheDocument();
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
    serve({ entitiesStatus: 404 });
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
      http.get(`${BASE_URL}/v1/scorecards`, () =>
        HttpResponse.json(backendError(500, 'Error', 'catalog unavailable'), {
          status: 500,
        }),
      ),
      http.get(`${BASE_URL}/v1/scorecards/:groupRef/entities`, () =>
        HttpResponse.json({ entities: [] }),
      ),
    );
    await renderCard(teamEntity);
    expect(
      await screen.findByText(/Request failed with 500 Internal Server Error/),
    ).toBeInTheDocument();
  });
});
