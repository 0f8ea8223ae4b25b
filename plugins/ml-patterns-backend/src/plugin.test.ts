import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BUILT_IN_RULES,
  EntityReportResponse,
} from '@ml-patterns/plugin-ml-patterns-common';
import request from 'supertest';
import mlPatternsPlugin from '.';

// The plugin as packages/backend adds it, with the real shared scorer.
describe('ml-patterns backend plugin', () => {
  it('serves the rule catalog and real reports', async () => {
    const backend = await startTestBackend({
      features: [
        mlPatternsPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'solo-server', namespace: 'default' },
              spec: { type: 'model-server', owner: 'user:default/jane' },
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'website', namespace: 'default' },
              spec: { type: 'website', owner: 'group:default/web' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            mlPatterns: {
              rules: [{ id: 'only-me/team-ownership', weight: 7 }],
            },
          },
        }),
      ],
    });
    try {
      const auth = mockCredentials.service.header();
      const rules = await request(backend.server)
        .get('/api/ml-patterns/v1/rules')
        .set('Authorization', auth);
      expect(rules.status).toBe(200);
      expect(rules.body.rules.map((r: { id: string }) => r.id)).toEqual(
        BUILT_IN_RULES.map(r => r.id),
      );
      // Weights as the score counts them: the configured override wins.
      const weightOf = (id: string) =>
        rules.body.rules.find((r: { id: string }) => r.id === id)?.weight;
      expect(weightOf('only-me/team-ownership')).toBe(7);
      // Re-weighted rules give another ruleset version than the built-in one,
      // and the report carries the same one.
      expect(rules.body.rulesetVersion).toMatch(/^1\+[0-9a-f]{8}$/);
      expect(weightOf('all-in-one/one-model-per-server')).toBe(
        BUILT_IN_RULES.find(r => r.id === 'all-in-one/one-model-per-server')!
          .weight,
      );

      const report = await request(backend.server)
        .get(
          '/api/ml-patterns/v1/entities/component/default/solo-server/report',
        )
        .set('Authorization', auth);
      expect(report.status).toBe(200);
      const body = report.body as EntityReportResponse;
      expect(body.report.entityRef).toBe('component:default/solo-server');
      expect(body.report.rulesetVersion).toBe(rules.body.rulesetVersion);
      expect(body.report.role).toBe('serving-unit');
      const ownership = body.report.checks.find(
        c => c.ruleId === 'only-me/team-ownership',
      );
      expect(ownership).toMatchObject({
        verdict: 'fail',
        rule: { title: 'Owned by a team, not a single person' },
      });

      // No source folder: nothing to show (and nothing scored to find out).
      const source = await request(backend.server)
        .get(
          '/api/ml-patterns/v1/entities/component/default/solo-server/source?path=app.py',
        )
        .set('Authorization', auth);
      expect(source.status).toBe(404);
      expect(source.body.error.message).toMatch(/no source folder/);

      const outOfScope = await request(backend.server)
        .get('/api/ml-patterns/v1/entities/component/default/website/report')
        .set('Authorization', auth);
      expect(outOfScope.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });
});
