import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { EntityReportResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { create as createTar } from 'tar';
import { changingCatalog } from './__testUtils__/changingCatalog';
import { visionTeamOnly } from './__testUtils__/ownerConditionalDecision';
import { specCheckedRequest } from './__testUtils__/specCheckedRequest';
import { stampedEntity } from './__testUtils__/stampedEntities';
import mlPatternsPlugin from '.';

// The plugin's actions through the real actions registry, invoked over HTTP
// as the actions service (and so MCP) invokes them.

const ALICE = 'user:default/alice';
/** Sees only what the vision team owns (a conditional catalog read). */
const BOB = 'user:default/bob';
/** May not score repositories outside the catalog. */
const MALLORY = 'user:default/mallory';

const userOf = (credentials?: BackstageCredentials) =>
  (credentials?.principal as { userEntityRef?: string } | undefined)
    ?.userEntityRef;

const permissions = mockServices.permissions.mock({
  async authorizeConditional(queries, options) {
    const decision: PolicyDecision =
      userOf(options?.credentials) === BOB
        ? visionTeamOnly
        : { result: AuthorizeResult.ALLOW };
    return queries.map(() => decision);
  },
  async authorize(queries, options) {
    const result =
      userOf(options?.credentials) === MALLORY
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    return queries.map(() => ({ result }));
  },
});

const soloServer: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'solo-server', namespace: 'default' },
  spec: { type: 'model-server', owner: 'user:default/jane' },
};

const entities = [
  soloServer,
  stampedEntity({
    name: 'detector',
    type: 'model-server',
    owner: 'group:default/vision-team',
    stamp: {
      score: 40,
      grade: 'E',
      allInOne: 'detected',
      failedChecks: ['all-in-one/one-model-per-server', 'only-me/code-review'],
    },
  }),
  stampedEntity({
    name: 'classifier',
    type: 'model-server',
    owner: 'group:default/vision-team',
    stamp: { score: 92, grade: 'A' },
  }),
  stampedEntity({
    name: 'ranker',
    type: 'model-server',
    owner: 'group:default/search-team',
    system: 'search',
    stamp: {
      score: 63,
      grade: 'C',
      onlyMe: 'detected',
      failedChecks: ['only-me/code-review'],
    },
  }),
  stampedEntity({
    name: 'notebooks',
    type: 'ml-pipeline',
    stamp: { role: 'repository' },
  }),
];

/**
 * As the catalog serves them: with the ownedBy relation its processing
 * derives from spec.owner, which permission conditions on ownership test.
 */
const served = entities.map(entity => {
  const owner = (entity.spec as { owner?: string } | undefined)?.owner;
  return owner
    ? { ...entity, relations: [{ type: 'ownedBy', targetRef: owner }] }
    : entity;
});

function catalog() {
  return changingCatalog(served, {
    // Bob's conditional read: the catalog shows him the vision team's only.
    visibleTo: (entity, credentials) =>
      userOf(credentials) !== BOB ||
      (entity.spec as { owner?: string } | undefined)?.owner ===
        'group:default/vision-team',
  }).catalog;
}

async function start(config: JsonObject = {}) {
  return startTestBackend({
    features: [
      mlPatternsPlugin,
      catalog().factory,
      permissions.factory,
      // The daily history snapshot is taken once, at start-up.
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
}

type Server = Awaited<ReturnType<typeof start>>['server'];

function invoke(server: Server, name: string, input: unknown, user = ALICE) {
  return request(server)
    .post(
      `/api/ml-patterns/.backstage/actions/v1/actions/ml-patterns:${name}/invoke`,
    )
    .set('Authorization', mockCredentials.user.header(user))
    .send(input as object);
}

function rest(server: Server, url: string, user = ALICE) {
  return specCheckedRequest(server)
    .get(`/api/ml-patterns${url}`)
    .set('Authorization', mockCredentials.user.header(user));
}

describe('ml-patterns actions', () => {
  let backend: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    backend = await start();
  });
  afterAll(async () => {
    await backend.stop();
  });

  it('are listed with their schemas', async () => {
    const res = await request(backend.server)
      .get('/api/ml-patterns/.backstage/actions/v1/actions')
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(res.status).toBe(200);
    const actions = res.body.actions as Array<{
      id: string;
      attributes: { readOnly: boolean; destructive: boolean };
      schema: { input: { required?: string[] } };
    }>;
    expect(actions.map(a => a.id).sort()).toEqual([
      'ml-patterns:explain-ml-patterns-rule',
      'ml-patterns:get-ml-patterns-report',
      'ml-patterns:get-ml-patterns-scorecard',
      'ml-patterns:list-ml-patterns-entities',
      'ml-patterns:score-ml-patterns-repository',
    ]);
    for (const action of actions) {
      expect(action.attributes).toMatchObject({
        readOnly: true,
        destructive: false,
      });
    }
    const report = actions.find(
      a => a.id === 'ml-patterns:get-ml-patterns-report',
    );
    expect(report?.schema.input.required).toEqual(['entityRef']);
  });

  describe('get-ml-patterns-report', () => {
    it("answers what the report endpoint answers, for the caller's entity", async () => {
      const action = await invoke(backend.server, 'get-ml-patterns-report', {
        entityRef: 'component:default/solo-server',
      });
      expect(action.status).toBe(200);
      const endpoint = await rest(
        backend.server,
        '/v1/entities/component/default/solo-server/report',
      );
      expect(endpoint.status).toBe(200);
      const output = action.body.output as EntityReportResponse;
      expect(output.report).toEqual(endpoint.body.report);
      expect(output.report.checks).toContainEqual(
        expect.objectContaining({
          ruleId: 'only-me/team-ownership',
          verdict: 'fail',
          rule: expect.objectContaining({
            title: 'Owned by a team, not a single person',
          }),
        }),
      );
      // A bare name is a Component in the default namespace.
      const short = await invoke(backend.server, 'get-ml-patterns-report', {
        entityRef: 'solo-server',
      });
      expect(short.body.output.report.entityRef).toBe(
        'component:default/solo-server',
      );
    });

    it('does not find entities the caller may not see', async () => {
      const res = await invoke(
        backend.server,
        'get-ml-patterns-report',
        { entityRef: 'component:default/solo-server' },
        BOB,
      );
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        name: 'NotFoundError',
        message: "No entity named 'component:default/solo-server' found",
      });
    });

    it('refuses bad input with a clear error', async () => {
      const missing = await invoke(
        backend.server,
        'get-ml-patterns-report',
        {},
      );
      expect(missing.status).toBe(400);
      expect(missing.body.error.name).toBe('InputError');
      const malformed = await invoke(backend.server, 'get-ml-patterns-report', {
        entityRef: 'component:default/not a name',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toBe(
        "Malformed entity name 'not a name'",
      );
    });

    it('spends the read budget the report endpoint spends', async () => {
      const limited = await start({
        mlPatterns: { reports: { rateLimit: { max: 2 } } },
      });
      try {
        const input = { entityRef: 'component:default/solo-server' };
        expect(
          (await invoke(limited.server, 'get-ml-patterns-report', input))
            .status,
        ).toBe(200);
        expect(
          (
            await rest(
              limited.server,
              '/v1/entities/component/default/solo-server/report',
            )
          ).status,
        ).toBe(200);
        const refused = await invoke(
          limited.server,
          'get-ml-patterns-report',
          input,
        );
        expect(refused.status).toBe(503);
        expect(refused.body.error.message).toMatch(
          /at most 2 every 60 s\. Try again in \d+ s\./,
        );
        expect(
          (
            await rest(
              limited.server,
              '/v1/entities/component/default/solo-server/report',
            )
          ).status,
        ).toBe(429);
        // Another caller has a budget of their own.
        expect(
          (
            await invoke(
              limited.server,
              'get-ml-patterns-report',
              input,
              MALLORY,
            )
          ).status,
        ).toBe(200);
      } finally {
        await limited.stop();
      }
    });
  });

  describe('list-ml-patterns-entities', () => {
    const refsOf = (res: request.Response) =>
      (res.body.output.entities as Array<{ entityRef: string }>).map(
        e => e.entityRef,
      );

    it('lists the scored entities under the filters', async () => {
      const all = await invoke(backend.server, 'list-ml-patterns-entities', {});
      expect(all.status).toBe(200);
      expect(refsOf(all)).toEqual([
        'component:default/classifier',
        'component:default/detector',
        'component:default/notebooks',
        'component:default/ranker',
      ]);
      expect(all.body.output.entities[3]).toEqual({
        entityRef: 'component:default/ranker',
        kind: 'Component',
        type: 'model-server',
        score: 63,
        grade: 'C',
        allInOne: 'clear',
        onlyMe: 'detected',
        releasePattern: 'not-applicable',
        failedChecks: ['only-me/code-review'],
        owner: 'group:default/search-team',
        system: 'system:default/search',
      });

      const list = async (input: object) =>
        refsOf(
          await invoke(backend.server, 'list-ml-patterns-entities', input),
        );
      expect(await list({ owner: 'vision-team' })).toEqual([
        'component:default/classifier',
        'component:default/detector',
      ]);
      expect(await list({ system: 'search' })).toEqual([
        'component:default/ranker',
      ]);
      expect(await list({ grades: ['E', 'ungraded'] })).toEqual([
        'component:default/detector',
        'component:default/notebooks',
      ]);
      expect(await list({ allInOne: 'detected' })).toEqual([
        'component:default/detector',
      ]);
      expect(
        await list({ failingRule: 'only-me/code-review', onlyMe: 'detected' }),
      ).toEqual(['component:default/ranker']);

      const limited = await invoke(
        backend.server,
        'list-ml-patterns-entities',
        { limit: 1 },
      );
      expect(refsOf(limited)).toEqual(['component:default/classifier']);
      expect(limited.body.output.totalCount).toBe(4);
    });

    it('lists only what the caller may see', async () => {
      const res = await invoke(
        backend.server,
        'list-ml-patterns-entities',
        {},
        BOB,
      );
      expect(refsOf(res)).toEqual([
        'component:default/classifier',
        'component:default/detector',
      ]);
    });

    it('refuses bad filters', async () => {
      const grade = await invoke(backend.server, 'list-ml-patterns-entities', {
        grades: ['G'],
      });
      expect(grade.status).toBe(400);
      const owner = await invoke(backend.server, 'list-ml-patterns-entities', {
        owner: 'group:default/not a team',
      });
      expect(owner.status).toBe(400);
      expect(owner.body.error.message).toMatch(/^Malformed owner ref/);
    });
  });

  describe('get-ml-patterns-scorecard', () => {
    it('answers what the scorecard and history endpoints answer', async () => {
      const action = await invoke(backend.server, 'get-ml-patterns-scorecard', {
        groupRef: 'vision-team',
        days: 7,
      });
      expect(action.status).toBe(200);
      const rows = await rest(backend.server, '/v1/scorecards?groupBy=owner');
      const history = await rest(
        backend.server,
        '/v1/scorecards/group:default%2Fvision-team/history?days=7',
      );
      expect(action.body.output).toEqual({
        groupRef: 'group:default/vision-team',
        groupBy: 'owner',
        scorecard: rows.body.rows.find(
          (row: { groupRef: string }) =>
            row.groupRef === 'group:default/vision-team',
        ),
        history: history.body.snapshots,
      });
      expect(action.body.output.scorecard).toMatchObject({
        entityCount: 2,
        meanScore: 66,
        grades: { A: 1, E: 1 },
        detections: { 'all-in-one': 1, 'only-me': 0 },
      });
      // Today's snapshot, as the daily task took it at start-up.
      expect(action.body.output.history).toEqual([
        expect.objectContaining({ entityCount: 2, meanScore: 66 }),
      ]);
    });

    it('counts only what the caller may see', async () => {
      const res = await invoke(
        backend.server,
        'get-ml-patterns-scorecard',
        { groupRef: 'group:default/search-team' },
        BOB,
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        "No scorecard for 'group:default/search-team': none of its scored entities can be seen",
      );
    });

    it('refuses bad input', async () => {
      const days = await invoke(backend.server, 'get-ml-patterns-scorecard', {
        groupRef: 'vision-team',
        days: 400,
      });
      expect(days.status).toBe(400);
      const kind = await invoke(backend.server, 'get-ml-patterns-scorecard', {
        groupRef: 'component:default/detector',
      });
      expect(kind.status).toBe(400);
      expect(kind.body.error.message).toMatch(
        /the kind must be group, user, system or domain/,
      );
    });
  });

  describe('explain-ml-patterns-rule', () => {
    it('gives the rule as the rules endpoint lists it, with failing entities', async () => {
      const action = await invoke(backend.server, 'explain-ml-patterns-rule', {
        ruleId: 'only-me/code-review',
      });
      expect(action.status).toBe(200);
      const rules = await rest(backend.server, '/v1/rules');
      expect(action.body.output.rule).toEqual(
        rules.body.rules.find(
          (rule: { id: string }) => rule.id === 'only-me/code-review',
        ),
      );
      expect(action.body.output.rulesetVersion).toBe(rules.body.rulesetVersion);
      expect(action.body.output.failing.totalCount).toBe(2);
      expect(
        action.body.output.failing.examples.map(
          (e: { entityRef: string }) => e.entityRef,
        ),
      ).toEqual(['component:default/detector', 'component:default/ranker']);

      // Bob's examples are the ones he may see.
      const bobs = await invoke(
        backend.server,
        'explain-ml-patterns-rule',
        { ruleId: 'only-me/code-review' },
        BOB,
      );
      expect(bobs.body.output.failing.totalCount).toBe(1);
    });

    it('names the rules when asked for an unknown one', async () => {
      const res = await invoke(backend.server, 'explain-ml-patterns-rule', {
        ruleId: 'only-me/unit-tests',
      });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(
        /^No ml-patterns rule 'only-me\/unit-tests'; the rules are: .*only-me\/code-review/,
      );
    });
  });

  describe('score-ml-patterns-repository', () => {
    const mockDir = createMockDirectory();
    const sha = 'c0ffee0000000000000000000000000000000000';
    const server = setupServer();
    // The SCM is mocked; only the test backend itself is reached for real.
    beforeAll(() =>
      server.listen({
        onUnhandledRequest(req, print) {
          const { hostname } = new URL(req.url);
          if (hostname !== '127.0.0.1' && hostname !== 'localhost') {
            print.error();
          }
        },
      }),
    );
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());
    const archives = { count: 0 };

    function githubRepository(files: Record<string, string>) {
      const prefix = `acme-recsys-${sha.slice(0, 7)}`;
      mockDir.setContent({ [prefix]: files });
      const archive = path.join(mockDir.path, 'archive.tar.gz');
      createTar({ gzip: true, cwd: mockDir.path, sync: true, file: archive }, [
        prefix,
      ]);
      const tarball = fs.readFileSync(archive);
      archives.count = 0;
      server.use(
        http.get(
          'https://api.github.com/repos/acme/recsys/commits/:ref/status',
          () =>
            HttpResponse.json({
              sha,
              repository: {
                archive_url:
                  'https://api.github.com/repos/acme/recsys/{archive_format}{/ref}',
              },
            }),
        ),
        http.get('https://api.github.com/repos/acme/recsys', () =>
          HttpResponse.json({ default_branch: 'main' }),
        ),
        http.get(
          `https://api.github.com/repos/acme/recsys/tarball/${sha}`,
          () => {
            archives.count += 1;
            return new HttpResponse(tarball, {
              headers: { 'Content-Type': 'application/x-gzip' },
            });
          },
        ),
      );
    }

    const servingRepository = {
      Dockerfile:
        'FROM python:3.11-slim\nCOPY serve.py /app/\nCMD ["python", "/app/serve.py"]\n',
      'serve.py':
        'import os\nimport joblib\n\nmodel = joblib.load(os.environ["MODEL_PATH"])\n',
      'requirements.txt': 'joblib==1.4.2\nscikit-learn==1.5.0\n',
    };

    it('reads and scores a repository outside the catalog', async () => {
      githubRepository(servingRepository);
      const url = 'https://github.com/acme/recsys/tree/main';
      const res = await invoke(backend.server, 'score-ml-patterns-repository', {
        url,
      });
      expect(res.status).toBe(200);
      expect(archives.count).toBe(1);
      const output = res.body.output as EntityReportResponse & { url: string };
      expect(output.url).toBe(url);
      expect(output.report).toMatchObject({
        entityRef: 'component:default/recsys',
        // A Dockerfile building code that loads a model: a serving unit.
        role: 'serving-unit',
        evidenceSource: { status: 'ok', location: `url:${url}` },
      });
      expect(output.report.score).toEqual(expect.any(Number));
      // Nothing says who owns it: unknown, not failed.
      expect(
        output.report.checks.find(c => c.ruleId === 'only-me/team-ownership'),
      ).toMatchObject({ verdict: 'unknown' });
      // Evidence links to the file and line in the branch named.
      const fileEvidence = output.report.checks
        .flatMap(c => c.evidence)
        .find(e => e.path === 'Dockerfile');
      expect(fileEvidence?.url).toMatch(
        /^https:\/\/github\.com\/acme\/recsys\/blob\/main\/Dockerfile/,
      );

      // With an owner and a role, ownership is checked; without a branch
      // in the address, evidence has paths but no links.
      const owned = await invoke(
        backend.server,
        'score-ml-patterns-repository',
        {
          url: 'https://github.com/acme/recsys',
          role: 'repository',
          owner: 'group:default/vision-team',
        },
      );
      expect(owned.status).toBe(200);
      expect(owned.body.output.report.role).toBe('repository');
      expect(
        owned.body.output.report.checks.find(
          (c: { ruleId: string }) => c.ruleId === 'only-me/team-ownership',
        ),
      ).toMatchObject({ verdict: 'pass' });
      const evidence = (
        owned.body.output as EntityReportResponse
      ).report.checks.flatMap(c => c.evidence);
      expect(evidence.some(e => e.path)).toBe(true);
      expect(evidence.filter(e => e.path && e.url)).toEqual([]);
    });

    it('refuses addresses no integration covers, before reading anything', async () => {
      const res = await invoke(backend.server, 'score-ml-patterns-repository', {
        url: 'https://git.example.com/acme/recsys',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        "No integration covers git.example.com: ml-patterns reads repositories through the SCM integrations configured under 'integrations' in app-config",
      );
      const notUrl = await invoke(
        backend.server,
        'score-ml-patterns-repository',
        { url: 'acme/recsys' },
      );
      expect(notUrl.status).toBe(400);
      expect(notUrl.body.error.message).toMatch(/^'acme\/recsys' is not a URL/);
      const role = await invoke(
        backend.server,
        'score-ml-patterns-repository',
        { url: 'https://github.com/acme/recsys', role: 'dataset' },
      );
      expect(role.status).toBe(400);
    });

    it('needs the permission to score repositories', async () => {
      githubRepository(servingRepository);
      const res = await invoke(
        backend.server,
        'score-ml-patterns-repository',
        { url: 'https://github.com/acme/recsys' },
        MALLORY,
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'Scoring repositories outside the catalog is not allowed for you (permission ml-patterns.repository.score)',
      });
      expect(archives.count).toBe(0);
    });
  });
});
