import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { TestApis } from '../../__testUtils__/apis';
import { backendError } from '../../__testUtils__/fixtures';
import { servingEntityHistory } from '../../__testUtils__/historyFixtures';
import { namesEntity, specHttp } from '../../__testUtils__/specHttp';
import { EntityScoreTrend } from './EntityScoreTrend';

const server = setupServer();
registerMswTestHooks(server);

const ENTITY = 'component:default/recommender-all-in-one';

describe('EntityScoreTrend', () => {
  it("draws the entity's scored days, first to last", async () => {
    const asked: string[] = [];
    server.use(
      specHttp.get(
        '/v1/entities/{kind}/{namespace}/{name}/history',
        ({ params, request, response }) => {
          if (!namesEntity(params, ENTITY)) return undefined;
          asked.push(new URL(request.url).searchParams.get('days') ?? '');
          return response(200).json({
            entityRef: ENTITY,
            days: servingEntityHistory,
          });
        },
      ),
    );
    await renderInTestApp(
      <TestApis>
        <EntityScoreTrend entityRef={ENTITY} />
      </TestApis>,
    );
    // The two unscored days are no points: 38 (E) to 52 (D).
    expect(
      await screen.findByRole('img', {
        name: 'Score over the last 90 days: from 38 (E) on 2026-09-01 to 52 (D) on 2026-11-10',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('38 → 52 (+14)')).toBeInTheDocument();
    expect(asked).toEqual(['90']);
  });

  it('waits for a second scored day before drawing a line', async () => {
    server.use(
      specHttp.get(
        '/v1/entities/{kind}/{namespace}/{name}/history',
        ({ response }) =>
          response(200).json({
            entityRef: ENTITY,
            days: servingEntityHistory.slice(2, 5),
          }),
      ),
    );
    await renderInTestApp(
      <TestApis>
        <EntityScoreTrend entityRef={ENTITY} />
      </TestApis>,
    );
    expect(
      await screen.findByText(
        'The score trend shows once the entity has been scored on two days.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('says the trend is unavailable when the backend fails', async () => {
    server.use(
      specHttp.get(
        '/v1/entities/{kind}/{namespace}/{name}/history',
        ({ response }) =>
          response('default').json(
            backendError(500, 'Error', 'database down'),
            {
              status: 500,
            },
          ),
      ),
    );
    await renderInTestApp(
      <TestApis>
        <EntityScoreTrend entityRef={ENTITY} />
      </TestApis>,
    );
    expect(
      await screen.findByText('Score trend unavailable'),
    ).toBeInTheDocument();
  });
});
