import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createTestClient } from '../__testUtils__/apis';
import {
  backendError,
  BASE_URL,
  servingReport,
} from '../__testUtils__/fixtures';

describe('MlPatternsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('fetches an entity report from the kind/namespace/name route', async () => {
    server.use(
      http.get(
        `${BASE_URL}/v1/entities/component/default/recommender-all-in-one/report`,
        () => HttpResponse.json(servingReport),
      ),
    );
    const response = await createTestClient().getEntityReport(
      'component:default/recommender-all-in-one',
    );
    expect(response.report.score).toBe(52);
  });

  it('URL-encodes group refs and passes only the filters that are set', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE_URL}/v1/scorecards`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json({ groupBy: 'owner', rows: [] });
      }),
      http.get(
        `${BASE_URL}/v1/scorecards/:groupRef/history`,
        ({ request, params }) => {
          seen.push(`${params.groupRef} ${new URL(request.url).search}`);
          return HttpResponse.json({
            groupRef: params.groupRef,
            snapshots: [],
          });
        },
      ),
    );
    const client = createTestClient();
    await client.getScorecards({
      groupBy: 'owner',
      kind: 'resource',
      type: ' ',
      system: '',
    });
    await client.getScorecardHistory('group:default/recsys-team');
    expect(seen).toEqual([
      '?groupBy=owner&kind=resource',
      'group:default/recsys-team ?days=30',
    ]);
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      http.get(`${BASE_URL}/v1/rules`, () =>
        HttpResponse.json(backendError(500, 'Error', 'database is down'), {
          status: 500,
        }),
      ),
    );
    const error = await createTestClient()
      .getRules()
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(500);
    expect(error.cause.message).toBe('database is down');
  });
});
