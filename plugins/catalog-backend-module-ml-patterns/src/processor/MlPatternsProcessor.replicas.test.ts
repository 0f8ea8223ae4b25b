import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fakeRepositoryReader } from '../scoring/__testUtils__/fakeRepository';
import { IncrementalScorer } from '../scoring/IncrementalScorer';
import { MlPatternsProcessor } from './MlPatternsProcessor';

const source = {
  'backstage.io/source-location':
    'url:https://github.com/acme/recommender/tree/main/',
};

/** A model, and a plain service in scope only because it serves it. */
const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'ranker', namespace: 'default', annotations: source },
  spec: { type: 'ml-model', owner: 'group:default/recsys' },
};
const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ranker-api', namespace: 'default', annotations: source },
  spec: {
    type: 'service',
    owner: 'group:default/recsys',
    dependsOn: ['resource:default/ranker'],
  },
};

/**
 * A catalog as the replicas' processors see it through its API: the
 * entities stitched so far (written by whichever replica processed them),
 * and how often it was asked about entities by ref.
 */
function stitchedCatalog() {
  const stitched = new Map<string, Entity>();
  const now = () => catalogServiceMock({ entities: [...stitched.values()] });
  const catalog = catalogServiceMock();
  const asked = { byRefs: 0 };
  catalog.streamEntities = (request, options) =>
    now().streamEntities(request, options);
  catalog.getEntities = (request, options) =>
    now().getEntities(request, options);
  catalog.getEntitiesByRefs = (request, options) => {
    asked.byRefs += 1;
    return now().getEntitiesByRefs(request, options);
  };
  return {
    catalog,
    asked,
    stitch: (entity: Entity) =>
      stitched.set(stringifyEntityRef(entity), entity),
  };
}

/** Each entity's processing state, which the replicas share (refresh_state.cache). */
function processingCaches() {
  const caches = new Map<string, Map<string, any>>();
  return (entity: Entity): CatalogProcessorCache => {
    const ref = stringifyEntityRef(entity);
    const values = caches.get(ref) ?? new Map<string, any>();
    caches.set(ref, values);
    return {
      async get(key) {
        return values.get(key);
      },
      async set(key, value) {
        values.set(key, value);
      },
    };
  };
}

describe('MlPatternsProcessor on two replicas', () => {
  let now: number;
  const clock = () => new Date(now);
  const { urlReader } = fakeRepositoryReader({
    sha: 'a'.repeat(40),
    files: [
      ['Dockerfile', 'FROM python:3.11-slim\nCOPY . /app\n'],
      ['requirements.txt', 'scikit-learn==1.4.2\n'],
      ['app.py', 'import joblib\n'],
    ],
  });

  beforeEach(() => {
    now = Date.parse('2026-12-07T10:00:00Z');
  });

  /**
   * One replica's processor (its own slice index, memo and evidence)
   * writing what it processes to `shared`, as the catalog's stitching does.
   */
  function replica(
    shared: ReturnType<typeof stitchedCatalog>,
    cacheOf: ReturnType<typeof processingCaches>,
  ) {
    const logger = mockServices.logger.mock();
    const processor = new MlPatternsProcessor({
      logger,
      scorer: IncrementalScorer.create({
        config: new ConfigReader({}),
        logger,
        urlReader,
        catalog: shared.catalog,
        auth: mockServices.auth(),
        now: clock,
      }),
    });
    return async (entity: Entity) => {
      const result = await processor.postProcessEntity(
        entity,
        { type: 'url', target: 'https://github.com/acme/catalog.yaml' },
        () => {},
        cacheOf(entity),
      );
      shared.stitch(result);
      return result.metadata.annotations ?? {};
    };
  }

  it('stamps an entity in scope through a relation another replica processed as one replica does, before its slice index is read again', async () => {
    const shared = stitchedCatalog();
    const caches = processingCaches();
    const a = replica(shared, caches);
    const b = replica(shared, caches);

    // Ingestion: B meets the service first (its slice index is read now,
    // from a catalog still empty); A processes the model; the service,
    // left unstamped, is processed again, by A.
    expect((await b(service))['ml-patterns.io/role']).toBeUndefined();
    expect((await a(model))['ml-patterns.io/role']).toBe('model');
    const stampedByA = await a(service);
    expect(stampedByA['ml-patterns.io/role']).toBe('serving-unit');

    // The next processing cycle, well within B's `indexRefresh`: B keeps
    // the stamps A gave.
    now += 100_000;
    expect(await b(service)).toEqual(stampedByA);

    // One replica processing the same entities in the same order stamps
    // the same.
    const alone = stitchedCatalog();
    const one = replica(alone, processingCaches());
    await one(service);
    await one(model);
    expect(await one(service)).toEqual(stampedByA);

    // B now holds the model: processing the service again asks the
    // catalog nothing.
    const asked = shared.asked.byRefs;
    now += 100_000;
    expect(await b(service)).toEqual(stampedByA);
    expect(shared.asked.byRefs).toBe(asked);
  });
});
