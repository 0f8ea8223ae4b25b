import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import path from 'node:path';
import request from 'supertest';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleMlPatterns from './index';

jest.setTimeout(120_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** The example ML organisation's verdicts, as the README documents them. */
const EXPECTED = {
  allInOneDetected: [
    'component:default/recsys-serving',
    'component:default/search-ranker-a-server',
    'component:default/search-ranker-b-server',
    'resource:default/ctr-model',
    'resource:default/embedding-model',
    'resource:default/ranking-model',
    'resource:default/search-ranker-a-model',
    'resource:default/search-ranker-b-model',
  ],
  onlyMeDetected: [
    'component:default/pricing-notebooks',
    'resource:default/churn-model',
  ],
  modelLoad: [
    'component:default/image-classifier-server',
    'component:default/search-ranker-a-server',
    'component:default/search-ranker-b-server',
  ],
  modelInImage: [
    'component:default/object-detector-server',
    'component:default/recsys-serving',
  ],
};

async function query(server: any, filter: string): Promise<string[]> {
  const res = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({ filter, limit: 500 })
    .set('authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return (res.body.items as Entity[])
    .map(e =>
      `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLocaleLowerCase(
        'en-US',
      ),
    )
    .sort();
}

describe('catalogModuleMlPatterns with the real catalog backend', () => {
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleMlPatterns,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: path.join(EXAMPLES, 'all.yaml') },
              ],
              processingInterval: { seconds: 1 },
            },
            mlPatterns: { localRoots: [EXAMPLES] },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();

    // Cross-entity facts (who serves a model, who shares a server group)
    // settle once relations are stitched: wait until the verdicts are stable.
    let previous = '';
    for (let attempt = 0; attempt < 60; attempt++) {
      const now = JSON.stringify([
        await query(
          server,
          'metadata.annotations.ml-patterns.io/all-in-one=detected',
        ),
        await query(
          server,
          'metadata.annotations.ml-patterns.io/only-me=detected',
        ),
        await query(
          server,
          'metadata.annotations.ml-patterns.io/role=serving-unit',
        ),
      ]);
      if (
        now === previous &&
        now.includes('recsys-serving') &&
        now.includes('ranking-model')
      )
        break;
      previous = now;
      await new Promise(r => setTimeout(r, 2000));
    }
  });

  afterAll(async () => {
    await stop?.();
  });

  it('finds exactly the All-in-one entities', async () => {
    expect(
      await query(
        server,
        'metadata.annotations.ml-patterns.io/all-in-one=detected',
      ),
    ).toEqual(EXPECTED.allInOneDetected);
  });

  it('finds exactly the Only-me entities', async () => {
    expect(
      await query(
        server,
        'metadata.annotations.ml-patterns.io/only-me=detected',
      ),
    ).toEqual(EXPECTED.onlyMeDetected);
  });

  it('finds the release patterns', async () => {
    expect(
      await query(
        server,
        'metadata.annotations.ml-patterns.io/release-pattern=model-load',
      ),
    ).toEqual(EXPECTED.modelLoad);
    expect(
      await query(
        server,
        'metadata.annotations.ml-patterns.io/release-pattern=model-in-image',
      ),
    ).toEqual(EXPECTED.modelInImage);
  });

  it('grades the exemplary service A and the Only-me model F', async () => {
    expect(
      await query(
        server,
        'kind=component,metadata.annotations.ml-patterns.io/grade=a',
      ),
    ).toContain('component:default/image-classifier-server');
    expect(
      await query(server, 'metadata.annotations.ml-patterns.io/grade=f'),
    ).toContain('resource:default/churn-model');
  });

  it('leaves entities out of scope unstamped', async () => {
    const stamped = await query(
      server,
      'metadata.annotations.ml-patterns.io/role',
    );
    expect(stamped).not.toContain('group:default/recsys-team');
    expect(stamped).not.toContain('user:default/ivan');
    expect(stamped).not.toContain('resource:default/clickstream-dataset');
  });
});
