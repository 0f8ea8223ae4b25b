import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  CatalogServiceRequestOptions,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  BUILT_IN_RULES,
  EntityReport,
  RULE_IDS,
  RULESET_VERSION,
  RuleDefinition,
  ScorecardRow,
  ScorecardSnapshot,
  WaiverListItem,
} from '@ml-patterns/plugin-ml-patterns-common';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { specCheckedRequest } from '../__testUtils__/specCheckedRequest';
import { changingCatalog } from '../__testUtils__/changingCatalog';
import { entityDay } from '../__testUtils__/entityDays';
import { visionTeamOnly } from '../__testUtils__/ownerConditionalDecision';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { HistoryStore } from '../history/HistoryStore';
import { takeSnapshot } from '../history/scheduleSnapshots';
import { ReportSource } from '../report/ReportSource';
import { ScorecardService } from '../scorecards/ScorecardService';
import { StampedSnapshot } from '../scorecards/StampedSnapshot';
import { createRouter } from './router';

const NOW = new Date('2026-11-21T12:00:00Z');

const recommender = stampedEntity({
  name: 'recommender',
  type: 'model-server',
  owner: 'group:default/recsys-team',
  system: 'recsys',
  stamp: {
    score: 35,
    grade: 'e',
    coverage: 100,
    allInOne: 'detected',
    releasePattern: 'model-in-image',
    failedChecks: [RULE_IDS.oneModelPerServer],
  },
  extraAnnotations: {
    'backstage.io/source-location':
      'url:https://github.com/acme/ml-monorepo/tree/main/',
    'ml-patterns.io/source-path': 'services/recommender',
    'ml-patterns.io/waivers': [
      `${RULE_IDS.noSharedServerGroup}:`,
      '  reason: A/B test until December',
      '  approvedBy: group:default/ml-platform',
      '  until: 2026-12-31',
      '  ticket: https://tracker.example.com/ML-7',
      `${RULE_IDS.teamOwnership}:`,
      '  reason: one maintainer until the team is hired',
      '  approvedBy: user:default/jane',
      '  until: 2026-11-20',
      'acme/gpu-quota:',
      '  reason: shares the GPU pool',
      '  approvedBy: group:default/ml-platform',
      '  until: 2026-12-01',
    ].join('\n'),
  },
});

/** Only `user:default/insider` may see this one. */
const secretModel = stampedEntity({
  kind: 'Resource',
  name: 'secret-model',
  type: 'ml-model',
  owner: 'group:default/recsys-team',
  stamp: { role: 'model', score: 100, grade: 'a', coverage: 100 },
  extraAnnotations: {
    'ml-patterns.io/waivers': `${RULE_IDS.dataReference}: {reason: the data is secret too, approvedBy: group:default/security, until: 2027-01-31}`,
  },
});

const website = stampedEntity({ name: 'website', type: 'website' });

/** Not scored yet; its waivers annotation is not YAML. */
const notebooks = stampedEntity({
  name: 'notebooks',
  title: 'Pricing notebooks',
  owner: 'user:default/jane',
  extraAnnotations: {
    'ml-patterns.io/waivers': `${RULE_IDS.codeReview}: pairs: always`,
  },
});

/**
 * A model server whose repository is a local folder, like the example
 * app's; not stamped yet, so the scorecards below do not count it.
 */
const localServer = stampedEntity({
  name: 'local-server',
  type: 'model-server',
});

/** The allowed local root and, outside it, a file nobody may read. */
const LOCAL_BASE = fs.realpathSync(
  fs.mkdtempSync(nodePath.join(os.tmpdir(), 'mlp-router-')),
);
const LOCAL_ROOT = nodePath.join(LOCAL_BASE, 'repositories');
const LOCAL_REPO = nodePath.join(LOCAL_ROOT, 'local-server');
fs.mkdirSync(nodePath.join(LOCAL_REPO, 'app'), { recursive: true });
fs.writeFileSync(
  nodePath.join(LOCAL_REPO, 'app/main.py'),
  'import os\nMODEL_URI = os.environ["MODEL_URI"]\n',
);
fs.writeFileSync(nodePath.join(LOCAL_BASE, 'secret.txt'), 'not for you\n');

const entities: Entity[] = [
  recommender,
  secretModel,
  website,
  localServer,
  notebooks,
];

const hiddenFromOthers = new Set([stringifyEntityRef(secretModel)]);
const INSIDER = 'user:default/insider';

function mayRead(
  ref: string,
  options?: Partial<CatalogServiceRequestOptions>,
): boolean {
  if (!hiddenFromOthers.has(ref)) {
    return true;
  }
  const principal = options?.credentials?.principal as
    | { type: string; userEntityRef?: string }
    | undefined;
  return principal?.type === 'user' && principal.userEntityRef === INSIDER;
}

/**
 * The in-memory catalog, but with per-caller visibility like the permission
 * framework gives: hidden entities are absent for other callers.
 */
function credentialsAwareCatalog() {
  const all = catalogServiceMock({ entities });
  return catalogServiceMock.mock({
    async getEntityByRef(
      ref: string | CompoundEntityRef,
      options?: CatalogServiceRequestOptions,
    ) {
      const entity = await all.getEntityByRef(ref);
      return entity && mayRead(stringifyEntityRef(entity), options)
        ? entity
        : undefined;
    },
    async *streamEntities(req, options) {
      for await (const page of all.streamEntities(req)) {
        yield page.filter(e =>
          mayRead(
            stringifyEntityRef({
              kind: e.kind,
              namespace: e.metadata.namespace,
              name: e.metadata.name,
            }),
            options as CatalogServiceRequestOptions,
          ),
        );
      }
    },
    getEntitiesByRefs: (req, options) => all.getEntitiesByRefs(req, options),
  });
}

const acmeRule: RuleDefinition = {
  id: 'acme/model-card',
  pattern: 'only-me',
  title: 'Model has a model card',
  appliesTo: ['model'],
  weight: 1,
  rationale: 'Others must know what the model is for.',
  remediation: ['Add MODEL_CARD.md'],
  references: [],
};

function report(
  entity: Entity,
  overrides: Partial<EntityReport>,
): EntityReport {
  return {
    entityRef: stringifyEntityRef(entity),
    role: 'serving-unit',
    score: 35,
    grade: 'E',
    coverage: 1,
    antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
    releasePattern: 'model-in-image',
    checks: [],
    evidenceSource: { status: 'ok' },
    rulesetVersion: '1',
    waivers: [],
    ...overrides,
  };
}

/** Reports as the engine gives them; the website is out of scope. */
const reports: Record<string, EntityReport> = {
  [stringifyEntityRef(recommender)]: report(recommender, {
    checks: [
      {
        ruleId: RULE_IDS.oneModelPerServer,
        verdict: 'fail',
        message: 'Deployment recommender loads 3 models',
        evidence: [
          { path: 'k8s/deployment.yaml', line: 12, note: 'MODEL_A' },
          { entityRef: 'resource:default/ranker', field: 'spec.dependsOn' },
        ],
      },
      {
        ruleId: RULE_IDS.noSharedServerGroup,
        verdict: 'fail',
        message: 'Shares kubernetes-id recsys with ranker-server',
        evidence: [],
        waiver: {
          reason: 'A/B test until December',
          approvedBy: 'group:default/ml-platform',
          until: '2026-12-31',
          ticket: 'https://tracker.example.com/ML-7',
        },
      },
      {
        ruleId: RULE_IDS.teamOwnership,
        verdict: 'fail',
        message: 'Owned by a user',
        evidence: [{ field: 'spec.owner' }],
        waiverProblem:
          'Waiver expired on 2026-11-30 (approved by group:default/ml-platform): it no longer applies.',
      },
    ],
    waivers: [
      {
        ruleId: RULE_IDS.noSharedServerGroup,
        state: 'active',
        reason: 'A/B test until December',
        approvedBy: 'group:default/ml-platform',
        until: '2026-12-31',
        ticket: 'https://tracker.example.com/ML-7',
      },
      {
        ruleId: RULE_IDS.teamOwnership,
        state: 'expired',
        reason: 'one maintainer until the team is hired',
        approvedBy: 'group:default/ml-platform',
        until: '2026-11-30',
      },
      {
        ruleId: 'acme/gpu-quota',
        state: 'invalid',
        problem: "no rule has the id 'acme/gpu-quota'",
      },
    ],
    evidenceSource: {
      status: 'ok',
      location:
        'url:https://github.com/acme/ml-monorepo/tree/main/services/recommender',
    },
  }),
  [stringifyEntityRef(localServer)]: report(localServer, {
    evidenceSource: { status: 'ok', location: `dir:${LOCAL_REPO}` },
  }),
  [stringifyEntityRef(secretModel)]: report(secretModel, {
    role: 'model',
    score: 100,
    grade: 'A',
    antiPatterns: { 'all-in-one': 'clear', 'only-me': 'clear' },
    releasePattern: 'not-applicable',
  }),
};

const scorer: ReportSource = {
  async score(entity) {
    return reports[stringifyEntityRef(entity)];
  },
  // Where the reports above were read from.
  async evidenceLocation(entity) {
    const location =
      reports[stringifyEntityRef(entity)]?.evidenceSource.location;
    if (!location) return undefined;
    const [type, ...rest] = location.split(':');
    return { type: type as 'url' | 'dir', target: rest.join(':') };
  },
  rules: () => [...BUILT_IN_RULES, acmeRule],
  isEnabled: id => id !== RULE_IDS.libraryCompatibility,
};

describe('ml-patterns router', () => {
  let app: Parameters<typeof specCheckedRequest>[0];
  let history: HistoryStore;
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    const testPlugin = createBackendPlugin({
      pluginId: 'ml-patterns',
      register(env) {
        env.registerInit({
          deps: {
            httpAuth: coreServices.httpAuth,
            httpRouter: coreServices.httpRouter,
            database: coreServices.database,
            logger: coreServices.logger,
            catalog: catalogServiceRef,
          },
          async init(deps) {
            history = await HistoryStore.create({ database: deps.database });
            deps.httpRouter.use(
              await createRouter({
                httpAuth: deps.httpAuth,
                catalog: deps.catalog,
                scorer,
                scorecards: new ScorecardService(deps.catalog),
                history,
                // The permission framework off: every caller is ALLOW.
                permissions: mockServices.permissions(),
                integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
                localRoots: [LOCAL_ROOT],
                logger: deps.logger,
                now: () => NOW,
              }),
            );
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        testPlugin,
        credentialsAwareCatalog().factory,
        // A request without a token carries no credentials, as in production.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    app = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend();
    fs.rmSync(LOCAL_BASE, { recursive: true, force: true });
  });

  const user = mockCredentials.user.header();
  const service = mockCredentials.service.header();

  describe('auth', () => {
    it.each([
      '/api/ml-patterns/v1/rules',
      '/api/ml-patterns/v1/scorecards?groupBy=owner',
      '/api/ml-patterns/v1/entities/component/default/recommender/report',
      '/api/ml-patterns/v1/scorecards/none/history',
      '/api/ml-patterns/v1/waivers',
    ])('answers 401 without credentials: %s', async path => {
      const res = await specCheckedRequest(app).get(path);
      expect(res.status).toBe(401);
    });

    it('answers 401 for an invalid token', async () => {
      const res = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/rules')
        .set('Authorization', mockCredentials.user.invalidHeader());
      expect(res.status).toBe(401);
    });

    it('accepts service credentials', async () => {
      const res = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/rules')
        .set('Authorization', service);
      expect(res.status).toBe(200);
    });
  });

  describe('GET /v1/entities/{kind}/{namespace}/{name}/report', () => {
    it('returns the report with rule text, evidence URLs and waivers', async () => {
      const res = await specCheckedRequest(app)
        .get(
          '/api/ml-patterns/v1/entities/component/default/recommender/report',
        )
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.evaluatedAt).toBe(NOW.toISOString());
      expect(res.body.report).toMatchObject({
        entityRef: 'component:default/recommender',
        score: 35,
        grade: 'E',
        antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
        releasePattern: 'model-in-image',
      });
      const [failed, waived, expired] = res.body.report.checks;
      expect(failed.verdict).toBe('fail');
      expect(failed.evidence).toEqual([
        {
          path: 'k8s/deployment.yaml',
          line: 12,
          note: 'MODEL_A',
          url: 'https://github.com/acme/ml-monorepo/blob/main/services/recommender/k8s/deployment.yaml#L12',
        },
        // catalog evidence gets no URL
        { entityRef: 'resource:default/ranker', field: 'spec.dependsOn' },
      ]);
      const builtIn = BUILT_IN_RULES.find(
        r => r.id === RULE_IDS.oneModelPerServer,
      )!;
      expect(failed.rule).toEqual({
        title: builtIn.title,
        pattern: 'all-in-one',
        rationale: builtIn.rationale,
        remediation: builtIn.remediation,
        references: builtIn.references,
      });
      expect(waived.waiver).toEqual({
        reason: 'A/B test until December',
        approvedBy: 'group:default/ml-platform',
        until: '2026-12-31',
        ticket: 'https://tracker.example.com/ML-7',
      });
      expect(waived.rule.title).toBe('No server group shared between models');
      expect(expired.waiver).toBeUndefined();
      expect(expired.waiverProblem).toMatch(/^Waiver expired on 2026-11-30/);
      // Every waiver the entity declares, the invalid ones with their problem.
      expect(res.body.report.waivers.map((w: any) => w.state)).toEqual([
        'active',
        'expired',
        'invalid',
      ]);
      expect(res.body.report.waivers[2].problem).toBe(
        "no rule has the id 'acme/gpu-quota'",
      );
    });

    it('is case-insensitive on the kind like the catalog', async () => {
      const res = await specCheckedRequest(app)
        .get(
          '/api/ml-patterns/v1/entities/Component/default/recommender/report',
        )
        .set('Authorization', service);
      expect(res.status).toBe(200);
    });

    it('answers 404 for an entity the caller may not see', async () => {
      const path =
        '/api/ml-patterns/v1/entities/resource/default/secret-model/report';
      const hidden = await specCheckedRequest(app)
        .get(path)
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/outsider'),
        );
      expect(hidden.status).toBe(404);
      expect(hidden.body.error).toEqual(
        expect.objectContaining({
          name: 'NotFoundError',
          message: "No entity named 'resource:default/secret-model' found",
        }),
      );

      const visible = await specCheckedRequest(app)
        .get(path)
        .set('Authorization', mockCredentials.user.header(INSIDER));
      expect(visible.status).toBe(200);
      expect(visible.body.report.grade).toBe('A');
    });

    it('answers 404 for a missing entity', async () => {
      const res = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/entities/component/default/nope/report')
        .set('Authorization', user);
      expect(res.status).toBe(404);
    });

    it('answers 404 saying so for an entity out of scope', async () => {
      const res = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/entities/component/default/website/report')
        .set('Authorization', user);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(
        /component:default\/website' is not in the scope of ml-patterns/,
      );
    });

    it.each([
      ['name', 'component/default/not%20valid!'],
      ['namespace', 'component/Not_A_Namespace!/recommender'],
      ['kind', 'comp-onent/default/recommender'],
    ])('answers 400 for a malformed %s', async (part, ref) => {
      const res = await specCheckedRequest(app)
        .get(`/api/ml-patterns/v1/entities/${ref}/report`)
        .set('Authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(`Malformed entity ${part}`);
    });
  });

  describe('GET /v1/entities/{kind}/{namespace}/{name}/source', () => {
    const source = (entity: string, file: string) =>
      specCheckedRequest(app)
        .get(`/api/ml-patterns/v1/entities/${entity}/source`)
        .query({ path: file });

    it('returns a file of a local evidence folder', async () => {
      const res = await source(
        'component/default/local-server',
        'app/main.py',
      ).set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        entityRef: 'component:default/local-server',
        location: `dir:${LOCAL_REPO}`,
        path: 'app/main.py',
        content: 'import os\nMODEL_URI = os.environ["MODEL_URI"]\n',
        size: 46,
        truncated: false,
      });
    });

    it('takes the path as typed, slashes unencoded', async () => {
      const res = await specCheckedRequest(app)
        .get(
          '/api/ml-patterns/v1/entities/component/default/local-server/source?path=app/main.py',
        )
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.path).toBe('app/main.py');
    });

    it('answers 401 without credentials', async () => {
      const res = await source('component/default/local-server', 'app/main.py');
      expect(res.status).toBe(401);
    });

    it.each([
      ['../../secret.txt', 400],
      ['/etc/passwd', 400],
      ['app', 400],
      ['app/missing.py', 404],
    ])('refuses %s with %i', async (file, status) => {
      const res = await source('component/default/local-server', file).set(
        'Authorization',
        user,
      );
      expect(res.status).toBe(status);
      expect(res.body.error.message).toEqual(expect.any(String));
    });

    it('answers 400 without a path', async () => {
      const res = await specCheckedRequest(app)
        .get(
          '/api/ml-patterns/v1/entities/component/default/local-server/source',
        )
        .set('Authorization', user);
      expect(res.status).toBe(400);
    });

    it('answers 404 for sources in an SCM, which carry their own links', async () => {
      const res = await source(
        'component/default/recommender',
        'k8s/deployment.yaml',
      ).set('Authorization', user);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/follow the SCM links/);
    });

    it('answers 404 for an entity the caller may not see', async () => {
      const res = await source(
        'resource/default/secret-model',
        'README.md',
      ).set('Authorization', user);
      expect(res.status).toBe(404);
    });
  });

  describe('GET /v1/rules', () => {
    it('lists built-in and extension rules with their state', async () => {
      const res = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/rules')
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.rulesetVersion).toBe(RULESET_VERSION);
      expect(res.body.rules).toHaveLength(BUILT_IN_RULES.length + 1);
      const byId = Object.fromEntries(
        res.body.rules.map((r: { id: string }) => [r.id, r]),
      );
      expect(byId[RULE_IDS.oneModelPerServer]).toMatchObject({
        enabled: true,
        source: 'built-in',
        remediation: expect.arrayContaining([
          expect.stringContaining('Split the server'),
        ]),
      });
      expect(byId[RULE_IDS.libraryCompatibility]).toMatchObject({
        enabled: false,
        source: 'built-in',
      });
      expect(byId['acme/model-card']).toEqual({
        ...acmeRule,
        enabled: true,
        source: 'extension',
      });
    });
  });

  describe('GET /v1/waivers', () => {
    const list = (query: string, authorization = service) =>
      specCheckedRequest(app)
        .get(`/api/ml-patterns/v1/waivers${query}`)
        .set('Authorization', authorization);

    it('lists every waiver of the readable entities, soonest end first', async () => {
      const res = await list('', user);
      expect(res.status).toBe(200);
      expect(res.body.counts).toEqual({ active: 1, expired: 1, invalid: 2 });
      expect(res.body.waivers).toEqual([
        {
          entityRef: 'component:default/recommender',
          ownerRef: 'group:default/recsys-team',
          ruleId: RULE_IDS.teamOwnership,
          state: 'expired',
          reason: 'one maintainer until the team is hired',
          approvedBy: 'user:default/jane',
          until: '2026-11-20',
        },
        {
          entityRef: 'component:default/recommender',
          ownerRef: 'group:default/recsys-team',
          ruleId: 'acme/gpu-quota',
          state: 'invalid',
          reason: 'shares the GPU pool',
          approvedBy: 'group:default/ml-platform',
          until: '2026-12-01',
          problem: "no rule has the id 'acme/gpu-quota'",
        },
        {
          entityRef: 'component:default/recommender',
          ownerRef: 'group:default/recsys-team',
          ruleId: RULE_IDS.noSharedServerGroup,
          state: 'active',
          reason: 'A/B test until December',
          approvedBy: 'group:default/ml-platform',
          until: '2026-12-31',
          ticket: 'https://tracker.example.com/ML-7',
        },
        {
          entityRef: 'component:default/notebooks',
          entityTitle: 'Pricing notebooks',
          ownerRef: 'user:default/jane',
          state: 'invalid',
          problem: expect.stringMatching(
            /^ml-patterns\.io\/waivers is not valid YAML: /,
          ),
        },
      ]);
    });

    it('lists the waivers of entities only the caller may read', async () => {
      const res = await list(
        '?state=active',
        mockCredentials.user.header(INSIDER),
      );
      expect(res.status).toBe(200);
      expect(res.body.counts).toEqual({ active: 2, expired: 1, invalid: 2 });
      expect(
        res.body.waivers.map((w: WaiverListItem) => [w.entityRef, w.ruleId]),
      ).toEqual([
        ['component:default/recommender', RULE_IDS.noSharedServerGroup],
        ['resource:default/secret-model', RULE_IDS.dataReference],
      ]);
    });

    it.each([
      ['expired', [RULE_IDS.teamOwnership]],
      ['invalid', ['acme/gpu-quota', undefined]],
    ])('filters by state: %s', async (state, ruleIds) => {
      const res = await list(`?state=${state}`);
      expect(res.status).toBe(200);
      expect(res.body.waivers.map((w: WaiverListItem) => w.ruleId)).toEqual(
        ruleIds,
      );
      // The counts stay those of every state, for the filter's labels.
      expect(res.body.counts).toEqual({ active: 1, expired: 1, invalid: 2 });
    });

    it.each([
      ['group:default/recsys-team', 3],
      ['recsys-team', 3],
      ['user:default/jane', 1],
      ['group:default/vision-team', 0],
    ])('filters by owner %s', async (owner, count) => {
      const res = await list(`?owner=${encodeURIComponent(owner)}`);
      expect(res.status).toBe(200);
      expect(res.body.waivers).toHaveLength(count);
      expect(
        Object.values(res.body.counts as Record<string, number>).reduce(
          (a, b) => a + b,
        ),
      ).toBe(count);
    });

    it.each(['?state=revoked', '?owner=a:b:c/d/e'])(
      'answers 400 for %s',
      async query => {
        const res = await list(query);
        expect(res.status).toBe(400);
      },
    );
  });

  describe('GET /v1/scorecards', () => {
    it('aggregates what the caller may see', async () => {
      const outsider = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/scorecards?groupBy=owner')
        .set('Authorization', user);
      expect(outsider.status).toBe(200);
      expect(outsider.body).toEqual({
        groupBy: 'owner',
        rows: [
          {
            groupRef: 'group:default/recsys-team',
            entityCount: 1,
            meanScore: 35,
            grades: { A: 0, B: 0, C: 0, D: 0, E: 1, F: 0 },
            ungraded: 0,
            detections: { 'all-in-one': 1, 'only-me': 0 },
            meanCoverage: 1,
            waivedChecks: 0,
          },
        ],
      });

      const insider = await specCheckedRequest(app)
        .get('/api/ml-patterns/v1/scorecards?groupBy=owner')
        .set('Authorization', mockCredentials.user.header(INSIDER));
      expect(insider.body.rows[0]).toMatchObject({
        entityCount: 2,
        meanScore: 67.5,
      });
    });

    it('filters by kind and type', async () => {
      const res = await specCheckedRequest(app)
        .get(
          '/api/ml-patterns/v1/scorecards?groupBy=system&kind=component&type=model-server',
        )
        .set('Authorization', service);
      expect(res.status).toBe(200);
      expect(res.body.rows.map((r: ScorecardRow) => r.groupRef)).toEqual([
        'system:default/recsys',
      ]);
    });

    it.each(['system:default/recsys', 'recsys'])(
      'filters by system, given as %s',
      async system => {
        const res = await specCheckedRequest(app)
          .get('/api/ml-patterns/v1/scorecards')
          .query({ groupBy: 'owner', system })
          .set('Authorization', service);
        expect(res.status).toBe(200);
        expect(
          res.body.rows.map((r: ScorecardRow) => [r.groupRef, r.entityCount]),
        ).toEqual([['group:default/recsys-team', 1]]);
      },
    );

    it.each([
      ['a missing groupBy', ''],
      ['an unknown groupBy', '?groupBy=team'],
      ['an unknown parameter', '?groupBy=owner&color=red'],
    ])('answers 400 for %s', async (_, query) => {
      const res = await specCheckedRequest(app)
        .get(`/api/ml-patterns/v1/scorecards${query}`)
        .set('Authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    });
  });

  describe('GET /v1/scorecards/{groupRef}/entities', () => {
    it('lists the entities of a group given as an encoded ref', async () => {
      const res = await specCheckedRequest(app)
        .get(
          `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
            'group:default/recsys-team',
          )}/entities`,
        )
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.groupRef).toBe('group:default/recsys-team');
      expect(res.body.entities).toEqual([
        {
          entityRef: 'component:default/recommender',
          kind: 'Component',
          type: 'model-server',
          score: 35,
          grade: 'E',
          allInOne: 'detected',
          onlyMe: 'clear',
          releasePattern: 'model-in-image',
          failedChecks: [RULE_IDS.oneModelPerServer],
        },
      ]);
    });

    it('applies the dashboard filters: kind, type and system', async () => {
      const entitiesOf = async (query: Record<string, string>) => {
        const res = await specCheckedRequest(app)
          .get(
            `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
              'group:default/recsys-team',
            )}/entities`,
          )
          .query(query)
          .set('Authorization', mockCredentials.user.header(INSIDER));
        expect(res.status).toBe(200);
        return res.body.entities.map((e: { entityRef: string }) => e.entityRef);
      };
      expect(await entitiesOf({})).toEqual([
        'component:default/recommender',
        'resource:default/secret-model',
      ]);
      expect(await entitiesOf({ system: 'system:default/recsys' })).toEqual([
        'component:default/recommender',
      ]);
      expect(await entitiesOf({ kind: 'resource' })).toEqual([
        'resource:default/secret-model',
      ]);
      expect(
        await entitiesOf({ type: 'model-server', system: 'other' }),
      ).toEqual([]);
    });

    it.each([
      ['a ref without a kind', 'recsys-team', /expected a full entity ref/],
      [
        'a ref of another kind',
        'component:default/x',
        /group, user, system or domain/,
      ],
      [
        'a mismatching groupBy',
        'group:default/x?groupBy=system',
        /does not match groupBy=system/,
      ],
    ])('answers 400 for %s', async (_, ref, message) => {
      const [path, query = ''] = ref.split('?');
      const res = await specCheckedRequest(app)
        .get(
          `/api/ml-patterns/v1/scorecards/${encodeURIComponent(path)}/entities${
            query ? `?${query}` : ''
          }`,
        )
        .set('Authorization', user);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });
  });

  describe('GET /v1/scorecards/{groupRef}/history', () => {
    beforeAll(async () => {
      // Two entities of the recsys team; only the recommender is in the
      // recsys system.
      const day = (
        date: string,
        recommenderScore: number,
        modelScore: number,
      ) =>
        history.writeDay(date, [
          entityDay('component:default/recommender', {
            ownerRef: 'group:default/recsys-team',
            systemRef: 'system:default/recsys',
            score: recommenderScore,
            grade: 'E',
            allInOne: 'detected',
          }),
          entityDay('resource:default/secret-model', {
            ownerRef: 'group:default/recsys-team',
            score: modelScore,
            grade: 'A',
          }),
        ]);
      await day('2026-11-21', 25, 95);
      await day('2026-11-20', 10, 90);
      await day('2026-10-01', 0, 80);
    });

    const path = `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
      'group:default/recsys-team',
    )}/history`;

    it('returns the last 30 days by default, oldest first', async () => {
      const res = await specCheckedRequest(app)
        .get(path)
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        groupRef: 'group:default/recsys-team',
        snapshots: [
          {
            day: '2026-11-20',
            entityCount: 2,
            meanScore: 50,
            detections: { 'all-in-one': 1, 'only-me': 0 },
            grades: { A: 1, B: 0, C: 0, D: 0, E: 1, F: 0 },
            ungraded: 0,
            meanCoverage: 1,
          },
          expect.objectContaining({ day: '2026-11-21', meanScore: 60 }),
        ],
      });
    });

    it('goes back as many days as asked, today included', async () => {
      const one = await specCheckedRequest(app)
        .get(`${path}?days=1`)
        .set('Authorization', user);
      expect(one.body.snapshots.map((s: { day: string }) => s.day)).toEqual([
        '2026-11-21',
      ]);
      const year = await specCheckedRequest(app)
        .get(`${path}?days=365`)
        .set('Authorization', user);
      expect(year.body.snapshots).toHaveLength(3);
    });

    it('keeps groupings apart', async () => {
      const res = await specCheckedRequest(app)
        .get(
          `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
            'system:default/recsys',
          )}/history`,
        )
        .set('Authorization', user);
      expect(
        res.body.snapshots.map((s: ScorecardSnapshot) => [
          s.day,
          s.entityCount,
          s.meanScore,
        ]),
      ).toEqual([
        ['2026-11-20', 1, 10],
        ['2026-11-21', 1, 25],
      ]);
    });

    it.each(['0', '366', 'abc', '1.5'])(
      'answers 400 for days=%s',
      async days => {
        const res = await specCheckedRequest(app)
          .get(`${path}?days=${days}`)
          .set('Authorization', user);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toMatch(/days/);
      },
    );
  });

  describe('GET /v1/entities/{kind}/{namespace}/{name}/history', () => {
    beforeAll(async () => {
      await history.writeDay('2026-08-01', [
        entityDay('component:default/recommender', { score: 99, grade: 'A' }),
      ]);
      await history.writeDay('2026-11-19', [
        entityDay('component:default/recommender', {
          score: 70,
          grade: 'C',
          coverage: 80,
          releasePattern: 'model-load',
          failedChecks: [RULE_IDS.codeReview],
        }),
        entityDay('resource:default/secret-model', { score: 60, grade: 'C' }),
      ]);
    });

    const historyPath = (entity: string, query = '') =>
      `/api/ml-patterns/v1/entities/${entity}/history${query}`;

    it("returns the entity's days of the last 90 days, oldest first", async () => {
      const res = await specCheckedRequest(app)
        .get(historyPath('component/default/recommender'))
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.entityRef).toBe('component:default/recommender');
      // The 2026-08-01 row is more than 90 days back.
      expect(res.body.days.map((d: { day: string }) => d.day)).toEqual([
        '2026-10-01',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
      ]);
      expect(res.body.days[1]).toEqual({
        day: '2026-11-19',
        score: 70,
        grade: 'C',
        coverage: 0.8,
        antiPatterns: { 'all-in-one': 'clear', 'only-me': 'clear' },
        releasePattern: 'model-load',
        failedChecks: [RULE_IDS.codeReview],
      });
      expect(res.body.days[3]).toMatchObject({
        score: 25,
        grade: 'E',
        antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
      });
      const year = await specCheckedRequest(app)
        .get(historyPath('Component/default/recommender', '?days=365'))
        .set('Authorization', user);
      expect(year.body.days.map((d: { day: string }) => d.day)).toEqual([
        '2026-08-01',
        '2026-10-01',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
      ]);
    });

    it('answers 404 for an entity the caller may not see, as for a missing one', async () => {
      const hidden = await specCheckedRequest(app)
        .get(historyPath('resource/default/secret-model'))
        .set('Authorization', user);
      expect(hidden.status).toBe(404);
      const missing = await specCheckedRequest(app)
        .get(historyPath('resource/default/no-such-model'))
        .set('Authorization', user);
      expect(missing.status).toBe(404);
      expect(hidden.body.error.name).toBe(missing.body.error.name);

      const insider = await specCheckedRequest(app)
        .get(historyPath('resource/default/secret-model'))
        .set('Authorization', mockCredentials.user.header(INSIDER));
      expect(insider.status).toBe(200);
      expect(insider.body.days.map((d: { day: string }) => d.day)).toEqual([
        '2026-10-01',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
      ]);
    });

    it('returns no days for an entity with no history yet', async () => {
      const res = await specCheckedRequest(app)
        .get(historyPath('component/default/notebooks'))
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body.days).toEqual([]);
    });

    it.each(['0', '366', 'x'])('answers 400 for days=%s', async days => {
      const res = await specCheckedRequest(app)
        .get(historyPath('component/default/recommender', `?days=${days}`))
        .set('Authorization', user);
      expect(res.status).toBe(400);
    });
  });

  describe('GET /v1/scorecards/{groupRef}/rule-changes', () => {
    const path = (groupRef: string, query = '') =>
      `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
        groupRef,
      )}/rule-changes${query}`;

    beforeAll(async () => {
      const row = (ref: string, failedChecks: string[]) =>
        entityDay(ref, { ownerRef: 'group:default/churn-team', failedChecks });
      await history.writeDay('2026-11-10', [
        row('component:default/churn-a', [
          RULE_IDS.codeReview,
          RULE_IDS.teamOwnership,
        ]),
        row('component:default/churn-b', [RULE_IDS.codeReview]),
      ]);
      await history.writeDay('2026-11-21', [
        row('component:default/churn-a', [RULE_IDS.oneModelPerServer]),
        row('component:default/churn-b', [
          RULE_IDS.codeReview,
          RULE_IDS.oneModelPerServer,
        ]),
      ]);
    });

    it('compares the first and last day of the window, most regressed first', async () => {
      const res = await specCheckedRequest(app)
        .get(path('group:default/churn-team'))
        .set('Authorization', user);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        groupRef: 'group:default/churn-team',
        firstDay: '2026-11-10',
        lastDay: '2026-11-21',
        rules: [
          { ruleId: RULE_IDS.oneModelPerServer, first: 0, last: 2 },
          // Both improved by one: the one still failing somewhere first.
          { ruleId: RULE_IDS.codeReview, first: 2, last: 1 },
          { ruleId: RULE_IDS.teamOwnership, first: 1, last: 0 },
        ],
      });
    });

    it('counts only the days in the window', async () => {
      const res = await specCheckedRequest(app)
        .get(path('group:default/churn-team', '?days=5'))
        .set('Authorization', user);
      expect(res.body).toMatchObject({
        firstDay: '2026-11-21',
        lastDay: '2026-11-21',
        rules: [
          { ruleId: RULE_IDS.oneModelPerServer, first: 2, last: 2 },
          { ruleId: RULE_IDS.codeReview, first: 1, last: 1 },
        ],
      });
    });
  });
});

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())(
  'scorecard permissions on %s',
  databaseId => {
    const RESTRICTED = 'user:default/restricted';
    const DENIED = 'user:default/denied';

    /** What the policy's condition hides from RESTRICTED. */
    const hiddenFromRestricted = new Set([
      'component:default/secret-detector',
      'component:default/hidden-model',
      'system:default/secret-system',
    ]);

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

    const system = (name: string, domain: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name, namespace: 'default' },
      spec: { owner: 'vision-team', domain },
    });

    const visionTeam = [
      stampedEntity({
        name: 'detector',
        owner: 'vision-team',
        system: 'vision',
        stamp: {
          score: 40,
          grade: 'e',
          coverage: 100,
          allInOne: 'detected',
          failedChecks: [RULE_IDS.oneModelPerServer],
        },
      }),
      stampedEntity({
        name: 'classifier',
        owner: 'vision-team',
        system: 'vision',
        stamp: { score: 90, grade: 'a', coverage: 80 },
      }),
      // Nothing verifiable: no score, no grade.
      stampedEntity({
        name: 'unscored',
        owner: 'vision-team',
        stamp: { coverage: 0, allInOne: 'unknown', onlyMe: 'unknown' },
      }),
      // A score without a grade stamp: not scored either.
      stampedEntity({
        name: 'half-stamped',
        owner: 'vision-team',
        stamp: { score: 70, coverage: 50 },
      }),
      // The vision team's, but the policy hides it from RESTRICTED.
      stampedEntity({
        name: 'secret-detector',
        owner: 'vision-team',
        system: 'vision',
        stamp: {
          score: 10,
          grade: 'f',
          coverage: 100,
          onlyMe: 'detected',
          failedChecks: [RULE_IDS.teamOwnership],
        },
      }),
    ];
    /** In the catalog on the first day only. */
    const retired = stampedEntity({
      name: 'retired',
      owner: 'vision-team',
      stamp: {
        score: 60,
        grade: 'c',
        coverage: 100,
        failedChecks: [RULE_IDS.codeReview],
      },
    });
    const hiddenModel = stampedEntity({
      name: 'hidden-model',
      owner: 'hidden-team',
      system: 'secret-system',
      stamp: { score: 55, grade: 'c', coverage: 100 },
    });
    const mover = (owner: string) =>
      stampedEntity({
        name: 'mover',
        owner,
        stamp: { score: 80, grade: 'b', coverage: 100 },
      });
    const systems = [
      system('vision', 'perception'),
      system('secret-system', 'secret-domain'),
    ];

    let app: Parameters<typeof specCheckedRequest>[0];
    let stopBackend: () => Promise<void>;

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      const { catalog, state } = changingCatalog(
        [...visionTeam, retired, hiddenModel, mover('team-x'), ...systems],
        {
          visibleTo(entity, caller) {
            const decision = decisionFor(caller).result;
            if (decision === AuthorizeResult.CONDITIONAL) {
              return !hiddenFromRestricted.has(
                stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
              );
            }
            return decision === AuthorizeResult.ALLOW;
          },
        },
      );
      const permissions = mockServices.permissions.mock({
        async authorizeConditional(queries, options) {
          return queries.map(() => decisionFor(options.credentials));
        },
      });
      let takeToday: (now: Date) => Promise<unknown> = async () => undefined;
      const testPlugin = createBackendPlugin({
        pluginId: 'ml-patterns',
        register(env) {
          env.registerInit({
            deps: {
              auth: coreServices.auth,
              httpAuth: coreServices.httpAuth,
              httpRouter: coreServices.httpRouter,
              database: coreServices.database,
              logger: coreServices.logger,
              permissions: coreServices.permissions,
              catalog: catalogServiceRef,
            },
            async init(deps) {
              const store = await HistoryStore.create({
                database: deps.database,
              });
              const snapshot = new StampedSnapshot({
                catalog: deps.catalog,
                auth: deps.auth,
                logger: deps.logger,
                ttlMs: 30_000,
              });
              const scorecards = new ScorecardService(deps.catalog, {
                cacheTtlMs: 30_000,
                shared: { snapshot, permissions: deps.permissions },
              });
              takeToday = now =>
                takeSnapshot({ scorecards, store, auth: deps.auth, now });
              deps.httpRouter.use(
                await createRouter({
                  httpAuth: deps.httpAuth,
                  catalog: deps.catalog,
                  scorer,
                  scorecards,
                  history: store,
                  permissions: deps.permissions,
                  integrations: ScmIntegrations.fromConfig(
                    new ConfigReader({}),
                  ),
                  logger: deps.logger,
                  now: () => NOW,
                }),
              );
            },
          });
        },
      });
      const backend = await startTestBackend({
        features: [
          testPlugin,
          catalog.factory,
          permissions.factory,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
        ],
      });
      app = backend.server;
      stopBackend = () => backend.stop();

      // The daily task: a run on the 20th, two on the 21st (NOW's day);
      // between those two the mover changes teams.
      await takeToday(new Date('2026-11-20T06:00:00Z'));
      state.entities = state.entities.filter(e => e !== retired);
      await takeToday(new Date('2026-11-21T06:00:00Z'));
      state.entities = [
        ...state.entities.filter(e => e.metadata.name !== 'mover'),
        mover('team-y'),
      ];
      await takeToday(new Date('2026-11-21T12:00:00Z'));
    });

    afterAll(async () => {
      await stopBackend();
    });

    const alice = mockCredentials.user.header('user:default/alice');
    const restricted = mockCredentials.user.header(RESTRICTED);
    const denied = mockCredentials.user.header(DENIED);

    const historyOf = (groupRef: string, caller: string) =>
      specCheckedRequest(app)
        .get(
          `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
            groupRef,
          )}/history`,
        )
        .set('Authorization', caller);

    const noGrades = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };

    it('counts a CONDITIONAL caller’s history over exactly the entities they may read now', async () => {
      const res = await historyOf('group:default/vision-team', restricted);
      expect(res.status).toBe(200);
      // detector, classifier, unscored and half-stamped: not the hidden
      // secret-detector, nor retired, which no longer exists.
      const day = {
        entityCount: 4,
        meanScore: 65,
        grades: { ...noGrades, A: 1, E: 1 },
        ungraded: 2,
        detections: { 'all-in-one': 1, 'only-me': 0 },
        meanCoverage: 0.575,
      };
      expect(res.body).toEqual({
        groupRef: 'group:default/vision-team',
        snapshots: [
          { day: '2026-11-20', ...day },
          { day: '2026-11-21', ...day },
        ],
      });
    });

    it('gives an ALLOW caller the whole group, past members included', async () => {
      const res = await historyOf('group:default/vision-team', alice);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        groupRef: 'group:default/vision-team',
        snapshots: [
          {
            day: '2026-11-20',
            entityCount: 6,
            meanScore: 50,
            grades: { ...noGrades, A: 1, C: 1, E: 1, F: 1 },
            ungraded: 2,
            detections: { 'all-in-one': 1, 'only-me': 1 },
            meanCoverage: 0.717,
          },
          {
            day: '2026-11-21',
            entityCount: 5,
            meanScore: 46.7,
            grades: { ...noGrades, A: 1, E: 1, F: 1 },
            ungraded: 2,
            detections: { 'all-in-one': 1, 'only-me': 1 },
            meanCoverage: 0.66,
          },
        ],
      });
    });

    it('counts entities without a grade stamp as not scored, never as a grade', async () => {
      const res = await historyOf('group:default/vision-team', alice);
      for (const snapshot of res.body.snapshots) {
        const graded = Object.values(
          snapshot.grades as Record<string, number>,
        ).reduce((sum, n) => sum + n, 0);
        // unscored and half-stamped
        expect(snapshot.ungraded).toBe(2);
        expect(graded + snapshot.ungraded).toBe(snapshot.entityCount);
      }
      // half-stamped's 70 is not in the mean: (40 + 90 + 10) / 3
      expect(res.body.snapshots[1].meanScore).toBe(46.7);
    });

    it('keeps one row per entity and day: a second run the same day replaces the first', async () => {
      // The mover was in team-x on the 20th and at the 21st's first run,
      // in team-y at its second run: it counts once on the 21st, in team-y.
      const before = await historyOf('group:default/team-x', alice);
      expect(before.status).toBe(200);
      expect(
        before.body.snapshots.map((s: ScorecardSnapshot) => [
          s.day,
          s.entityCount,
        ]),
      ).toEqual([['2026-11-20', 1]]);
      const after = await historyOf('group:default/team-y', alice);
      expect(
        after.body.snapshots.map((s: ScorecardSnapshot) => [
          s.day,
          s.entityCount,
          s.meanScore,
        ]),
      ).toEqual([['2026-11-21', 1, 80]]);
    });

    /** The body with the ref asked for taken out, to compare two 404s. */
    const withoutRef = (body: unknown, groupRef: string) =>
      JSON.parse(
        JSON.stringify(body)
          .split(encodeURIComponent(groupRef))
          .join('<ref>')
          .split(groupRef)
          .join('<ref>'),
      );

    it('answers a group the caller may not read like one that does not exist', async () => {
      const missing = await historyOf('group:default/no-such-team', restricted);
      expect(missing.status).toBe(404);
      expect(missing.body.error.name).toBe('NotFoundError');
      const expected = withoutRef(missing.body, 'group:default/no-such-team');

      for (const [groupRef, caller] of [
        ['group:default/hidden-team', restricted],
        ['system:default/secret-system', restricted],
        ['domain:default/secret-domain', restricted],
        ['group:default/vision-team', denied],
        ['group:default/no-such-team', alice],
      ]) {
        const res = await historyOf(groupRef, caller);
        expect(res.status).toBe(404);
        expect(withoutRef(res.body, groupRef)).toEqual(expected);
      }

      // The same groups exist for a caller who may read them.
      const visible = await historyOf('system:default/secret-system', alice);
      expect(visible.status).toBe(200);
      expect(visible.body.snapshots).toHaveLength(2);
    });

    const ruleChangesOf = (groupRef: string, caller: string) =>
      specCheckedRequest(app)
        .get(
          `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
            groupRef,
          )}/rule-changes`,
        )
        .set('Authorization', caller);

    it('counts the rule changes over the entities the caller may read', async () => {
      const conditional = await ruleChangesOf(
        'group:default/vision-team',
        restricted,
      );
      expect(conditional.status).toBe(200);
      // Not the hidden secret-detector's failure, nor retired's.
      expect(conditional.body).toEqual({
        groupRef: 'group:default/vision-team',
        firstDay: '2026-11-20',
        lastDay: '2026-11-21',
        rules: [{ ruleId: RULE_IDS.oneModelPerServer, first: 1, last: 1 }],
      });
      const allowed = await ruleChangesOf('group:default/vision-team', alice);
      expect(allowed.body.rules).toEqual([
        { ruleId: RULE_IDS.oneModelPerServer, first: 1, last: 1 },
        { ruleId: RULE_IDS.teamOwnership, first: 1, last: 1 },
        // retired failed it on the first day and is gone by the last.
        { ruleId: RULE_IDS.codeReview, first: 1, last: 0 },
      ]);

      const missing = await ruleChangesOf('group:default/no-such-team', alice);
      expect(missing.status).toBe(404);
      const expected = withoutRef(missing.body, 'group:default/no-such-team');
      for (const [groupRef, caller] of [
        ['group:default/hidden-team', restricted],
        ['group:default/vision-team', denied],
      ]) {
        const res = await ruleChangesOf(groupRef, caller);
        expect(res.status).toBe(404);
        expect(withoutRef(res.body, groupRef)).toEqual(expected);
      }
      const visible = await ruleChangesOf('group:default/hidden-team', alice);
      expect(visible.body).toEqual({
        groupRef: 'group:default/hidden-team',
        firstDay: '2026-11-20',
        lastDay: '2026-11-21',
        rules: [],
      });
    });

    it('lists only the groups and entities the caller may read', async () => {
      const rows = async (caller: string) => {
        const res = await specCheckedRequest(app)
          .get('/api/ml-patterns/v1/scorecards?groupBy=owner')
          .set('Authorization', caller);
        expect(res.status).toBe(200);
        return res.body.rows.map((r: ScorecardRow) => [
          r.groupRef,
          r.entityCount,
        ]);
      };
      expect(await rows(restricted)).toEqual([
        ['group:default/team-y', 1],
        ['group:default/vision-team', 4],
      ]);
      expect(await rows(denied)).toEqual([]);
      expect(await rows(alice)).toEqual([
        ['group:default/hidden-team', 1],
        ['group:default/team-y', 1],
        ['group:default/vision-team', 5],
      ]);

      const entitiesOf = (groupRef: string, caller: string) =>
        specCheckedRequest(app)
          .get(
            `/api/ml-patterns/v1/scorecards/${encodeURIComponent(
              groupRef,
            )}/entities`,
          )
          .set('Authorization', caller);
      const missing = await entitiesOf('group:default/no-such-team', alice);
      expect(missing.status).toBe(200);
      expect(missing.body.entities).toEqual([]);
      for (const [groupRef, caller] of [
        ['group:default/hidden-team', restricted],
        ['group:default/vision-team', denied],
      ]) {
        const res = await entitiesOf(groupRef, caller);
        expect(res.status).toBe(missing.status);
        expect(withoutRef(res.body, groupRef)).toEqual(
          withoutRef(missing.body, 'group:default/no-such-team'),
        );
      }
      const partial = await entitiesOf('group:default/vision-team', restricted);
      expect(
        partial.body.entities.map((e: { entityRef: string }) => e.entityRef),
      ).toEqual([
        'component:default/classifier',
        'component:default/detector',
        'component:default/half-stamped',
        'component:default/unscored',
      ]);
    });
  },
);
