import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import {
  DEFAULT_SCOPE,
  EntityRole,
} from '@ml-patterns/plugin-ml-patterns-common';
import { resolveRole } from '@ml-patterns/plugin-ml-patterns-node';
import {
  CatalogLookups,
  MlPatternsScoring,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { BEHIND_REREAD_MS, CatalogSliceIndex } from './CatalogSliceIndex';
import { ABSENT_RECHECK_MS } from './SliceMisses';

function entity(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'group:default/ml', ...spec },
  };
}

/** The relations the catalog would compute from `spec.dependsOn` / `dependencyOf`. */
function withRelations(entities: Entity[]): Entity[] {
  const relations = new Map<
    string,
    Array<{ type: string; targetRef: string }>
  >();
  const full = (ref: string) =>
    stringifyEntityRef(parseEntityRef(ref, { defaultNamespace: 'default' }));
  const add = (from: string, type: string, to: string) =>
    relations.set(full(from), [
      ...(relations.get(full(from)) ?? []),
      { type, targetRef: full(to) },
    ]);
  for (const e of entities) {
    const ref = stringifyEntityRef(e);
    for (const target of (e.spec?.dependsOn as string[] | undefined) ?? []) {
      add(ref, 'dependsOn', target);
      add(target, 'dependencyOf', ref);
    }
    for (const source of (e.spec?.dependencyOf as string[] | undefined) ?? []) {
      add(source, 'dependsOn', ref);
      add(ref, 'dependencyOf', source);
    }
  }
  return entities.map(e => ({
    ...e,
    relations: relations.get(stringifyEntityRef(e)) ?? [],
  }));
}

const GROUP = { 'backstage.io/kubernetes-id': 'Shared-Inference' };

const catalogEntities = withRelations([
  entity('Resource', 'ranker', { type: 'ml-model' }),
  entity('Resource', 'scorer', { type: 'ml-model' }),
  // Declared from the model's side: the relation still makes it a dependent.
  entity('Resource', 'embedder', {
    type: 'ml-model',
    dependencyOf: ['component:default/embed-api'],
  }),
  entity('Resource', 'clicks', { type: 'dataset' }),
  entity('Resource', 'orders-db', { type: 'database' }),
  entity('Component', 'train-ranker', { type: 'training-pipeline' }),
  entity(
    'Component',
    'all-models',
    {
      type: 'service',
      dependsOn: [
        'resource:default/ranker',
        'resource:default/scorer',
        'resource:default/orders-db',
      ],
    },
    GROUP,
  ),
  entity(
    'Component',
    'ranker-api',
    { type: 'model-server', dependsOn: ['resource:ranker', 'resource:clicks'] },
    { 'backstage.io/kubernetes-id': 'shared-inference' },
  ),
  entity('Component', 'embed-api', { type: 'service' }, GROUP),
  entity('Component', 'website', {
    type: 'website',
    dependsOn: ['component:train-ranker'],
  }),
  entity('API', 'ranker-grpc', { type: 'grpc' }),
  entity('Resource', 'ranker-model', {
    type: 'ml-model',
    dependsOn: [
      'component:default/train-ranker',
      'resource:default/clicks',
      'api:default/ranker-grpc',
    ],
  }),
]);

function scored(): Array<{ entity: Entity; role: EntityRole }> {
  return catalogEntities.flatMap(e => {
    const role = resolveRole(e, DEFAULT_SCOPE, { dependsOnMl: true });
    return role ? [{ entity: e, role }] : [];
  });
}

/** Scoring with the default settings; its own queries ask `catalog`. */
function scoringOn(catalog = catalogServiceMock()) {
  return MlPatternsScoring.create({
    config: new ConfigReader({}),
    logger: mockServices.logger.mock(),
    urlReader: mockServices.urlReader.mock(),
    catalog,
    scmReadSharingMs: 15_000,
  });
}

async function factsOf(lookups: CatalogLookups) {
  const scoring = scoringOn();
  const result: Record<string, unknown> = {};
  for (const { entity: e, role } of scored()) {
    // Only what the checks see: the facts and whether the entity depends
    // on ML (its scope). Dependencies outside the slice (APIs, systems)
    // are never part of either.
    const { dependencies, dependsOnMl, lookupProblem } = await scoring.resolve(
      e,
      lookups,
    );
    if (lookupProblem) throw new Error(lookupProblem);
    result[stringifyEntityRef(e)] = {
      dependsOnMl,
      facts: await scoring.relatedFacts(e, role, dependencies, lookups),
    };
  }
  return result;
}

function countingCatalog() {
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const reads = { streams: 0, queries: 0 };
  const streamEntities = catalog.streamEntities.bind(catalog);
  const getEntities = catalog.getEntities.bind(catalog);
  const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
  catalog.streamEntities = (req, opts) => {
    reads.streams += 1;
    return streamEntities(req, opts);
  };
  catalog.getEntities = async (req, opts) => {
    reads.queries += 1;
    return getEntities(req, opts);
  };
  catalog.getEntitiesByRefs = async (req, opts) => {
    reads.queries += 1;
    return getEntitiesByRefs(req, opts);
  };
  return { catalog, reads };
}

function indexOn(
  catalog: ReturnType<typeof catalogServiceMock>,
  options: {
    maxEntities?: number;
    logger?: ReturnType<typeof mockServices.logger.mock>;
    now?: () => number;
    refreshMs?: number;
  } = {},
) {
  return new CatalogSliceIndex({
    catalog,
    scope: DEFAULT_SCOPE,
    credentials: async () => mockCredentials.service(),
    logger: options.logger ?? mockServices.logger.mock(),
    refreshMs: options.refreshMs ?? 15_000,
    maxEntities: options.maxEntities ?? 1000,
    now: options.now,
  });
}

describe('CatalogSliceIndex', () => {
  it('gives every scored entity the same related facts as catalog queries do', async () => {
    const { catalog } = countingCatalog();
    const fromQueries = await factsOf(
      scoringOn(catalog).queryLookups(mockCredentials.service()),
    );
    const fromIndex = await factsOf((await indexOn(catalog).lookups())!);

    expect(fromIndex).toEqual(fromQueries);
    // The comparison is about something: shared models, peers across
    // differently-cased group names, dependents declared from either side
    // (embed-api serves embedder but declares nothing itself, so it is no
    // peer in the group until it is stamped as a serving unit).
    expect(fromIndex['resource:default/ranker']).toMatchObject({
      facts: {
        servingUnits: [
          { entityRef: 'component:default/all-models', modelCount: 2 },
          { entityRef: 'component:default/ranker-api', modelCount: 1 },
        ],
      },
    });
    expect(fromIndex['resource:default/embedder']).toMatchObject({
      facts: {
        servingUnits: [
          { entityRef: 'component:default/embed-api', modelCount: 0 },
        ],
      },
    });
    expect(fromIndex['resource:default/ranker-model']).toMatchObject({
      dependsOnMl: true,
      facts: {
        codeEntities: ['component:default/train-ranker'],
        datasets: ['resource:default/clicks'],
      },
    });
    expect(
      (fromIndex['component:default/all-models'] as any).facts.serverGroupPeers,
    ).toEqual([
      {
        entityRef: 'component:default/ranker-api',
        group: 'Shared-Inference',
        field: 'metadata.annotations.backstage.io/kubernetes-id',
      },
    ]);
  });

  it('reads the catalog once per cache window, whatever number of entities ask', async () => {
    const { catalog, reads } = countingCatalog();
    const index = indexOn(catalog);
    await Promise.all(
      scored().map(async () => factsOf((await index.lookups())!)),
    );
    expect(reads).toEqual({ streams: 1, queries: 0 });
  });

  it('sees catalog changes within two cache windows, without making a lookup wait in the second', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const { catalog, reads } = countingCatalog();
    const index = indexOn(catalog, { now: () => now });
    const unitsOfRanker = async () =>
      (
        await (await index.lookups())!.dependentsOf('resource:default/ranker')
      ).map(e => e.metadata.name);
    expect(await unitsOfRanker()).toEqual(['all-models', 'ranker-api']);

    const later = catalogServiceMock({
      entities: withRelations([
        ...catalogEntities,
        entity('Component', 'new-api', {
          type: 'model-server',
          dependsOn: ['resource:default/ranker'],
        }),
      ]),
    });
    catalog.streamEntities = (req, opts) => {
      reads.streams += 1;
      return later.streamEntities(req, opts);
    };

    now += 14_000; // within the window: the same read
    expect(await unitsOfRanker()).toEqual(['all-models', 'ranker-api']);
    expect(reads.streams).toBe(1);

    now += 2_000; // second window: answered from the old read, a new one starts
    expect(await unitsOfRanker()).toEqual(['all-models', 'ranker-api']);
    expect(reads.streams).toBe(2);
    await new Promise(resolve => setImmediate(resolve));
    expect(await unitsOfRanker()).toEqual([
      'all-models',
      'ranker-api',
      'new-api',
    ]);

    now += 60_000; // past both windows: waits for a fresh read
    catalog.streamEntities = (req, opts) => {
      reads.streams += 1;
      return catalogServiceMock({ entities: [] }).streamEntities(req, opts);
    };
    expect(await unitsOfRanker()).toEqual([]);
    expect(reads.streams).toBe(3);
  });

  it('reads again soon after taking in a mass change itself, in the background, and not for a few changes', async () => {
    let now = 0;
    const { catalog, reads } = countingCatalog();
    const index = indexOn(catalog, { now: () => now, refreshMs: 300_000 });
    const unitsOfRanker = async () =>
      (
        await (await index.lookups())!.dependentsOf('resource:default/ranker')
      ).map(e => e.metadata.name);
    expect(await unitsOfRanker()).toEqual(['all-models', 'ranker-api']);
    // A serving unit of ranker another replica processed, stitched since.
    const grown = catalogServiceMock({
      entities: withRelations([
        ...catalogEntities,
        entity('Component', 'other-api', {
          type: 'model-server',
          dependsOn: ['resource:default/ranker'],
        }),
      ]),
    });
    catalog.streamEntities = (req, opts) => {
      reads.streams += 1;
      return grown.streamEntities(req, opts);
    };
    // Models this replica processes itself.
    const observeModels = (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        index.observe(entity('Resource', `model-${i}`, { type: 'ml-model' }));
      }
    };

    // A few changes, and the same entities processed again unchanged: the
    // refresh interval holds.
    observeModels(0, 49);
    observeModels(0, 49);
    now = 60_000;
    expect(await unitsOfRanker()).toEqual(['all-models', 'ranker-api']);
    expect(reads.streams).toBe(1);

    // One more makes a mass change: answered from what it holds while a
    // read runs, then from that read.
    observeModels(49, 1);
    expect(await unitsOfRanker()).toEqual(['all-models', 'ranker-api']);
    expect(reads.streams).toBe(2);
    await new Promise(resolve => setImmediate(resolve));
    expect(await unitsOfRanker()).toEqual([
      'all-models',
      'ranker-api',
      'other-api',
    ]);

    // Still under way: read again, but no sooner than the short delay
    // after the last read started.
    observeModels(100, 50);
    now += BEHIND_REREAD_MS - 1;
    await unitsOfRanker();
    expect(reads.streams).toBe(2);
    now += 1;
    await unitsOfRanker();
    expect(reads.streams).toBe(3);
    // Counted afresh from that read.
    await new Promise(resolve => setImmediate(resolve));
    observeModels(200, 49);
    now += BEHIND_REREAD_MS;
    await unitsOfRanker();
    expect(reads.streams).toBe(3);
  });

  it('keeps answering from the last read while a fresh read fails, then reports the failure', async () => {
    let now = 0;
    const { catalog } = countingCatalog();
    const logger = mockServices.logger.mock();
    const index = indexOn(catalog, { logger, now: () => now });
    const ranker = async () =>
      (await (await index.lookups())!.byRefs(['resource:default/ranker']))
        .length;
    expect(await ranker()).toBe(1);
    // eslint-disable-next-line require-yield
    catalog.streamEntities = async function* failing() {
      throw new Error('catalog is down');
    };
    now = 20_000;
    expect(await ranker()).toBe(1);
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/ML slice failed: Error: catalog is down/),
    );
    now = 40_000;
    await expect(ranker()).rejects.toThrow('catalog is down');
  });

  it('takes in entities as the processor sees them, before the next full read', async () => {
    const { catalog, reads } = countingCatalog();
    const index = indexOn(catalog);
    const lookups = (await index.lookups())!;
    const names = (entities: Entity[]) => entities.map(e => e.metadata.name);

    // A new serving unit for ranker, and all-models now serving only scorer.
    index.observe(
      entity('Component', 'new-api', {
        type: 'model-server',
        dependsOn: ['resource:ranker'],
        description: 'not kept: only what lookups use is',
      }),
    );
    index.observe(
      entity('Component', 'all-models', {
        type: 'service',
        dependsOn: ['resource:default/scorer'],
      }),
    );
    expect(
      names(await lookups.dependentsOf('resource:default/ranker')),
    ).toEqual(['ranker-api', 'new-api']);
    expect(
      names(await lookups.dependentsOf('resource:default/scorer')),
    ).toEqual(['all-models']);
    const [kept] = await lookups.byRefs(['component:default/new-api']);
    expect(kept.spec).toEqual({
      type: 'model-server',
      dependsOn: ['resource:ranker'],
      dependencyOf: undefined,
    });

    // Processed again with the same links, now stamped: still a dependent,
    // and the stamp is what lookups see.
    index.observe(
      entity(
        'Component',
        'ranker-api',
        {
          type: 'model-server',
          dependsOn: ['resource:ranker', 'resource:clicks'],
        },
        {
          'backstage.io/kubernetes-id': 'shared-inference',
          'ml-patterns.io/role': 'serving-unit',
        },
      ),
    );
    const dependents = await lookups.dependentsOf('resource:default/ranker');
    expect(names(dependents)).toEqual(['ranker-api', 'new-api']);
    expect(dependents[0].metadata.annotations?.['ml-patterns.io/role']).toBe(
      'serving-unit',
    );

    // Out of the slice once the annotation that put it in is gone.
    index.observe(
      entity(
        'API',
        'scored-api',
        { type: 'openapi' },
        { 'ml-patterns.io/scope': 'model' },
      ),
    );
    expect(await lookups.byRefs(['api:default/scored-api'])).toHaveLength(1);
    index.observe(entity('API', 'scored-api', { type: 'openapi' }));
    expect(await lookups.byRefs(['api:default/scored-api'])).toHaveLength(0);
    // Users, groups and other kinds never enter.
    index.observe(entity('User', 'jo', {}));
    expect(await lookups.byRefs(['user:default/jo'])).toHaveLength(0);
    expect(reads.streams).toBe(1);
  });

  it('applies what it was shown during a full read on top of that read', async () => {
    let now = 0;
    const { catalog } = countingCatalog();
    const index = indexOn(catalog, { now: () => now });
    await index.lookups();
    now = 40_000; // past both intervals: the next lookup waits for a read
    const pending = index.lookups();
    // Seen while that read is under way, newer than what it returns.
    index.observe(
      entity('Component', 'late-api', {
        type: 'model-server',
        dependsOn: ['resource:default/ranker'],
      }),
    );
    const lookups = (await pending)!;
    expect(
      (await lookups.dependentsOf('resource:default/ranker')).map(
        e => e.metadata.name,
      ),
    ).toEqual(['all-models', 'ranker-api', 'late-api']);
  });

  it('changes its version when, and only when, something a cross-entity check can see changes', async () => {
    let now = 0;
    const { catalog } = countingCatalog();
    const index = indexOn(catalog, { now: () => now });
    const version = async () => (await index.versionedLookups())!.version;
    const first = await version();
    const rankerApi = catalogEntities.find(
      e => e.metadata.name === 'ranker-api',
    )!;
    const withAnnotations = (extra: Record<string, string>) => ({
      ...rankerApi,
      metadata: {
        ...rankerApi.metadata,
        annotations: { ...rankerApi.metadata.annotations, ...extra },
      },
    });

    // Processed again as it was, or with annotations no check reads (our
    // own verdicts among them): same version.
    index.observe(rankerApi);
    index.observe(
      withAnnotations({
        'ml-patterns.io/score': '55',
        'example.com/owner-chat': '#ranking',
      }),
    );
    index.observe(entity('User', 'jo', {}));
    expect(await version()).toBe(first);
    // A full read that brings what was known: same version.
    now = 20_000;
    await index.versionedLookups();
    await new Promise(resolve => setImmediate(resolve));
    expect(await version()).toBe(first);

    // The role stamp (server-group peers read it), a server group, a new
    // dependency, a new entity, a removal: each one a new version.
    const seen = new Set([first]);
    const expectNewVersion = async () => {
      const next = await version();
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    };
    index.observe(withAnnotations({ 'ml-patterns.io/role': 'serving-unit' }));
    await expectNewVersion();
    index.observe(
      withAnnotations({
        'ml-patterns.io/role': 'serving-unit',
        'backstage.io/kubernetes-id': 'other-inference',
      }),
    );
    await expectNewVersion();
    index.observe(
      entity('Component', 'website', {
        type: 'website',
        dependsOn: ['component:train-ranker', 'resource:ranker'],
      }),
    );
    await expectNewVersion();
    index.observe(entity('Resource', 'new-model', { type: 'ml-model' }));
    await expectNewVersion();
    // Put out of scope by annotation: no longer a model to its dependents.
    index.observe(
      entity(
        'Resource',
        'new-model',
        { type: 'ml-model' },
        { 'ml-patterns.io/scope': 'none' },
      ),
    );
    await expectNewVersion();
    // A kind outside the slice, never in it: nothing changes.
    index.observe(entity('Group', 'ranker', {}));
    expect(await version()).toBe([...seen].pop());
    // A full read that no longer has what was only observed: new version.
    now = 40_000;
    await index.versionedLookups();
    await new Promise(resolve => setImmediate(resolve));
    await expectNewVersion();
  });

  it('tells each field a cross-entity check reads apart when an entity is processed again', async () => {
    const rankerApi = catalogEntities.find(
      e => e.metadata.name === 'ranker-api',
    )!;
    const changed = (
      spec: JsonObject,
      annotations: Record<string, string>,
      metadata: JsonObject = {},
    ): Entity => ({
      ...rankerApi,
      metadata: { ...rankerApi.metadata, ...metadata, annotations },
      spec: { ...rankerApi.spec, ...spec },
    });
    const annotations = rankerApi.metadata.annotations!;
    const withPath = { ...annotations, 'ml-patterns.io/source-path': 'srv' };
    // [what, observed, whether it changes the index, observed before it]
    const cases: Array<[string, Entity, boolean, Entity?]> = [
      ['as it was', changed({}, { ...annotations }), false],
      [
        'other annotations, labels, description',
        changed(
          { lifecycle: 'production' },
          { ...annotations, 'ml-patterns.io/grade': 'b', 'x.io/y': 'z' },
          { description: 'new', labels: { tier: '1' } },
        ),
        false,
      ],
      ['spec.type', changed({ type: 'service' }, annotations), true],
      [
        'spec.dependsOn',
        changed({ dependsOn: ['resource:ranker'] }, annotations),
        true,
      ],
      [
        'spec.dependencyOf',
        changed({ dependencyOf: ['system:search'] }, annotations),
        true,
      ],
      [
        'a related annotation changed',
        changed({}, { ...annotations, 'backstage.io/kubernetes-id': 'b' }),
        true,
      ],
      ['a related annotation added', changed({}, withPath), true],
      [
        'a related annotation removed',
        changed({}, annotations),
        true,
        changed({}, withPath),
      ],
    ];
    for (const [what, observed, expectChange, first] of cases) {
      const index = indexOn(countingCatalog().catalog);
      await index.versionedLookups();
      if (first) index.observe(first);
      const before = (await index.versionedLookups())!.version;
      index.observe(observed);
      const after = (await index.versionedLookups())!.version;
      expect({ what, changed: after !== before }).toEqual({
        what,
        changed: expectChange,
      });
    }
  });

  it('asks the catalog for an entity of the slice it does not hold, and keeps what it finds', async () => {
    let now = 0;
    const { catalog, reads } = countingCatalog();
    // The full read is made before the catalog holds a new model (another
    // replica's work, stitched since); questions by ref come after.
    const grown = catalogServiceMock({
      entities: [
        ...catalogEntities,
        entity('Resource', 'reranker', {
          type: 'ml-model',
          dependencyOf: ['component:default/embed-api'],
        }),
      ],
    });
    catalog.getEntitiesByRefs = async (req, opts) => {
      reads.queries += 1;
      return grown.getEntitiesByRefs(req, opts);
    };
    const index = indexOn(catalog, { now: () => now });
    const before = await index.versionedLookups();
    const names = (entities: Entity[]) => entities.map(e => e.metadata.name);

    expect(
      names(
        await before!.lookups.byRefs([
          'resource:default/ranker',
          'resource:default/reranker',
        ]),
      ),
    ).toEqual(['ranker', 'reranker']);
    expect(reads).toEqual({ streams: 1, queries: 1 });
    expect(before!.absentUntil()).toBeUndefined();
    // Kept, as a full read would keep it: no second question, a new
    // version, and the relation it declares counted.
    const after = (await index.versionedLookups())!;
    expect(after.version).not.toBe(before!.version);
    expect(
      names(await after.lookups.byRefs(['resource:default/reranker'])),
    ).toEqual(['reranker']);
    expect(
      names(await after.lookups.dependentsOf('resource:default/reranker')),
    ).toEqual(['embed-api']);
    expect(reads.queries).toBe(1);

    // An entity the catalog does not have either: the answer is reused for
    // a while, and says until when.
    const absent = (await index.versionedLookups())!;
    expect(await absent.lookups.byRefs(['resource:default/gone'])).toEqual([]);
    expect(await absent.lookups.byRefs(['resource:default/gone'])).toEqual([]);
    expect(reads.queries).toBe(2);
    expect(absent.absentUntil()).toBe(ABSENT_RECHECK_MS);
    now = ABSENT_RECHECK_MS;
    expect(await absent.lookups.byRefs(['resource:default/gone'])).toEqual([]);
    expect(reads.queries).toBe(3);
    // Said absent again: held twice as long before the next question.
    now = 2 * ABSENT_RECHECK_MS;
    const again = (await index.versionedLookups())!;
    expect(await again.lookups.byRefs(['resource:default/gone'])).toEqual([]);
    expect(reads.queries).toBe(3);
    expect(again.absentUntil()).toBe(3 * ABSENT_RECHECK_MS);
    // Kinds outside the slice are not asked about: only an annotation
    // could put them in, and the next full read finds those.
    expect(await absent.lookups.byRefs(['api:default/ranker-grpc'])).toEqual(
      [],
    );
    expect(reads.queries).toBe(3);
  });

  it('reports a failed question as a failed lookup', async () => {
    const { catalog } = countingCatalog();
    catalog.getEntitiesByRefs = async () => {
      throw new Error('catalog is down');
    };
    const lookups = (await indexOn(catalog).lookups())!;
    await expect(lookups.byRefs(['resource:default/gone'])).rejects.toThrow(
      'catalog is down',
    );
  });

  it('declines to index a slice larger than the limit, and says so once', async () => {
    const { catalog } = countingCatalog();
    const logger = mockServices.logger.mock();
    const index = indexOn(catalog, { maxEntities: 3, logger });
    expect(await index.lookups()).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(/maxIndexedEntities/);
  });

  it('leaves out entities no cross-entity check can use', async () => {
    const { catalog } = countingCatalog();
    const lookups = (await indexOn(catalog).lookups())!;
    expect(
      (
        await lookups.byRefs([
          'api:default/ranker-grpc',
          'Resource:default/Orders-DB',
        ])
      ).map(e => stringifyEntityRef(e)),
    ).toEqual(['resource:default/orders-db']);
  });
});
