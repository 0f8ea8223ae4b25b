import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { changingCatalog } from '../__testUtils__/changingCatalog';
import { visionTeamOnly } from '../__testUtils__/ownerConditionalDecision';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { ScorecardService } from './ScorecardService';
import { StampedSnapshot } from './StampedSnapshot';

const credentials = mockCredentials.user();

const entities: Entity[] = [
  // vision team: two serving units, one with All-in-one
  stampedEntity({
    name: 'detector',
    type: 'model-server',
    owner: 'vision-team', // short ref: group in the entity's namespace
    system: 'vision',
    stamp: {
      score: 40,
      grade: 'e',
      coverage: 100,
      allInOne: 'detected',
      onlyMe: 'clear',
      releasePattern: 'model-in-image',
      failedChecks: ['all-in-one/one-model-per-server'],
    },
  }),
  stampedEntity({
    name: 'classifier',
    type: 'model-server',
    owner: 'group:default/vision-team',
    system: 'system:vision',
    stamp: {
      score: 91,
      grade: 'a',
      coverage: 80,
      releasePattern: 'model-load',
    },
  }),
  // a model owned by a person, Only-me detected, in another system
  stampedEntity({
    kind: 'Resource',
    name: 'churn-model',
    type: 'ml-model',
    owner: 'user:jane',
    system: 'churn',
    stamp: {
      role: 'model',
      score: 20,
      grade: 'f',
      coverage: 50,
      onlyMe: 'detected',
      failedChecks: ['only-me/team-ownership', 'only-me/code-review'],
    },
  }),
  // nothing verifiable: no score, no grade, unknown verdicts
  stampedEntity({
    name: 'mystery',
    type: 'model-server',
    owner: 'vision-team',
    stamp: { coverage: 0, allInOne: 'unknown', onlyMe: 'unknown' },
  }),
  // a dataset gets a role but is never scored
  stampedEntity({
    kind: 'Resource',
    name: 'images',
    type: 'dataset',
    owner: 'vision-team',
    system: 'vision',
    stamp: { role: 'dataset', allInOne: 'not-applicable' },
  }),
  // not stamped: out of scope
  stampedEntity({ name: 'website', type: 'website', owner: 'vision-team' }),
  // systems and their domains
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'vision', namespace: 'default' },
    spec: { owner: 'vision-team', domain: 'perception' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'churn', namespace: 'default' },
    spec: { owner: 'growth' },
  },
];

describe('ScorecardService', () => {
  const service = new ScorecardService(catalogServiceMock({ entities }));

  it('groups stamped entities by normalised owner ref', async () => {
    const result = await service.scorecards({ groupBy: 'owner', credentials });
    expect(result.groupBy).toBe('owner');
    expect(result.rows).toEqual([
      {
        groupRef: 'group:default/vision-team',
        entityCount: 3,
        meanScore: 65.5,
        grades: { A: 1, B: 0, C: 0, D: 0, E: 1, F: 0 },
        ungraded: 1,
        detections: { 'all-in-one': 1, 'only-me': 0 },
        meanCoverage: 0.6,

        waivedChecks: 0,
      },
      {
        groupRef: 'user:default/jane',
        entityCount: 1,
        meanScore: 20,
        grades: { A: 0, B: 0, C: 0, D: 0, E: 0, F: 1 },
        ungraded: 0,
        detections: { 'all-in-one': 0, 'only-me': 1 },
        meanCoverage: 0.5,

        waivedChecks: 0,
      },
    ]);
  });

  it('groups by system, with `none` for entities outside any system', async () => {
    const result = await service.scorecards({ groupBy: 'system', credentials });
    expect(result.rows.map(r => [r.groupRef, r.entityCount])).toEqual([
      ['none', 1],
      ['system:default/churn', 1],
      ['system:default/vision', 2],
    ]);
  });

  it("groups by the domain of each entity's system", async () => {
    const result = await service.scorecards({ groupBy: 'domain', credentials });
    expect(result.rows.map(r => [r.groupRef, r.entityCount])).toEqual([
      ['domain:default/perception', 2],
      ['none', 2],
    ]);
  });

  it('filters by kind and type', async () => {
    const byKind = await service.scorecards({
      groupBy: 'owner',
      kind: 'Resource',
      credentials,
    });
    expect(byKind.rows.map(r => r.groupRef)).toEqual(['user:default/jane']);

    const byType = await service.scorecards({
      groupBy: 'owner',
      type: 'model-server',
      credentials,
    });
    expect(byType.rows.map(r => [r.groupRef, r.entityCount])).toEqual([
      ['group:default/vision-team', 3],
    ]);
  });

  it('lists the entities of one group for the drill-down', async () => {
    const result = await service.entities({
      groupRef: 'group:default/vision-team',
      groupBy: 'owner',
      credentials,
    });
    expect(result.groupRef).toBe('group:default/vision-team');
    expect(result.entities.map(e => e.entityRef)).toEqual([
      'component:default/classifier',
      'component:default/detector',
      'component:default/mystery',
    ]);
    expect(result.entities[1]).toEqual({
      entityRef: 'component:default/detector',
      kind: 'Component',
      type: 'model-server',
      score: 40,
      grade: 'E',
      allInOne: 'detected',
      onlyMe: 'clear',
      releasePattern: 'model-in-image',
      failedChecks: ['all-in-one/one-model-per-server'],
    });
    expect(result.entities[2]).toMatchObject({ score: null, grade: null });
  });

  it('lists the entities of a domain', async () => {
    const result = await service.entities({
      groupRef: 'domain:default/perception',
      groupBy: 'domain',
      credentials,
    });
    expect(result.entities.map(e => e.entityRef)).toEqual([
      'component:default/classifier',
      'component:default/detector',
    ]);
  });

  it('asks the catalog for the stamped annotations and grouping fields only', async () => {
    const catalog = catalogServiceMock({ entities });
    const streamEntities = jest.spyOn(catalog, 'streamEntities');
    await new ScorecardService(catalog).scorecards({
      groupBy: 'owner',
      credentials,
    });
    expect(streamEntities).toHaveBeenCalledTimes(1);
    const [request, options] = streamEntities.mock.calls[0];
    expect(request?.fields).toEqual([
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.annotations.ml-patterns.io/role',
      'metadata.annotations.ml-patterns.io/score',
      'metadata.annotations.ml-patterns.io/grade',
      'metadata.annotations.ml-patterns.io/coverage',
      'metadata.annotations.ml-patterns.io/all-in-one',
      'metadata.annotations.ml-patterns.io/only-me',
      'metadata.annotations.ml-patterns.io/waived-checks',
      'spec.owner',
      'spec.system',
      'spec.type',
    ]);
    expect(
      request && 'filter' in request && Object.keys(request.filter ?? {}),
    ).toEqual(['metadata.annotations.ml-patterns.io/role']);
    expect(options).toEqual({ credentials });
  });

  describe('with a cache', () => {
    function cachedService() {
      const catalog = catalogServiceMock({ entities });
      const streamEntities = jest.spyOn(catalog, 'streamEntities');
      const cached = new ScorecardService(catalog, { cacheTtlMs: 60_000 });
      return { cached, streamEntities };
    }

    it("reuses one caller's read across groupings", async () => {
      const { cached, streamEntities } = cachedService();
      const byOwner = await cached.scorecards({
        groupBy: 'owner',
        credentials,
      });
      const bySystem = await cached.scorecards({
        groupBy: 'system',
        credentials,
      });
      const again = await cached.scorecards({ groupBy: 'owner', credentials });
      expect(streamEntities).toHaveBeenCalledTimes(1);
      expect(again).toEqual(byOwner);
      expect(bySystem.rows.map(r => r.groupRef)).toContain(
        'system:default/vision',
      );
    });

    it('never shares a read between callers, nor across filters', async () => {
      const { cached, streamEntities } = cachedService();
      await cached.scorecards({ groupBy: 'owner', credentials });
      await cached.scorecards({
        groupBy: 'owner',
        credentials: mockCredentials.user('user:default/someone-else'),
      });
      await cached.scorecards({
        groupBy: 'owner',
        credentials: mockCredentials.service('plugin:other'),
      });
      await cached.scorecards({
        groupBy: 'owner',
        kind: 'resource',
        credentials,
      });
      expect(streamEntities).toHaveBeenCalledTimes(4);
      expect(streamEntities.mock.calls.map(([, options]) => options)).toEqual([
        { credentials },
        { credentials: mockCredentials.user('user:default/someone-else') },
        { credentials: mockCredentials.service('plugin:other') },
        { credentials },
      ]);
    });

    it("reads afresh for the history, with each system's domain", async () => {
      const { cached, streamEntities } = cachedService();
      await cached.scorecards({ groupBy: 'owner', credentials });
      const { entities: read, domains } = await cached.readForHistory({
        credentials,
      });
      expect(streamEntities).toHaveBeenCalledTimes(2);
      expect(read.map(e => e.entityRef).sort()).toEqual([
        'component:default/classifier',
        'component:default/detector',
        'component:default/mystery',
        'resource:default/churn-model',
      ]);
      expect(domains.get('system:default/vision')).toBe(
        'domain:default/perception',
      );
    });
  });

  describe('with the shared snapshot', () => {
    const TTL = 30_000;
    const RESTRICTED = 'user:default/restricted';
    const DENIED = 'user:default/denied';
    /** What a conditional policy hides from RESTRICTED: Jane's model. */
    const hiddenByPolicy = new Set(['resource:default/churn-model']);

    /** The permission policy: conditional or denied for two users. */
    function decisionFor(caller: BackstageCredentials): PolicyDecision {
      const principal = caller.principal as { userEntityRef?: string };
      if (principal.userEntityRef === RESTRICTED) {
        return visionTeamOnly;
      }
      if (principal.userEntityRef === DENIED) {
        return { result: AuthorizeResult.DENY };
      }
      return { result: AuthorizeResult.ALLOW };
    }

    function setup(options: { now?: () => number } = {}) {
      // The catalog applies the same policy to the entities it returns.
      const { catalog, state, reads } = changingCatalog(entities, {
        visibleTo(entity, caller) {
          const decision = decisionFor(caller).result;
          if (decision === AuthorizeResult.CONDITIONAL) {
            return !hiddenByPolicy.has(stringifyEntityRef(entity));
          }
          return decision === AuthorizeResult.ALLOW;
        },
      });
      const permissions = mockServices.permissions.mock({
        async authorizeConditional(queries, request) {
          return queries.map(() => decisionFor(request.credentials));
        },
      });
      const logger = mockServices.logger.mock();
      const snapshot = new StampedSnapshot({
        catalog,
        auth: mockServices.auth({ pluginId: 'ml-patterns' }),
        logger,
        ttlMs: TTL,
        now: options.now,
      });
      const shared = new ScorecardService(catalog, {
        cacheTtlMs: TTL,
        shared: { snapshot, permissions },
      });
      return { shared, catalog, state, reads, permissions, logger };
    }

    const ownService = mockCredentials.service('plugin:ml-patterns');
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');
    const restricted = mockCredentials.user(RESTRICTED);
    const denied = mockCredentials.user(DENIED);
    const counts = (result: {
      rows: { groupRef: string; entityCount: number }[];
    }) => result.rows.map(r => [r.groupRef, r.entityCount]);

    it('answers an ALLOW caller from the snapshot: catalog changes show after the TTL, not within it', async () => {
      let now = 0;
      const { shared, state, reads, permissions } = setup({ now: () => now });
      const aliceByOwner = async () =>
        counts(
          await shared.scorecards({ groupBy: 'owner', credentials: alice }),
        );
      expect(await aliceByOwner()).toEqual([
        ['group:default/vision-team', 3],
        ['user:default/jane', 1],
      ]);
      // Read with the plugin's own credentials, not Alice's.
      expect(reads).toEqual([ownService]);
      expect(permissions.authorizeConditional).toHaveBeenCalledWith(
        [{ permission: catalogEntityReadPermission }],
        { credentials: alice },
      );

      state.entities = entities.filter(e => e.metadata.name !== 'churn-model');
      now = TTL / 2 - 1;
      expect(await aliceByOwner()).toEqual([
        ['group:default/vision-team', 3],
        ['user:default/jane', 1],
      ]);

      now = TTL;
      expect(await aliceByOwner()).toEqual([['group:default/vision-team', 3]]);
      expect(reads).toEqual([ownService, ownService]);
    });

    it('reads the catalog once for different ALLOW users, services and groupings', async () => {
      const { shared, catalog, reads } = setup();
      const byAlice = await shared.scorecards({
        groupBy: 'domain',
        credentials: alice,
      });
      const byBob = await shared.scorecards({
        groupBy: 'domain',
        credentials: bob,
      });
      const bySystem = await shared.scorecards({
        groupBy: 'system',
        credentials: mockCredentials.service('plugin:other'),
      });
      const drillDown = await shared.entities({
        groupRef: 'domain:default/perception',
        groupBy: 'domain',
        credentials: bob,
      });
      expect(reads).toEqual([ownService]);
      expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
      expect(byBob).toEqual(byAlice);
      expect(counts(byAlice)).toEqual([
        ['domain:default/perception', 2],
        ['none', 2],
      ]);
      expect(counts(bySystem)).toEqual([
        ['none', 1],
        ['system:default/churn', 1],
        ['system:default/vision', 2],
      ]);
      expect(
        drillDown.entities.map(e => [e.entityRef, e.failedChecks]),
      ).toEqual([
        ['component:default/classifier', []],
        ['component:default/detector', ['all-in-one/one-model-per-server']],
      ]);
    });

    it('shares one read among concurrent first requests', async () => {
      const { shared, reads } = setup();
      const results = await Promise.all(
        [alice, bob, mockCredentials.user('user:default/carol')].map(caller =>
          shared.scorecards({ groupBy: 'owner', credentials: caller }),
        ),
      );
      expect(reads).toEqual([ownService]);
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    });

    it.each([
      [{ kind: 'Resource' }],
      [{ kind: 'COMPONENT', type: 'Model-Server' }],
      [{ type: 'ml-model' }],
      [{ type: 'website' }],
      [{ system: 'vision' }],
      [{ kind: 'component', system: 'system:default/vision' }],
    ])('filters in memory as the catalog does: %j', async filter => {
      const { shared } = setup();
      const perCaller = new ScorecardService(catalogServiceMock({ entities }));
      for (const groupBy of ['owner', 'system', 'domain'] as const) {
        const fromSnapshot = await shared.scorecards({
          groupBy,
          ...filter,
          credentials: alice,
        });
        const fromCatalog = await perCaller.scorecards({
          groupBy,
          ...filter,
          credentials: alice,
        });
        expect(fromSnapshot).toEqual(fromCatalog);
      }
    });

    it('gives a CONDITIONAL caller only what the catalog shows them, from their own read', async () => {
      const { shared, reads } = setup();
      await shared.scorecards({ groupBy: 'owner', credentials: alice });
      const result = await shared.scorecards({
        groupBy: 'owner',
        credentials: restricted,
      });
      expect(counts(result)).toEqual([['group:default/vision-team', 3]]);
      expect(reads).toEqual([ownService, restricted]);

      const drillDown = await shared.entities({
        groupRef: 'user:default/jane',
        groupBy: 'owner',
        credentials: restricted,
      });
      expect(drillDown.entities).toEqual([]);
    });

    it('gives a DENY caller no rows', async () => {
      const { shared, reads } = setup();
      await shared.scorecards({ groupBy: 'owner', credentials: alice });
      const result = await shared.scorecards({
        groupBy: 'domain',
        credentials: denied,
      });
      expect(result.rows).toEqual([]);
      expect(reads).toEqual([ownService, denied]);
    });

    it("without a snapshot, reads with each caller's credentials", async () => {
      const { catalog, reads } = changingCatalog(entities);
      const perCaller = new ScorecardService(catalog, { cacheTtlMs: TTL });
      await perCaller.scorecards({ groupBy: 'owner', credentials: alice });
      await perCaller.scorecards({ groupBy: 'owner', credentials: bob });
      expect(reads).toEqual([alice, bob]);
    });

    it('answers from the snapshot while a background refresh fails', async () => {
      let now = 0;
      const { shared, state, reads, logger } = setup({ now: () => now });
      const first = await shared.scorecards({
        groupBy: 'owner',
        credentials: alice,
      });

      state.failure = new ServiceUnavailableError('catalog is restarting');
      now = TTL / 2;
      const during = await shared.scorecards({
        groupBy: 'owner',
        credentials: bob,
      });
      expect(during).toEqual(first);
      await new Promise(resolve => setImmediate(resolve));
      expect(reads).toHaveLength(2);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(
        await shared.scorecards({ groupBy: 'owner', credentials: alice }),
      ).toEqual(first);
    });
  });
});
