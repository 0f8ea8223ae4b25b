import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CachedEvidence,
  EvidenceCache,
  MlPatternsRule,
  MlPatternsRuleRegistry,
} from '@ml-patterns/plugin-ml-patterns-node';
import {
  FakeRepository,
  fakeRepositoryReader,
} from './__testUtils__/fakeRepository';
import { IncrementalScorer } from './IncrementalScorer';
import { ScoreMemo } from './ScoreMemo';
import { ABSENT_RECHECK_MS } from './SliceMisses';

const server = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/recommender/tree/main/',
    },
  },
  spec: { type: 'model-server', owner: 'group:default/recsys' },
});

/** One entity's processor cache. */
function memoryCache(): EvidenceCache {
  let value: CachedEvidence | undefined;
  return {
    async get(location) {
      return value?.location === location ? value : undefined;
    },
    async set(next) {
      value = next;
    },
  };
}

describe('IncrementalScorer', () => {
  let counts: { archive: number; status: number };
  let repository: FakeRepository;
  let urlReader: ReturnType<typeof fakeRepositoryReader>['urlReader'];

  beforeEach(() => {
    repository = {
      sha: 'a'.repeat(40),
      files: [
        ['Dockerfile', 'FROM python:3.11-slim\nCOPY . /app\n'],
        ['requirements.txt', 'scikit-learn==1.4.2\n'],
        ['app.py', 'import joblib\n'],
      ],
    };
    ({ urlReader, counts } = fakeRepositoryReader(repository));
  });

  /** A scorer reading `repository` for every entity. */
  function makeScorer(
    mlPatterns: object = {},
    extra: {
      entities?: Entity[];
      rules?: MlPatternsRule[];
      catalog?: ReturnType<typeof catalogServiceMock>;
      logger?: ReturnType<typeof mockServices.logger.mock>;
      now?: () => Date;
    } = {},
  ) {
    const registry = MlPatternsRuleRegistry.withBuiltInRules();
    registry.addRules(...(extra.rules ?? []));
    return IncrementalScorer.create({
      config: new ConfigReader({ mlPatterns }),
      logger: extra.logger ?? mockServices.logger.mock(),
      urlReader,
      catalog:
        extra.catalog ?? catalogServiceMock({ entities: extra.entities ?? [] }),
      auth: mockServices.auth(),
      registry,
      now: extra.now,
    });
  }

  it('summarizes an unchanged entity again once a waiver it applied has expired', async () => {
    let now = new Date('2026-06-30T23:00:00Z');
    const scorer = makeScorer({}, { now: () => now });
    const memo = new ScoreMemo(report =>
      report?.checks
        .filter(check => check.waiver)
        .map(check => check.ruleId)
        .join(','),
    );
    const waived = (): Entity => {
      const base = server('ranker-api');
      return {
        ...base,
        metadata: {
          ...base.metadata,
          annotations: {
            ...base.metadata.annotations,
            'ml-patterns.io/waivers': [
              'only-me/team-ownership:',
              '  reason: one maintainer until the team is hired',
              '  approvedBy: group:default/recsys',
              '  until: 2026-06-30',
            ].join('\n'),
          },
        },
      };
    };
    const cache = memoryCache();
    const summarize = () =>
      scorer.summarize(waived(), memo, { evidenceCache: cache });

    expect(await summarize()).toBe('only-me/team-ownership');
    now = new Date('2026-06-30T23:59:59Z');
    expect(await summarize()).toBe('only-me/team-ownership');
    // The waiver's last day is over: nothing else changed, yet the
    // remembered summary is not reused.
    now = new Date('2026-07-01T00:00:00Z');
    expect(await summarize()).toBe('');
    expect(counts.archive).toBe(1);
  });

  it('summarizes an entity again only when the entity, a related entity or its evidence has changed', async () => {
    const evaluated: string[] = [];
    // A rule that says what it was shown, and counts how often it runs.
    const probe: MlPatternsRule = {
      id: 'test/probe',
      pattern: 'all-in-one',
      title: 'Probe',
      appliesTo: ['serving-unit'],
      weight: 0,
      rationale: 'test',
      remediation: [],
      references: [],
      evaluate({ entity, related, evidence }) {
        evaluated.push(entity.metadata.name);
        return {
          verdict: 'pass',
          message: `${related.servedModels.length} models, ${
            evidence?.dependencyManifests.length ?? 0
          } manifests, ${entity.metadata.description ?? ''}`,
          evidence: [],
        };
      },
    };
    const model: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'ranker', namespace: 'default' },
      spec: { type: 'ml-model', owner: 'group:default/recsys' },
    };
    const api = (description?: string): Entity => {
      const base = server('ranker-api');
      return {
        ...base,
        metadata: { ...base.metadata, description },
        spec: { ...base.spec, dependsOn: ['resource:default/ranker'] },
      };
    };
    const scorer = makeScorer(
      { evidence: { revalidateAfter: { milliseconds: 1 } } },
      { entities: [model, api()], rules: [probe] },
    );
    const memo = new ScoreMemo(
      report => report?.checks.find(c => c.ruleId === 'test/probe')?.message,
    );
    const cache = memoryCache();
    const summarize = async (entity: Entity) => {
      await new Promise(resolve => setTimeout(resolve, 3)); // revalidation due
      return scorer.summarize(entity, memo, { evidenceCache: cache });
    };

    expect(await summarize(api())).toBe('1 models, 1 manifests, ');
    // Unchanged (a fresh copy, as the catalog hands over every cycle): the
    // repository is asked about, nothing is scored.
    const statusBefore = counts.status;
    expect(await summarize(api())).toBe('1 models, 1 manifests, ');
    expect(counts.status).toBeGreaterThan(statusBefore);
    expect(evaluated).toEqual(['ranker-api']);

    // The entity changes.
    expect(await summarize(api('ranking'))).toBe(
      '1 models, 1 manifests, ranking',
    );
    expect(evaluated).toHaveLength(2);

    // A related entity changes: the model is put out of scope.
    const modelWith = (annotations: Record<string, string>): Entity => ({
      ...model,
      metadata: { ...model.metadata, annotations },
    });
    scorer.observe(modelWith({ 'ml-patterns.io/scope': 'none' }));
    expect(await summarize(api('ranking'))).toBe(
      '0 models, 1 manifests, ranking',
    );
    expect(evaluated).toHaveLength(3);
    // Only our own verdicts change on it: nothing to score again.
    scorer.observe(
      modelWith({
        'ml-patterns.io/scope': 'none',
        'ml-patterns.io/grade': 'b',
      }),
    );
    expect(await summarize(api('ranking'))).toBe(
      '0 models, 1 manifests, ranking',
    );
    expect(evaluated).toHaveLength(3);

    // The repository gets a new commit.
    repository.sha = 'b'.repeat(40);
    repository.files = [
      ['Dockerfile', 'FROM python:3.11-slim\nCOPY . /app\n'],
      ['requirements.txt', 'scikit-learn==1.4.2\n'],
      ['requirements-dev.txt', 'pytest==8.0.0\n'],
      ['app.py', 'import joblib\n'],
    ];
    expect(await summarize(api('ranking'))).toBe(
      '0 models, 2 manifests, ranking',
    );
    expect(evaluated).toHaveLength(4);
    expect(counts.archive).toBe(2);
  });

  it('follows an entity without a report into scope when what decides its role changes', async () => {
    const model: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'ranker', namespace: 'default' },
      spec: { type: 'ml-model', owner: 'group:default/recsys' },
    };
    const scorer = makeScorer({}, { entities: [model] });
    const memo = new ScoreMemo(report => report?.role ?? 'none');
    const cache = memoryCache();
    const web = (
      spec: Record<string, unknown>,
      annotations: Record<string, string> = {},
      description = '',
    ): Entity => {
      const base = server('ranker-web');
      return {
        ...base,
        metadata: {
          ...base.metadata,
          description,
          annotations: { ...base.metadata.annotations, ...annotations },
        },
        spec: { owner: 'group:default/recsys', ...spec },
      };
    };
    const summarize = (entity: Entity) =>
      scorer.summarize(entity, memo, { evidenceCache: cache });

    expect(await summarize(web({ type: 'website' }))).toBe('none');
    // Anything else about it may change: still nothing to report.
    expect(
      await summarize(web({ type: 'website' }, {}, 'the ranking page')),
    ).toBe('none');
    // Its type,
    expect(await summarize(web({ type: 'model-server' }))).toBe('serving-unit');
    expect(await summarize(web({ type: 'website' }))).toBe('none');
    // its dependencies (a service serving a model),
    expect(await summarize(web({ type: 'service' }))).toBe('none');
    expect(
      await summarize(
        web({ type: 'service', dependsOn: ['resource:default/ranker'] }),
      ),
    ).toBe('serving-unit');
    expect(await summarize(web({ type: 'service' }))).toBe('none');
    // and the scope annotation each decide it.
    expect(await summarize(web({ type: 'website' }))).toBe('none');
    expect(
      await summarize(
        web({ type: 'website' }, { 'ml-patterns.io/scope': 'repository' }),
      ),
    ).toBe('repository');
    expect(await summarize(web({ type: 'website' }))).toBe('none');
  });

  it('reuses a summary that rested on a related entity being absent only while the catalog is trusted on that', async () => {
    let now = new Date('2026-12-07T10:00:00Z');
    const model: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'ranker', namespace: 'default' },
      spec: { type: 'ml-model', owner: 'group:default/recsys' },
    };
    // The catalog gains the model after the slice was read: another
    // replica processed it, and the catalog stitched it.
    const catalog = catalogServiceMock();
    const stitched: Entity[] = [];
    catalog.getEntitiesByRefs = (req, opts) =>
      catalogServiceMock({ entities: stitched }).getEntitiesByRefs(req, opts);
    const scorer = makeScorer({}, { catalog, now: () => now });
    const memo = new ScoreMemo(report => report?.role ?? 'none');
    const cache = memoryCache();
    const service: Entity = {
      ...server('ranker-api'),
      spec: {
        type: 'service',
        owner: 'group:default/recsys',
        dependsOn: ['resource:default/ranker'],
      },
    };
    const summarize = () =>
      scorer.summarize(service, memo, { evidenceCache: cache });

    expect(await summarize()).toBe('none');
    stitched.push(model);
    now = new Date(now.getTime() + ABSENT_RECHECK_MS - 1);
    expect(await summarize()).toBe('none');
    now = new Date(now.getTime() + 1);
    expect(await summarize()).toBe('serving-unit');
  });

  it('summarizes with unknown cross-entity facts, and says why, when the catalog cannot be read', async () => {
    const logger = mockServices.logger.mock();
    const catalog = catalogServiceMock({ entities: [] });
    // eslint-disable-next-line require-yield
    catalog.streamEntities = async function* down() {
      throw new Error('catalog is down');
    };
    const scorer = makeScorer({}, { catalog, logger });
    const memo = new ScoreMemo(report => report?.antiPatterns['all-in-one']);
    const entity = {
      ...server('ranker-api'),
      spec: { type: 'model-server', dependsOn: ['resource:default/ranker'] },
    };

    expect(
      await scorer.summarize(entity, memo, { evidenceCache: memoryCache() }),
    ).toBe('unknown');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /component:default\/ranker-api: catalog lookup failed: catalog is down/,
      ),
    );
    // Not kept: the next cycle asks again.
    expect(memo.size).toBe(0);
  });
});
