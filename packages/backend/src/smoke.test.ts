import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { apiFeatures } from './features';

jest.setTimeout(120_000);

const BACKEND_DIR = path.resolve(__dirname, '..');

/**
 * The real app-config.yaml, with the paths it gives relative to the
 * backend's working directory made absolute (jest runs from elsewhere).
 */
function appConfig() {
  const config = parse(
    fs.readFileSync(path.resolve(BACKEND_DIR, '../../app-config.yaml'), 'utf8'),
  );
  config.catalog.locations = config.catalog.locations.map((l: any) => ({
    ...l,
    target: path.resolve(BACKEND_DIR, l.target),
  }));
  config.mlPatterns.localRoots = config.mlPatterns.localRoots.map(
    (root: string) => path.resolve(BACKEND_DIR, root),
  );
  config.catalog.processingInterval = { seconds: 1 };
  return config;
}

describe('example backend', () => {
  it('boots with the real wiring and loads the example ML organisation', async () => {
    const backend = await startTestBackend({
      features: [
        ...apiFeatures,
        mockServices.rootConfig.factory({ data: appConfig() }),
      ],
    });
    try {
      // Entities whose scope depends on others (a `service` is scored once
      // the models it depends on are in the catalog) are stamped a cycle
      // later: wait for all of them.
      const expected = [
        'churn-model',
        'image-classifier-server',
        'object-detector-server',
        'pricing-notebooks',
        'recsys-serving',
        'recsys-training',
        'search-ranker-a-server',
        'search-ranker-b-server',
      ];
      let names: string[] = [];
      for (let attempt = 0; attempt < 90; attempt++) {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-query')
          .query({
            filter: 'metadata.annotations.ml-patterns.io/role',
            limit: 200,
          })
          .set('authorization', mockCredentials.service.header());
        if (res.status !== 200) {
          throw new Error(
            `catalog answered ${res.status}: ${JSON.stringify(res.body)}`,
          );
        }
        const current: string[] = res.body.items
          .map((e: any) => e.metadata.name)
          .sort();
        names = current;
        if (expected.every(name => current.includes(name))) {
          break;
        }
        await new Promise(r => setTimeout(r, 1000));
      }
      // The example ML entities are in the catalog and were scored.
      expect(names).toEqual(expect.arrayContaining(expected));

      // The ml-patterns REST API is mounted.
      const rules = await request(backend.server)
        .get('/api/ml-patterns/v1/rules')
        .set('authorization', mockCredentials.service.header());
      expect(rules.status).toBe(200);
    } finally {
      await backend.stop();
    }
  });
});
