import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { setupServer } from 'msw/node';
import { createTestClient } from '../__testUtils__/apis';
import {
  backendError,
  servingReport,
  waiverList,
} from '../__testUtils__/fixtures';
import { specHttp } from '../__testUtils__/specHttp';

describe('MlPatternsClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('fetches an entity report from the kind/namespace/name route', async () => {
    const seen: unknown[] = [];
    server.use(
      specHttp.get(
        '/v1/entities/{kind}/{namespace}/{name}/report',
        ({ params, response }) => {
          seen.push(params);
          return response(200).json(servingReport);
        },
      ),
    );
    const response = await createTestClient().getEntityReport(
      'component:default/recommender-all-in-one',
    );
    expect(response.report.score).toBe(52);
    expect(seen).toEqual([
      {
        kind: 'component',
        namespace: 'default',
        name: 'recommender-all-in-one',
      },
    ]);
  });

  it('URL-encodes group refs and passes only the filters that are set', async () => {
    const seen: string[] = [];
    server.use(
      specHttp.get('/v1/scorecards', ({ request, response }) => {
        seen.push(new URL(request.url).search);
        return response(200).json({ groupBy: 'owner', rows: [] });
      }),
      specHttp.get(
        '/v1/scorecards/{groupRef}/history',
        ({ request, params, response }) => {
          seen.push(`${params.groupRef} ${new URL(request.url).search}`);
          return response(200).json({
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

  it('asks for the waivers with only the filters that are set', async () => {
    const seen: string[] = [];
    server.use(
      specHttp.get('/v1/waivers', ({ request, response }) => {
        seen.push(new URL(request.url).search);
        return response(200).json(waiverList);
      }),
    );
    const client = createTestClient();
    expect((await client.getWaivers()).counts).toEqual(waiverList.counts);
    await client.getWaivers({ state: 'expired', owner: ' ' });
    await client.getWaivers({ owner: 'group:default/recsys-team' });
    expect(seen).toEqual([
      '',
      '?state=expired',
      '?owner=group%3Adefault%2Frecsys-team',
    ]);
  });

  it('throws a ResponseError carrying the backend error', async () => {
    server.use(
      specHttp.get('/v1/rules', ({ response }) =>
        response('default').json(
          backendError(500, 'Error', 'database is down'),
          { status: 500 },
        ),
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
