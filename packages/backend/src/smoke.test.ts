import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  startExampleBackend,
  waitForStamped,
} from './__testUtils__/exampleBackend';

jest.setTimeout(120_000);

describe('example backend', () => {
  it('boots with the real wiring and loads the example ML organisation', async () => {
    const backend = await startExampleBackend();
    try {
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
      // The example ML entities are in the catalog and were scored.
      expect(await waitForStamped(backend.server, expected)).toEqual(
        expect.arrayContaining(expected),
      );

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
