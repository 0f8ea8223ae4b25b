import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BUILT_IN_RULES,
  EntityReportResponse,
  RULESET_VERSION,
} from '@ml-patterns/plugin-ml-patterns-common';
import { specCheckedRequest } from './__testUtils__/specCheckedRequest';
import { changingCatalog } from './__testUtils__/changingCatalog';
import { visionTeamOnly } from './__testUtils__/ownerConditionalDecision';
import { stampedEntity } from './__testUtils__/stampedEntities';
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
      const rules = await specCheckedRequest(backend.server)
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
      expect(rules.body.rulesetVersion).toMatch(
        new RegExp(`^${RULESET_VERSION}\\+[0-9a-f]{8}$`),
      );
      expect(weightOf('all-in-one/one-model-per-server')).toBe(
        BUILT_IN_RULES.find(r => r.id === 'all-in-one/one-model-per-server')!
          .weight,
      );

      const report = await specCheckedRequest(backend.server)
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
      const source = await specCheckedRequest(backend.server)
        .get(
          '/api/ml-patterns/v1/entities/component/default/solo-server/source?path=app.py',
        )
        .set('Authorization', auth);
      expect(source.status).toBe(404);
      expect(source.body.error.message).toMatch(/no source folder/);

      const outOfScope = await specCheckedRequest(backend.server)
        .get('/api/ml-patterns/v1/entities/component/default/website/report')
        .set('Authorization', auth);
      expect(outOfScope.status).toBe(404);
    } finally {
      await backend.stop();
    }
  });

  describe('scorecards', () => {
    const stamped = [
      stampedEntity({
        name: 'detector',
        type: 'model-server',
        owner: 'group:default/vision-team',
        stamp: { score: 40, grade: 'e' },
      }),
      stampedEntity({
        name: 'classifier',
        type: 'model-server',
        owner: 'group:default/vision-team',
        stamp: { score: 90, grade: 'a' },
      }),
    ];

    async function start(options: {
      catalog: ReturnType<typeof changingCatalog>['catalog'];
      scorecards?: { sharedSnapshot?: boolean };
      permissions?: ReturnType<typeof mockServices.permissions.mock>;
    }) {
      return startTestBackend({
        features: [
          mlPatternsPlugin,
          options.catalog.factory,
          // The permission framework off, as by default: everyone is ALLOW.
          options.permissions?.factory ?? mockServices.permissions.factory(),
          mockServices.rootConfig.factory({
            data: { mlPatterns: { scorecards: options.scorecards ?? {} } },
          }),
        ],
      });
    }

    async function entityCount(
      server: Parameters<typeof specCheckedRequest>[0],
      user: string,
    ) {
      const res = await specCheckedRequest(server)
        .get('/api/ml-patterns/v1/scorecards?groupBy=owner')
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return res.body.rows.map((r: { entityCount: number }) => r.entityCount);
    }

    it("serves users allowed to read the catalog from one read with the plugin's credentials", async () => {
      const { catalog, reads } = changingCatalog(stamped);
      const backend = await start({ catalog });
      try {
        expect(await entityCount(backend.server, 'user:default/alice')).toEqual(
          [2],
        );
        expect(await entityCount(backend.server, 'user:default/bob')).toEqual([
          2,
        ]);
        // One read (the start-up pre-load, or the first request sharing it).
        expect(reads).toEqual([mockCredentials.service('plugin:ml-patterns')]);
      } finally {
        await backend.stop();
      }
    });

    it('reads per caller with sharedSnapshot: false', async () => {
      const { catalog, reads } = changingCatalog(stamped);
      const backend = await start({
        catalog,
        scorecards: { sharedSnapshot: false },
      });
      try {
        await entityCount(backend.server, 'user:default/alice');
        await entityCount(backend.server, 'user:default/bob');
        expect(reads).toEqual([
          mockCredentials.user('user:default/alice'),
          mockCredentials.user('user:default/bob'),
        ]);
      } finally {
        await backend.stop();
      }
    });

    it('reads per caller for users with a conditional catalog read', async () => {
      const { catalog, reads } = changingCatalog(stamped);
      const permissions = mockServices.permissions.mock({
        async authorizeConditional(queries) {
          return queries.map(() => visionTeamOnly);
        },
      });
      const backend = await start({ catalog, permissions });
      try {
        await entityCount(backend.server, 'user:default/alice');
        expect(reads).toContainEqual(
          mockCredentials.user('user:default/alice'),
        );
      } finally {
        await backend.stop();
      }
    });

    it('starts even when the catalog fails the pre-load, and reads on the first request', async () => {
      const { catalog, state, reads } = changingCatalog(stamped);
      state.failure = new ServiceUnavailableError('catalog not ready');
      const backend = await start({ catalog });
      try {
        await new Promise(resolve => setImmediate(resolve));
        expect(reads).toHaveLength(1);
        state.failure = undefined;
        expect(await entityCount(backend.server, 'user:default/alice')).toEqual(
          [2],
        );
        expect(reads).toHaveLength(2);
      } finally {
        await backend.stop();
      }
    });
  });
});
