import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { ScorecardService } from './ScorecardService';

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
      },
      {
        groupRef: 'user:default/jane',
        entityCount: 1,
        meanScore: 20,
        grades: { A: 0, B: 0, C: 0, D: 0, E: 0, F: 1 },
        ungraded: 0,
        detections: { 'all-in-one': 0, 'only-me': 1 },
        meanCoverage: 0.5,
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

    it('takes history snapshots from a fresh read', async () => {
      const { cached, streamEntities } = cachedService();
      await cached.scorecards({ groupBy: 'owner', credentials });
      await cached.allScorecards({ credentials });
      expect(streamEntities).toHaveBeenCalledTimes(2);
    });
  });
});
