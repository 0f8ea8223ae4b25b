/*
 * Benchmark: what the ml-patterns processor adds to catalog processing.
 *
 * Boots two real catalogs, each in a process of its own
 * (`startTestBackend`, the real `@backstage/plugin-catalog-backend`,
 * SQLite), one WITHOUT and one WITH this module, on the same generated ML organisation: 2,000 entities in
 * catalog files (models, datasets, serving services that dependsOn models,
 * training repositories, plus ordinary services, websites, libraries,
 * databases, APIs, users and groups that are out of scope). In-scope
 * entities point at GitHub repositories (`backstage.io/source-location:
 * url:https://github.com/...`), read through the backend's real
 * `UrlReaderService` (GitHub integration) from a local stand-in for the
 * GitHub API (a child process) that counts archive downloads. The
 * repositories are copies of the example repositories in /examples, padded
 * with ordinary source files; 40 of them are shared by the entities.
 *
 * The catalogs' own processing loop is parked (`processingInterval` 24 h);
 * each pass marks every `refresh_state` row due and waits until the
 * catalog reports every row processed (its processed-entities metric). A
 * pass lasts from the first entity taken up to the last one finished.
 *
 *   1. ingestion: the first cycle, cold — repositories are downloaded;
 *   2. BENCH_WARMUP untimed passes, the first one being the second cycle
 *      (its downloads are reported, and apart from them those of a
 *      repository downloaded before, which should be 0: entities whose
 *      source or scope depends on entities the first cycle had not stitched
 *      yet are read for the first time there);
 *   3. BENCH_PASSES timed passes per catalog, both catalogs at the same
 *      moment, so a slow or fast spell of a shared machine hits both alike,
 *      each pinned (`taskset`) to a core of its own, the cores swapped
 *      after every pass (BENCH_ORDER=abba: one after the other,
 *      alternating which goes first).
 *
 * Targets (issue): pass WITH / WITHOUT ≤ 1.05 on a warm cache, and 0
 * repository downloads on the second cycle and after. The ratio is taken
 * per pair of passes run back to back, since the speed of a shared machine
 * drifts more between minutes than between two neighbouring passes; and,
 * when the catalogs are pinned, per two pairs on swapped cores (the
 * geometric mean of their ratios): the two virtual cores of a cloud machine
 * can differ in speed by 30 % for minutes, which one pair cannot tell from
 * the module's cost and two swapped pairs cancel. Single pass times
 * still scatter by ±25 % (garbage collection alone takes 150–400 ms of a
 * 1.3 s pass, whichever pass it falls in), so the median comes with a 95 %
 * bootstrap interval: the target is shown only when the whole interval is
 * within it. BENCH_CALIBRATE=1 measures what the bench itself makes of
 * two identical catalogs.
 *
 * Run: yarn bench   (in plugins/catalog-backend-module-ml-patterns)
 * Options (env): BENCH_ENTITIES (default 2000), BENCH_REPOS (default 40),
 * BENCH_PASSES (default 40), BENCH_WARMUP (default 1; more are run while a
 * pass still changes entities), BENCH_PAUSE_MS (default 16000: least time
 * between two passes of one catalog. Nothing the processor keeps for SCM
 * sources expires in between, but the process idles, and after an idle
 * spell the module's catalog measured slower than after a short one —
 * 1.08–1.12 with 16 s rests, 0.99–1.04 with 4 s, while each entity's
 * processing state still held its evidence — so the default is the rest
 * that showed the larger cost),
 * BENCH_GITHUB_LATENCY_MS (default 0; delay of each fake GitHub answer),
 * BENCH_CPU_PROFILE (a file name: CPU profiles of the timed passes,
 * `<name>-with-N` and `<name>-without-N`, for Chrome DevTools or speedscope), BENCH_SQL=1 (time spent
 * in each SQL statement of the catalog database, printed per pass),
 * BENCH_STAMPS (a file name: the ml-patterns.io annotations of every entity
 * at the end, to compare the verdicts of two versions of the module),
 * BENCH_REVALIDATE_AFTER_S (the module's `mlPatterns.evidence.revalidateAfter`
 * in seconds; default 300 s, so warm passes revalidate rarely; 15 makes
 * every pass revalidate every repository, the worst case),
 * BENCH_TRICKLE_S (e.g. 20: each pass makes the rows due a few every
 * 200 ms over that many seconds, in random order, instead of all at once —
 * how a production catalog's loop meets them, never idle for long nor
 * flooded; the passes then follow each other without rest and the
 * headline is their CPU time, per two pairs on swapped cores; the
 * marking's own queries, the same in both catalogs, are counted in it),
 * BENCH_SAME_CORE=1 (both catalogs pinned to one core at once, the other
 * core the next pass: their CPU times then compare under the same
 * conditions, but not their pass times, as the first to finish leaves the
 * core to the other; read the CPU ratio),
 * BENCH_CALIBRATE=1 (an A/A run: the catalog "with" the module is started
 * without it too, so the printed ratio is the bench's own bias),
 * BENCH_DB=postgres (both catalogs on PostgreSQL, as in production, instead
 * of in-memory SQLite; BENCH_PG_CONNECTION, default
 * postgresql://postgres:postgres@127.0.0.1:5432 — `scripts/postgres.sh`
 * starts one; databases mlp_bench_with_catalog and
 * mlp_bench_without_catalog are dropped and recreated).
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  MetricsService,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { execFileSync, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  PerformanceObserver,
  constants as perfConstants,
  performance,
} from 'node:perf_hooks';
import v8 from 'node:v8';
import { gzipSync } from 'node:zlib';
import { Session } from 'node:inspector';
import knexFactory from 'knex';
import request from 'supertest';
import catalogModuleMlPatterns from '../src';

const ENTITY_COUNT = Number(process.env.BENCH_ENTITIES ?? 2000);
const REPO_COUNT = Number(process.env.BENCH_REPOS ?? 40);
const PASSES = Number(process.env.BENCH_PASSES ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
/**
 * Production-like passes (BENCH_TRICKLE_S): rows made due a few at a time
 * over this long, in random order, as the catalog's loop finds them in
 * production; 0: all at once.
 */
const TRICKLE_MS = Number(process.env.BENCH_TRICKLE_S ?? 0) * 1000;
/** How often a trickled pass makes the next rows due. */
const TRICKLE_TICK_MS = 200;
const PAUSE_MS = Number(
  process.env.BENCH_PAUSE_MS ?? (TRICKLE_MS ? 0 : 16_000),
);
const GITHUB_LATENCY_MS = Number(process.env.BENCH_GITHUB_LATENCY_MS ?? 0);
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
const SQL_STATS = Boolean(process.env.BENCH_SQL);
const STAMPS_FILE = process.env.BENCH_STAMPS;
const ON_POSTGRES = process.env.BENCH_DB === 'postgres';
/**
 * Timed passes of both catalogs run at the same moment (the default), each
 * on its own core; BENCH_ORDER=abba runs them one after the other.
 */
const TOGETHER = process.env.BENCH_ORDER !== 'abba';
/** Both catalogs on one core at a time (see BENCH_SAME_CORE above). */
const SAME_CORE = Boolean(process.env.BENCH_SAME_CORE);
/** A/A run: the "with" catalog leaves the module out too (the bench's own bias). */
const CALIBRATE = Boolean(process.env.BENCH_CALIBRATE);
const REVALIDATE_AFTER_S = process.env.BENCH_REVALIDATE_AFTER_S
  ? Number(process.env.BENCH_REVALIDATE_AFTER_S)
  : undefined;
const PG_CONNECTION =
  process.env.BENCH_PG_CONNECTION ??
  'postgresql://postgres:postgres@127.0.0.1:5432';

/** The catalog database config of one of the two catalogs. */
async function databaseConfig(label: string) {
  if (!ON_POSTGRES) {
    return { client: 'better-sqlite3', connection: ':memory:' };
  }
  const prefix = `mlp_bench_${label}_`;
  const admin = knexFactory({ client: 'pg', connection: PG_CONNECTION });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${prefix}catalog WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
  return { client: 'pg', connection: PG_CONNECTION, prefix };
}
const PASS_TIMEOUT_MS = 20 * 60_000;
/** The module's default `mlPatterns.processing.indexRefresh`, in seconds. */
const INDEX_REFRESH_S = 300;
/** The mean of the catalog's default processing interval (100–150 s). */
const PRODUCTION_CYCLE_S = 125;

const EXAMPLE_REPOSITORIES = path.resolve(
  __dirname,
  '../../../examples/repositories',
);
const SERVING_TEMPLATES = [
  'recsys-serving',
  'image-classifier-server',
  'object-detector-server',
  'search-ranking',
];
const TRAINING_TEMPLATES = [
  'recsys-training',
  'vision-training',
  'pricing-notebooks',
];
const ORG = 'bench-org';
/** Entities per team block; blocks alternate ML team / non-ML team. */
const BLOCK = 25;

// ---------------------------------------------------------------------------
// Repositories and a stand-in for the GitHub API
// ---------------------------------------------------------------------------

type Files = Array<[string, Buffer]>;

function listFiles(root: string, dir = ''): Files {
  const out: Files = [];
  for (const entry of fs.readdirSync(path.join(root, dir), {
    withFileTypes: true,
  })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(...listFiles(root, rel));
    } else if (entry.name !== 'catalog-info.yaml') {
      out.push([rel, fs.readFileSync(path.join(root, rel))]);
    }
  }
  return out;
}

/** One 512-byte ustar header (what GitHub's archives use, minus pax). */
function tarHeader(name: string, size: number, directory: boolean): Buffer {
  const header = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  const octal = (value: number, length: number) =>
    `${value.toString(8).padStart(length - 1, '0')}\0`;
  header.write(base, 0, 100, 'utf8');
  header.write(octal(directory ? 0o755 : 0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(Date.UTC(2026, 0, 1) / 1000), 12), 136);
  header.write('        ', 148, 'ascii');
  header.write(directory ? '5' : '0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** A gzipped tarball laid out like GitHub's: all under `owner-repo-sha7/`. */
function githubTarball(top: string, files: Files): Buffer {
  const chunks: Buffer[] = [tarHeader(`${top}/`, 0, true)];
  const dirs = new Set<string>();
  for (const [file, body] of files) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${top}/${parts.slice(0, i).join('/')}/`;
      if (!dirs.has(dir)) {
        dirs.add(dir);
        chunks.push(tarHeader(dir, 0, true));
      }
    }
    chunks.push(tarHeader(`${top}/${file}`, body.length, false), body);
    chunks.push(Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  chunks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(chunks));
}

/** Ordinary files around the ML ones: modules, tests, docs (20–140 files). */
function padding(index: number, packageName: string): Files {
  const out: Files = [];
  const count = 20 + ((index * 37) % 121);
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0:
        out.push([
          `docs/page_${i}.md`,
          Buffer.from(`# Page ${i}\n\nHow ${packageName} works, part ${i}.\n`),
        ]);
        break;
      case 1:
        out.push([
          `tests/test_module_${i}.py`,
          Buffer.from(
            `from ${packageName}.module_${
              i - 1
            } import handle\n\n\ndef test_handle():\n    assert handle({}) == {}\n`,
          ),
        ]);
        break;
      default:
        out.push([
          `${packageName}/module_${i}.py`,
          Buffer.from(
            `"""Module ${i}."""\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef handle(payload):\n    log.debug("handling %s", payload)\n    return payload\n`,
          ),
        ]);
    }
  }
  return out;
}

interface Repository {
  name: string;
  sha: string;
  tarball: Buffer;
  files: number;
}

function generateRepositories(): {
  serving: Repository[];
  training: Repository[];
} {
  const templates = new Map<string, Files>();
  for (const name of [...SERVING_TEMPLATES, ...TRAINING_TEMPLATES]) {
    templates.set(name, listFiles(path.join(EXAMPLE_REPOSITORIES, name)));
  }
  const make = (kind: 'serving' | 'training', i: number): Repository => {
    const list = kind === 'serving' ? SERVING_TEMPLATES : TRAINING_TEMPLATES;
    const name = `${kind}-${String(i).padStart(3, '0')}`;
    const sha = createHash('sha1').update(name).digest('hex');
    const files = [
      ...templates.get(list[i % list.length])!,
      ...padding(i, `${kind}_lib`),
    ];
    return {
      name,
      sha,
      files: files.length,
      tarball: githubTarball(`${ORG}-${name}-${sha.slice(0, 7)}`, files),
    };
  };
  const servingCount = Math.ceil(REPO_COUNT / 2);
  return {
    serving: Array.from({ length: servingCount }, (_, i) => make('serving', i)),
    training: Array.from({ length: REPO_COUNT - servingCount }, (_, i) =>
      make('training', i),
    ),
  };
}

/**
 * The three calls Backstage's GithubUrlReader makes to read a tree: the
 * combined status of the ref (names the commit; what ETag revalidation
 * costs), the repository (default branch) and the tarball of the commit.
 */
/** What the stand-in for GitHub has answered. */
interface GithubCounts {
  archive: number;
  /** Archives of a repository that had been downloaded before. */
  redownloads: number;
  status: number;
  other: number;
}

async function startFakeGithub(repositories: Repository[]) {
  const byName = new Map(repositories.map(r => [r.name, r]));
  const counts: GithubCounts = {
    archive: 0,
    redownloads: 0,
    status: 0,
    other: 0,
  };
  const downloaded = new Set<string>();
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown, type = 'json') => {
      const send = () => {
        if (type === 'json') {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        } else {
          res.writeHead(status, { 'Content-Type': 'application/x-gzip' });
          res.end(body as Buffer);
        }
      };
      if (GITHUB_LATENCY_MS > 0) setTimeout(send, GITHUB_LATENCY_MS);
      else send();
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const self = `http://${req.headers.host}`;
    const parts = url.pathname.split('/').filter(Boolean);
    const repo = parts[2] ? byName.get(parts[2]) : undefined;
    if (parts[0] !== 'repos' || parts[1] !== ORG || !repo) {
      counts.other += 1;
      answer(404, { message: 'Not Found' });
    } else if (parts[3] === 'commits' && parts[5] === 'status') {
      counts.status += 1;
      answer(200, {
        sha: repo.sha,
        repository: {
          archive_url: `${self}/repos/${ORG}/${repo.name}/{archive_format}{/ref}`,
          trees_url: `${self}/repos/${ORG}/${repo.name}/git/trees{/sha}`,
        },
      });
    } else if (parts[3] === 'tarball' && parts[4] === repo.sha) {
      counts.archive += 1;
      if (downloaded.has(repo.name)) counts.redownloads += 1;
      downloaded.add(repo.name);
      answer(200, repo.tarball, 'tarball');
    } else if (parts.length === 3) {
      answer(200, { default_branch: 'main' });
    } else {
      counts.other += 1;
      answer(404, { message: 'Not Found' });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, counts, close: () => server.close() };
}

/**
 * The stand-in for GitHub runs in a child process, as GitHub runs
 * elsewhere: its own work is not charged to the catalog WITH the module.
 * It reports its counts over IPC after each request.
 */
async function forkFakeGithub(): Promise<{
  baseUrl: string;
  counts: GithubCounts;
  close: () => void;
}> {
  const child = fork(__filename, [], {
    env: { ...process.env, BENCH_ROLE: 'github' },
  });
  const counts: GithubCounts = {
    archive: 0,
    redownloads: 0,
    status: 0,
    other: 0,
  };
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`fake GitHub exited with ${code}`)),
    );
    child.on('message', (message: any) => {
      if (message.baseUrl) resolve(message.baseUrl);
      if (message.counts) Object.assign(counts, message.counts);
    });
  });
  child.removeAllListeners('exit');
  return { baseUrl, counts, close: () => child.kill() };
}

async function serveFakeGithub() {
  const repos = generateRepositories();
  const github = await startFakeGithub([...repos.serving, ...repos.training]);
  let last = '';
  setInterval(() => {
    const now = JSON.stringify(github.counts);
    if (now !== last) {
      last = now;
      process.send!({ counts: github.counts });
    }
  }, 20);
  process.on('disconnect', () => process.exit(0)); // the bench has ended
  process.send!({ baseUrl: github.baseUrl });
}

// ---------------------------------------------------------------------------
// The organisation, as catalog files
// ---------------------------------------------------------------------------

function source(repo: string): Record<string, string> {
  return {
    'backstage.io/source-location': `url:https://github.com/${ORG}/${repo}/tree/main/`,
  };
}

function component(
  name: string,
  type: string,
  owner: string,
  system: string,
  annotations: Record<string, string>,
  dependsOn: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations, description: `${type} ${name}` },
    spec: {
      type,
      lifecycle: 'production',
      owner,
      system,
      ...(dependsOn.length ? { dependsOn } : {}),
    },
  };
}

function resource(
  name: string,
  type: string,
  owner: string,
  system: string,
  annotations: Record<string, string>,
  dependsOn: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations, description: `${type} ${name}` },
    spec: {
      type,
      owner,
      system,
      ...(dependsOn.length ? { dependsOn } : {}),
    },
  };
}

function teamBasics(t: number, users: number): Entity[] {
  const team = `team-${t}`;
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: team },
      spec: { type: 'team', children: [] },
    },
    ...Array.from(
      { length: users },
      (_, u): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: `person-${t}-${u}` },
        spec: { memberOf: [team] },
      }),
    ),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${t}` },
      spec: { owner: team },
    },
  ];
}

/**
 * An ML team (25 entities, 13 in scope): group, 5 users, system, dataset,
 * 2 training pipelines, 6 models (4 of them without a source of their own:
 * their code is the training pipeline they depend on), 4 services serving
 * models (one of them serving three: All-in-one; two sharing a
 * kubernetes-id), a model server, 2 plain services, a database, a library.
 */
function mlTeam(
  t: number,
  repos: { serving: Repository[]; training: Repository[] },
): Entity[] {
  const team = `team-${t}`;
  const system = `system-${t}`;
  const servingRepo = (k: number) =>
    repos.serving[(t * 5 + k) % repos.serving.length].name;
  const trainingRepo = (k: number) =>
    repos.training[(t * 2 + k) % repos.training.length].name;
  const libs = [
    'scikit-learn==1.4.2',
    'torch==2.2.2',
    'onnxruntime==1.17.3, numpy==1.26.4',
    'lightgbm==4.3.0',
  ];
  const entities: Entity[] = [...teamBasics(t, 5)];
  entities.push(resource(`dataset-${t}`, 'dataset', team, system, {}));
  for (let k = 0; k < 2; k++) {
    entities.push(
      component(
        `training-${t}-${k}`,
        'training-pipeline',
        team,
        system,
        source(trainingRepo(k)),
        [`resource:dataset-${t}`],
      ),
    );
  }
  for (let m = 0; m < 6; m++) {
    entities.push(
      resource(
        `model-${t}-${m}`,
        'ml-model',
        team,
        system,
        {
          'ml-patterns.io/required-libraries': libs[(t + m) % libs.length],
          ...(m >= 4 ? source(trainingRepo(m % 2)) : {}),
        },
        [`component:training-${t}-${m % 2}`, `resource:dataset-${t}`],
      ),
    );
  }
  const served = [[0, 1, 2], [3], [4], [5]];
  served.forEach((models, k) =>
    entities.push(
      component(
        `serving-${t}-${k}`,
        'service',
        team,
        system,
        {
          ...source(servingRepo(k)),
          'backstage.io/kubernetes-id': `serving-${t}-${k < 2 ? 0 : k}`,
        },
        models.map(m => `resource:model-${t}-${m}`),
      ),
    ),
  );
  entities.push(
    component(
      `model-server-${t}`,
      'model-server',
      team,
      system,
      {
        ...source(servingRepo(4)),
        'backstage.io/kubernetes-id': `model-server-${t}`,
      },
      [`resource:model-${t}-5`],
    ),
  );
  entities.push(resource(`db-${t}-0`, 'database', team, system, {}));
  for (let k = 0; k < 2; k++) {
    entities.push(
      component(
        `app-${t}-${k}`,
        'service',
        team,
        system,
        source(`app-${t}-${k}`),
        [`resource:db-${t}-0`],
      ),
    );
  }
  entities.push(
    component(`lib-${t}-0`, 'library', team, system, source(`lib-${t}-0`)),
  );
  return entities;
}

/**
 * An ordinary team (25 entities, none in scope): group, 6 users, system,
 * 8 services (depending on databases and on each other), 3 websites,
 * 2 libraries, 3 databases, an API.
 */
function plainTeam(t: number): Entity[] {
  const team = `team-${t}`;
  const system = `system-${t}`;
  const entities: Entity[] = [...teamBasics(t, 6)];
  for (let k = 0; k < 8; k++) {
    entities.push(
      component(
        `app-${t}-${k}`,
        'service',
        team,
        system,
        source(`app-${t}-${k}`),
        [
          `resource:db-${t}-${k % 3}`,
          ...(k > 0 ? [`component:app-${t}-0`] : []),
        ],
      ),
    );
  }
  for (let k = 0; k < 3; k++) {
    entities.push(
      component(
        `web-${t}-${k}`,
        'website',
        team,
        system,
        source(`web-${t}-${k}`),
      ),
    );
  }
  for (let k = 0; k < 2; k++) {
    entities.push(
      component(
        `lib-${t}-${k}`,
        'library',
        team,
        system,
        source(`lib-${t}-${k}`),
      ),
    );
  }
  for (let k = 0; k < 3; k++) {
    entities.push(resource(`db-${t}-${k}`, 'database', team, system, {}));
  }
  entities.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: `api-${t}` },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: team,
      system,
      definition:
        'openapi: 3.0.0\ninfo:\n  title: API\n  version: 1.0.0\npaths: {}\n',
    },
  });
  return entities;
}

function toYaml(entities: Entity[]): string {
  // JSON is YAML; one document per entity.
  return entities.map(e => `---\n${JSON.stringify(e)}\n`).join('');
}

function writeCatalog(repos: {
  serving: Repository[];
  training: Repository[];
}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-patterns-bench-'));
  const blocks = Math.ceil(ENTITY_COUNT / BLOCK);
  const targets: string[] = [];
  let entities = 0;
  let inScope = 0;
  for (let t = 0; t < blocks; t++) {
    const isMl = t % 2 === 0;
    const list = isMl ? mlTeam(t, repos) : plainTeam(t);
    entities += list.length;
    if (isMl) inScope += 13;
    const file = `team-${String(t).padStart(3, '0')}.yaml`;
    fs.writeFileSync(path.join(dir, file), toYaml(list));
    targets.push(`./${file}`);
  }
  const root = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(
    root,
    toYaml([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: 'bench-org' },
        spec: { targets },
      },
    ]),
  );
  return { dir, root, entities, inScope, files: blocks };
}

// ---------------------------------------------------------------------------
// Two catalogs, and a probe on their processing
// ---------------------------------------------------------------------------

/**
 * The catalog's own metrics, counted: `catalog.processing.queue.delay` is
 * recorded when an entity is taken up, `catalog.processed.entities.count`
 * when it is done (result: unchanged, changed, errors, failed), and
 * `catalog.processors.duration` is the time its processors took.
 */
class ProcessingProbe {
  done = 0;
  firstStart = 0;
  lastEnd = 0;
  processorSeconds = 0;
  results: Record<string, number> = {};
  private target = Infinity;
  private onTarget: () => void = () => {};

  started() {
    if (this.firstStart === 0) this.firstStart = performance.now();
  }

  finished(result: string) {
    this.done += 1;
    this.lastEnd = performance.now();
    this.results[result] = (this.results[result] ?? 0) + 1;
    if (this.done >= this.target) this.onTarget();
  }

  /** Resolves once `count` more entities have been processed. */
  expect(count: number): Promise<void> {
    this.done = 0;
    this.firstStart = 0;
    this.lastEnd = 0;
    this.processorSeconds = 0;
    this.results = {};
    this.target = count;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`pass timed out after ${this.done}/${count}`)),
        PASS_TIMEOUT_MS,
      );
      this.onTarget = () => {
        clearTimeout(timer);
        this.target = Infinity;
        resolve();
      };
    });
  }

  metrics(): MetricsService {
    const noop = { add() {}, record() {} };
    const observable = { addCallback() {}, removeCallback() {} };
    return {
      createCounter: (name: string) =>
        name === 'catalog.processed.entities.count'
          ? {
              add: (_: number, attributes?: Record<string, unknown>) =>
                this.finished(String(attributes?.result ?? 'unknown')),
            }
          : noop,
      createHistogram: (name: string) => {
        if (name === 'catalog.processing.queue.delay') {
          return { record: () => this.started() };
        }
        if (name === 'catalog.processors.duration') {
          return {
            record: (seconds: number) => {
              this.processorSeconds += seconds;
            },
          };
        }
        return noop;
      },
      createUpDownCounter: () => noop,
      createGauge: () => noop,
      createObservableCounter: () => observable,
      createObservableUpDownCounter: () => observable,
      createObservableGauge: () => observable,
    } as MetricsService;
  }
}

interface Catalog {
  label: string;
  probe: ProcessingProbe;
  /** HTTP requests the backend answered, by method and path. */
  requests: Map<string, number>;
  knex: () => Promise<any>;
  server: any;
  stop: () => Promise<void>;
}

async function startCatalog(options: {
  label: string;
  withModule: boolean;
  root: string;
  githubApi: string;
}): Promise<Catalog> {
  const probe = new ProcessingProbe();
  let database: Promise<any> | undefined;
  const grabDatabase = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-database',
    register(reg) {
      reg.registerInit({
        deps: { db: coreServices.database },
        async init({ db }) {
          database = db.getClient();
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      grabDatabase,
      ...(options.withModule && !CALIBRATE ? [catalogModuleMlPatterns] : []),
      createServiceFactory({
        service: metricsServiceRef,
        deps: {},
        factory: () => probe.metrics(),
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: await databaseConfig(
              options.withModule ? 'with' : 'without',
            ),
          },
          integrations: {
            github: [
              { host: 'github.com', apiBaseUrl: options.githubApi, token: 'x' },
            ],
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'API',
                  'System',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                ],
              },
            ],
            locations: [{ type: 'file', target: options.root }],
            // Park the catalog's own loop: the bench starts every pass.
            processingInterval: { hours: 24 },
          },
          ...(REVALIDATE_AFTER_S !== undefined && {
            mlPatterns: {
              evidence: { revalidateAfter: { seconds: REVALIDATE_AFTER_S } },
            },
          }),
        },
      }),
    ],
  });
  // The module asks the catalog about related entities over its HTTP API.
  const requests = new Map<string, number>();
  backend.server.on('request', (req: http.IncomingMessage) => {
    const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
  });
  return {
    label: options.label,
    probe,
    requests,
    knex: async () => {
      if (!database) throw new Error('catalog database not available');
      return database;
    },
    server: backend.server,
    stop: () => backend.stop(),
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function countRows(knex: any, table: string, where?: (q: any) => void) {
  const query = knex(table).count({ n: '*' });
  if (where) where(query);
  const [{ n }] = await query;
  return Number(n);
}

/** Waits until the first cycle is over: all entities in, processed, stitched. */
async function waitForIngestion(catalog: Catalog, entities: number) {
  const knex = await catalog.knex();
  let quietSince = 0;
  let lastDone = -1;
  for (;;) {
    const nonLocations = await countRows(knex, 'refresh_state', q =>
      q.whereNot('entity_ref', 'like', 'location:%'),
    );
    const unprocessed = await countRows(knex, 'refresh_state', q =>
      q.whereNull('processed_entity'),
    );
    const due = await countRows(knex, 'refresh_state', q =>
      q.where('next_update_at', '<=', knex.fn.now()),
    );
    const stitching = await countRows(knex, 'stitch_queue');
    const done = catalog.probe.done;
    if (done !== lastDone) {
      lastDone = done;
      quietSince = performance.now();
    }
    process.stdout.write(
      `\r${catalog.label}: ${nonLocations}/${entities} entities, ${unprocessed} unprocessed, ${due} due, ${stitching} to stitch…   `,
    );
    if (
      nonLocations >= entities &&
      unprocessed === 0 &&
      due === 0 &&
      stitching === 0 &&
      performance.now() - quietSince > 3000
    ) {
      process.stdout.write('\n');
      return;
    }
    await sleep(500);
  }
}

interface Pass {
  ms: number;
  rows: number;
  /** Entities processed again after the pass (children of a changed Location). */
  extra: number;
  downloads: number;
  /** Downloads of a repository that had been downloaded before. */
  redownloads: number;
  revalidations: number;
  /** In-scope entities whose processor cache held evidence before the pass. */
  cachedEvidence: number;
  /** Bytes of every entity's processing state (`refresh_state.cache`). */
  stateBytes: number;
  /** CPU time of the catalog's process during the pass (all its threads). */
  cpuMs: number;
  /** Time the catalog's process spent in garbage collection pauses during the pass. */
  gcMs: number;
  /** Of which full (mark-compact) collections: count and time. */
  majorGcs: number;
  majorGcMs: number;
  /** Heap in use when the pass started, MiB. */
  heapMiB: number;
  results: Record<string, number>;
  processorMsPerEntity: number;
  /** Catalog API requests during the pass, by method and path. */
  apiRequests: Record<string, number>;
}

/**
 * Entities whose ml-patterns processor cache points at evidence (its
 * location and ETag; the evidence is in the module's table),
 * and the size of all processing state (the catalog reads, parses and
 * compares it for every entity on every pass).
 */
async function countCachedEvidence(
  knex: any,
): Promise<{ count: number; stateBytes: number }> {
  const rows: Array<{ cache: string | null }> = await knex(
    'refresh_state',
  ).select('cache');
  let n = 0;
  let stateBytes = 0;
  for (const { cache } of rows) {
    stateBytes += Buffer.byteLength(cache ?? '');
    // The processing state: { ttl, cache: { <processor name>: { <key>: … } } }
    if (JSON.parse(cache ?? '{}')?.cache?.MlPatternsProcessor?.evidence?.etag) {
      n++;
    }
  }
  return { count: n, stateBytes };
}

/** Time per SQL statement shape, from knex's query events. */
function sqlTimer(knex: any) {
  const stats = new Map<string, { n: number; ms: number }>();
  const pending = new Map<string, [string, number]>();
  const onQuery = (q: any) =>
    pending.set(q.__knexQueryUid, [
      String(q.sql)
        .replace(/\?(, ?\?)*/g, '?')
        .slice(0, 140),
      performance.now(),
    ]);
  const onResponse = (_: unknown, q: any) => {
    const started = pending.get(q.__knexQueryUid);
    if (!started) return;
    pending.delete(q.__knexQueryUid);
    const entry = stats.get(started[0]) ?? { n: 0, ms: 0 };
    entry.n += 1;
    entry.ms += performance.now() - started[1];
    stats.set(started[0], entry);
  };
  knex.on('query', onQuery);
  knex.on('query-response', onResponse);
  return (label: string) => {
    knex.removeListener('query', onQuery);
    knex.removeListener('query-response', onResponse);
    console.log(`  SQL of ${label} (top 8 by time):`);
    for (const [sql, e] of [...stats]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 8)) {
      console.log(
        `    ${e.ms.toFixed(0).padStart(6)} ms ${String(e.n).padStart(
          5,
        )}×  ${sql}`,
      );
    }
  };
}

/** Garbage collection pauses of this process so far (a catalog's process). */
let gcPauseMs = 0;
/** Of which full collections (mark-compact), and how many. */
let majorGcMs = 0;
let majorGcs = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    gcPauseMs += entry.duration;
    const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
      majorGcMs += entry.duration;
      majorGcs += 1;
    }
  }
}).observe({ entryTypes: ['gc'] });

/**
 * Makes every `refresh_state` row due: at once, or (BENCH_TRICKLE_S) a
 * slice every TRICKLE_TICK_MS, in the random order of their ids, as a
 * production catalog's loop meets rows that came due at scattered times.
 */
async function markDue(knex: any) {
  if (!TRICKLE_MS) {
    await knex('refresh_state').update({ next_update_at: knex.fn.now() });
    return;
  }
  const ids: string[] = (
    await knex('refresh_state').select('entity_id').orderBy('entity_id')
  ).map((row: { entity_id: string }) => row.entity_id);
  const ticks = Math.max(1, Math.round(TRICKLE_MS / TRICKLE_TICK_MS));
  const start = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const slice = ids.slice(
      Math.floor((tick * ids.length) / ticks),
      Math.floor(((tick + 1) * ids.length) / ticks),
    );
    if (slice.length) {
      await knex('refresh_state')
        .whereIn('entity_id', slice)
        .update({ next_update_at: knex.fn.now() });
    }
    await sleep(
      Math.max(0, start + (tick + 1) * TRICKLE_TICK_MS - performance.now()),
    );
  }
}

/**
 * One pass of a catalog, in its own process: every `refresh_state` row
 * due, then wait until all are processed and the catalog has settled.
 * GitHub counts are the parent's to fill in.
 */
async function measurePass(
  catalog: Catalog,
  measure: (pass: () => Promise<void>) => Promise<void> = pass => pass(),
): Promise<Pass> {
  const knex = await catalog.knex();
  const rows = await countRows(knex, 'refresh_state');
  const { count: cachedEvidence, stateBytes } = await countCachedEvidence(knex);
  catalog.requests.clear();
  const sql = SQL_STATS ? sqlTimer(knex) : undefined;
  const heapMiB = v8.getHeapStatistics().used_heap_size / 2 ** 20;
  const cpuBefore = process.cpuUsage();
  const gcBefore = { ms: gcPauseMs, majorMs: majorGcMs, majors: majorGcs };
  await measure(async () => {
    const finished = catalog.probe.expect(rows);
    await markDue(knex);
    await finished;
  });
  const cpu = process.cpuUsage(cpuBefore);
  const probe = catalog.probe;
  const pass: Pass = {
    ms: probe.lastEnd - probe.firstStart,
    rows,
    extra: 0,
    downloads: 0,
    redownloads: 0,
    revalidations: 0,
    cachedEvidence,
    stateBytes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    gcMs: gcPauseMs - gcBefore.ms,
    majorGcs: majorGcs - gcBefore.majors,
    majorGcMs: majorGcMs - gcBefore.majorMs,
    heapMiB,
    results: { ...probe.results },
    processorMsPerEntity: (probe.processorSeconds * 1000) / rows,
    apiRequests: Object.fromEntries(catalog.requests),
  };
  sql?.(catalog.label);
  // Settle: nothing due, nothing to stitch, no processing for 500 ms.
  let quietSince = performance.now();
  let seen = probe.done;
  for (;;) {
    await sleep(100);
    if (probe.done !== seen) {
      seen = probe.done;
      quietSince = performance.now();
      continue;
    }
    const due = await countRows(knex, 'refresh_state', q =>
      q.where('next_update_at', '<=', knex.fn.now()),
    );
    const stitching = await countRows(knex, 'stitch_queue');
    if (due === 0 && stitching === 0 && performance.now() - quietSince > 500) {
      break;
    }
  }
  pass.extra = probe.done - rows;
  return pass;
}

const lastPassEnd = new Map<CatalogProcess, number>();

/**
 * A pass of each catalog, started at the same moment: each has a core of
 * the machine to itself and both see the same machine, so a slow or fast
 * spell of a shared host hits both. The GitHub calls are the module's
 * (the catalog without it makes none).
 */
async function runPasses(
  catalogs: CatalogProcess[],
  github: { counts: GithubCounts },
  timed = false,
): Promise<Pass[]> {
  // A short rest between passes of a catalog (see BENCH_PAUSE_MS).
  const since = Math.min(
    ...catalogs.map(c => performance.now() - (lastPassEnd.get(c) ?? 0)),
  );
  if (since < PAUSE_MS) await sleep(PAUSE_MS - since);
  const downloads = github.counts.archive;
  const redownloads = github.counts.redownloads;
  const revalidations = github.counts.status;
  const passes = await Promise.all(
    catalogs.map(c => c.call<Pass>('pass', { timed })),
  );
  await sleep(50); // the fake GitHub reports its counts every 20 ms
  catalogs.forEach((catalog, i) => {
    lastPassEnd.set(catalog, performance.now());
    if (catalog.withModule) {
      passes[i].downloads = github.counts.archive - downloads;
      passes[i].redownloads = github.counts.redownloads - redownloads;
      passes[i].revalidations = github.counts.status - revalidations;
    }
  });
  return passes;
}

/** Full garbage collections of a catalog's passes: mean count and time per pass. */
function fullGcs(passes: Pass[]): string {
  const count = passes.reduce((n, p) => n + p.majorGcs, 0) / passes.length;
  const ms = passes.reduce((n, p) => n + p.majorGcMs, 0) / passes.length;
  return `${count.toFixed(2)} (${ms.toFixed(0)} ms)`;
}

/** A pass that changed nothing: what a warm cycle of an unchanged catalog is. */
function isClean(pass: Pass): boolean {
  return pass.extra === 0 && pass.results.unchanged === pass.rows;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * A 95 % bootstrap interval of the median of `values`: how far the median
 * could move with other draws of the same noise. Seeded, so that one set
 * of passes always gives the same interval.
 */
function medianInterval(values: number[], resamples = 4000): [number, number] {
  let seed = 0x9e3779b9;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians = Array.from({ length: resamples }, () =>
    median(values.map(() => values[Math.floor(random() * values.length)])),
  ).sort((a, b) => a - b);
  return [
    medians[Math.floor(0.025 * resamples)],
    medians[Math.ceil(0.975 * resamples) - 1],
  ];
}

/** The target as judged on the estimate and on its interval. */
function verdict(estimate: number, interval: [number, number]): string {
  if (estimate > 1.05) return 'MISSED';
  return interval[1] <= 1.05
    ? 'OK (the whole interval is within it)'
    : `OK on the estimate; not shown (the interval reaches ${interval[1].toFixed(
        3,
      )})`;
}

function summarize(pass: Pass): string {
  const results = Object.entries(pass.results)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${pass.ms.toFixed(0).padStart(6)} ms  (${pass.rows} rows: ${results}${
    pass.extra ? `, ${pass.extra} re-queued after` : ''
  }; processors ${pass.processorMsPerEntity.toFixed(
    2,
  )} ms/entity; ${Object.values(pass.apiRequests).reduce(
    (n, v) => n + v,
    0,
  )} catalog API requests; downloads ${pass.downloads}, revalidations ${
    pass.revalidations
  }, cached evidence ${pass.cachedEvidence}, state ${(
    pass.stateBytes / 1024
  ).toFixed(0)} KiB; CPU ${pass.cpuMs.toFixed(0)} ms, GC ${pass.gcMs.toFixed(
    0,
  )} ms (${pass.majorGcs} full: ${pass.majorGcMs.toFixed(
    0,
  )} ms); heap ${pass.heapMiB.toFixed(0)} MiB before)`;
}

async function countStamped(server: any, filter: string): Promise<number> {
  const res = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({ filter, limit: 1 })
    .set('Authorization', mockCredentials.service.header());
  if (res.status !== 200) {
    throw new Error(`catalog answered ${res.status} for ${filter}`);
  }
  return res.body.totalItems;
}

/**
 * What one full read of the processor's slice index costs (the request it
 * makes every `mlPatterns.processing.indexRefresh`): the same filter,
 * fields and page size, through the catalog's HTTP API. Median of 5.
 */
async function timeSliceRead(
  server: any,
): Promise<{ entities: number; ms: number; cpuMs: number }> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let entities = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    entities = 0;
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '1000' });
      if (cursor) {
        query.set('cursor', cursor);
      } else {
        query.append('filter', 'kind=component,kind=resource');
        query.append('filter', 'metadata.annotations.ml-patterns.io/scope');
        query.set(
          'fields',
          'kind,metadata.name,metadata.namespace,metadata.annotations,spec.type,spec.dependsOn,spec.dependencyOf',
        );
      }
      const res = await request(server)
        .get(`/api/catalog/entities/by-query?${query}`)
        .set('Authorization', mockCredentials.service.header());
      if (res.status !== 200) {
        throw new Error(`catalog answered ${res.status} for the slice read`);
      }
      entities += res.body.items.length;
      cursor = res.body.pageInfo?.nextCursor;
    } while (cursor);
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return { entities, ms: median(times), cpuMs: median(cpuTimes) };
}

/** Samples the CPU only while a measured pass runs; one profile per pass. */
function cpuProfiler(file: string | undefined) {
  const profiles: Array<{ label: string; profile: object }> = [];
  if (!file) {
    return {
      during: (_label: string, run: () => Promise<void>) => run(),
      save: async () => {},
    };
  }
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  return {
    async during(label: string, run: () => Promise<void>) {
      await post('Profiler.enable');
      await post('Profiler.start');
      try {
        await run();
      } finally {
        profiles.push({
          label,
          profile: (await post('Profiler.stop')).profile,
        });
      }
    },
    async save() {
      const counts: Record<string, number> = {};
      for (const { label, profile } of profiles) {
        counts[label] = (counts[label] ?? 0) + 1;
        fs.writeFileSync(
          file.replace(
            /(\.cpuprofile)?$/,
            `-${label}-${counts[label]}.cpuprofile`,
          ),
          JSON.stringify(profile),
        );
      }
      session.disconnect();
    },
  };
}

/**
 * A catalog in a process of its own, as in production: its heap, garbage
 * collection and CPU time are its own, so neither catalog's work is
 * charged to the other (in one process, the second catalog started ran up
 * to 10 % faster or slower than an identical first one).
 */
interface CatalogProcess {
  label: string;
  withModule: boolean;
  call<T>(cmd: string, args?: object): Promise<T>;
  /** Pins the process, all its threads, to one CPU; false if it can't. */
  pin(cpu: number): boolean;
}

async function forkCatalog(options: {
  label: string;
  withModule: boolean;
  root: string;
  githubApi: string;
}): Promise<CatalogProcess> {
  const child = fork(__filename, [], {
    env: {
      ...process.env,
      BENCH_ROLE: 'catalog',
      BENCH_CATALOG: JSON.stringify(options),
    },
  });
  const pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`${options.label} catalog exited with ${code}`)),
    );
    child.on('message', (message: any) => {
      if (message.ready) resolve();
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', code => {
    for (const { reject } of pending.values()) {
      reject(new Error(`${options.label} catalog exited with ${code}`));
    }
  });
  return {
    label: options.label,
    withModule: options.withModule,
    pin: cpu => {
      try {
        execFileSync('taskset', ['-a', '-cp', String(cpu), String(child.pid)], {
          stdio: 'ignore',
        });
        return true;
      } catch {
        return false; // no taskset (not Linux), or fewer CPUs
      }
    },
    call: (cmd, args = {}) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      }),
  };
}

/** The catalog process: starts one catalog and answers the bench's calls. */
async function serveCatalog() {
  const options = JSON.parse(process.env.BENCH_CATALOG!);
  const catalog = await startCatalog(options);
  const profiler = cpuProfiler(CPU_PROFILE);
  const profileLabel = options.withModule ? 'with' : 'without';
  const calls: Record<string, (args: any) => Promise<unknown>> = {
    ingest: async ({ entities }) => {
      const started = performance.now();
      await waitForIngestion(catalog, entities);
      return performance.now() - started;
    },
    pass: ({ timed }) =>
      measurePass(
        catalog,
        timed ? run => profiler.during(profileLabel, run) : undefined,
      ),
    countStamped: ({ filter }) => countStamped(catalog.server, filter),
    sliceRead: () => timeSliceRead(catalog.server),
    stamps: () => readStamps(catalog),
    rssMb: async () => process.resourceUsage().maxRSS / 1024,
    stop: async () => {
      await profiler.save();
      await catalog.stop();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', async (message: any) => {
    try {
      const result = await calls[message.cmd](message.args);
      process.send!({ id: message.id, result });
    } catch (error) {
      process.send!({ id: message.id, error: String((error as Error).stack) });
    }
  });
  process.on('disconnect', () => process.exit(0)); // the bench has ended
  process.send!({ ready: true });
}

/** The ml-patterns.io annotations of every entity, one line each. */
async function readStamps(catalog: Catalog): Promise<string[]> {
  const knex = await catalog.knex();
  const rows: Array<{ entity_ref: string; final_entity: string }> = await knex(
    'final_entities',
  ).select('entity_ref', 'final_entity');
  return rows
    .map(({ entity_ref, final_entity }) => {
      const annotations = JSON.parse(final_entity).metadata.annotations ?? {};
      const ours = Object.keys(annotations)
        .filter(k => k.startsWith('ml-patterns.io/'))
        .sort()
        .map(k => `${k}=${annotations[k]}`);
      return `${entity_ref} ${ours.join(' ')}`;
    })
    .sort();
}

async function main() {
  const startedAt = performance.now();
  const repos = generateRepositories();
  const allRepos = [...repos.serving, ...repos.training];
  const github = await forkFakeGithub();
  const catalogFiles = writeCatalog(repos);
  const archiveBytes = allRepos.reduce((n, r) => n + r.tarball.length, 0);
  console.log(
    `${catalogFiles.entities} entities (${catalogFiles.inScope} in scope) in ${catalogFiles.files} catalog files under ${catalogFiles.dir}`,
  );
  console.log(
    `${allRepos.length} repositories (${repos.serving.length} serving, ${
      repos.training.length
    } training), ${Math.min(...allRepos.map(r => r.files))}–${Math.max(
      ...allRepos.map(r => r.files),
    )} files, ${(archiveBytes / 1024).toFixed(0)} KiB of archives`,
  );

  // First cycle of each catalog, one after the other (cold: downloads).
  const without = await forkCatalog({
    label: 'without module',
    withModule: false,
    root: catalogFiles.root,
    githubApi: github.baseUrl,
  });
  const ingestWithout = await without.call<number>('ingest', {
    entities: catalogFiles.entities,
  });
  lastPassEnd.set(without, performance.now());
  if (github.counts.archive !== 0) {
    throw new Error('the catalog without the module read repositories');
  }

  const withModule = await forkCatalog({
    label: 'with module',
    withModule: true,
    root: catalogFiles.root,
    githubApi: github.baseUrl,
  });
  const ingestWith = await withModule.call<number>('ingest', {
    entities: catalogFiles.entities,
  });
  lastPassEnd.set(withModule, performance.now());
  const coldDownloads = github.counts.archive;
  const coldRevalidations = github.counts.status;

  // Warm-up passes (the second cycle first), untimed; more while a pass
  // still changes entities (relations settling after the first cycle).
  const warmup: Array<{ without: Pass; with: Pass }> = [];
  for (let i = 0; i < WARMUP + 4; i++) {
    const [a] = await runPasses([without], github);
    const [b] = await runPasses([withModule], github);
    warmup.push({ without: a, with: b });
    console.log(`warm-up ${i + 1}: without ${summarize(a)}`);
    console.log(`warm-up ${i + 1}: with    ${summarize(b)}`);
    if (i + 1 >= WARMUP && isClean(a) && isClean(b)) break;
  }

  // Timed passes: both catalogs at once, or one after the other (ABBA).
  const timedWithout: Pass[] = [];
  const timedWith: Pass[] = [];
  let pinned = TOGETHER && os.cpus().length >= 2;
  for (let i = 0; i < PASSES; i++) {
    const order: CatalogProcess[] =
      i % 2 === 0 ? [without, withModule] : [withModule, without];
    if (pinned) {
      // `order` alternates: each catalog is on the other core next pass.
      pinned = SAME_CORE
        ? order[0].pin(i % 2) && order[1].pin(i % 2)
        : order[0].pin(0) && order[1].pin(1);
    }
    const passes = TOGETHER
      ? await runPasses(order, github, true)
      : [
          ...(await runPasses([order[0]], github, true)),
          ...(await runPasses([order[1]], github, true)),
        ];
    for (const [n, catalog] of order.entries()) {
      const pass = passes[n];
      (catalog === without ? timedWithout : timedWith).push(pass);
      console.log(
        `pass ${i + 1}: ${
          catalog === without ? 'without' : 'with   '
        } ${summarize(pass)}${
          isClean(pass) ? '' : '  (NOT CLEAN: entities changed)'
        }`,
      );
    }
  }

  // Did the module do its work? Stamps by role, none without the module.
  const roles = ['model', 'serving-unit', 'repository'];
  const stamped: Record<string, number> = {};
  for (const role of roles) {
    stamped[role] = await withModule.call<number>('countStamped', {
      filter: `metadata.annotations.ml-patterns.io/role=${role}`,
    });
  }
  const stampedTotal = roles.reduce((n, r) => n + stamped[r], 0);
  const withUnknown = await withModule.call<number>('countStamped', {
    filter: 'metadata.annotations.ml-patterns.io/all-in-one=unknown',
  });
  const stampedWithout = await without.call<number>('countStamped', {
    filter: 'metadata.annotations.ml-patterns.io/role',
  });
  const sliceRead = await withModule.call<{
    entities: number;
    ms: number;
    cpuMs: number;
  }>('sliceRead');

  const withPasses = [...warmup.map(w => w.with), ...timedWith];
  const secondCycle = withPasses[0];
  const laterPasses = withPasses.slice(1);
  const medianWithout = median(timedWithout.map(p => p.ms));
  const medianWith = median(timedWith.map(p => p.ms));
  const procWithout = median(timedWithout.map(p => p.processorMsPerEntity));
  const procWith = median(timedWith.map(p => p.processorMsPerEntity));
  const ratio = medianWith / medianWithout;
  // Each timed pass of one catalog runs right before or after the same
  // pass of the other: their ratio cancels the machine's slower and faster
  // minutes (this machine's pass times drift by 2x over minutes).
  const ratiosInOrder = timedWith.map((p, i) => p.ms / timedWithout[i].ms);
  const pairedRatios = [...ratiosInOrder].sort((a, b) => a - b);
  // Pairs 2k and 2k+1 ran with the catalogs' cores swapped.
  const swapped = pinned && !SAME_CORE && ratiosInOrder.length >= 2;
  const bySwappedPairs = (inOrder: number[]) =>
    inOrder
      .flatMap((r, i) => (i % 2 === 1 ? [Math.sqrt(inOrder[i - 1] * r)] : []))
      .sort((a, b) => a - b);
  const swappedRatios = swapped ? bySwappedPairs(ratiosInOrder) : [];
  const cpuRatiosInOrder = timedWith.map(
    (p, i) => p.cpuMs / timedWithout[i].cpuMs,
  );
  const cpuRatios = [...cpuRatiosInOrder].sort((a, b) => a - b);
  // On one core, the pass times of the two catalogs are not comparable;
  // trickled passes last as long as the trickle, whatever they cost.
  const headlineIsCpu = (pinned && SAME_CORE) || TRICKLE_MS > 0;
  let headlineSamples = pairedRatios;
  if (headlineIsCpu) {
    headlineSamples = swapped ? bySwappedPairs(cpuRatiosInOrder) : cpuRatios;
  } else if (swapped) headlineSamples = swappedRatios;
  const headline = median(headlineSamples);
  const headlineInterval = medianInterval(headlineSamples);
  let pinning = '';
  let pinningLine = `
    (catalogs not pinned to cores: ${
      TOGETHER ? 'no taskset, or one CPU' : 'one after the other'
    })`;
  if (pinned && SAME_CORE) {
    pinning = ', on one core, swapped';
    pinningLine = '';
  } else if (swapped) {
    pinning = ', on swapped cores';
    // Trickled passes: only their CPU times say what they cost.
    const shown = TRICKLE_MS ? headlineSamples : swappedRatios;
    pinningLine = `
    ${
      TRICKLE_MS ? 'CPU ' : ''
    }ratio per two pairs on swapped cores (median of ${shown.length}): ${median(
      shown,
    ).toFixed(3)}; range ${shown[0].toFixed(3)}–${shown[
      shown.length - 1
    ].toFixed(3)}`;
  }
  if (TRICKLE_MS) {
    pinning = `, rows made due over ${TRICKLE_MS / 1000} s${pinning}`;
  }
  const quartile = (q: number) =>
    pairedRatios[
      Math.min(pairedRatios.length - 1, Math.floor(q * pairedRatios.length))
    ];
  const secondDownloads = secondCycle.downloads;
  const laterDownloads = laterPasses.reduce((n, p) => n + p.downloads, 0);
  const rssWith = await withModule.call<number>('rssMb');
  const rssWithout = await without.call<number>('rssMb');
  // The slice read is made every indexRefresh whatever the passes do; in
  // production its cost is spread over the cycles it falls in.
  const readsPerCycle = PRODUCTION_CYCLE_S / INDEX_REFRESH_S;
  const sliceReadPerCycle = sliceRead.ms * readsPerCycle;

  if (CALIBRATE) {
    console.log(
      '\nA/A CALIBRATION: neither catalog has the module; the ratio below is the bench bias.',
    );
  }
  console.log(`
Catalog processing on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite (in memory)'}, ${
    catalogFiles.entities
  } entities (${catalogFiles.inScope} in scope, ${stampedTotal} stamped: ${roles
    .map(r => `${stamped[r]} ${r}`)
    .join(', ')}; ${withUnknown} with an unknown All-in-one verdict), ${
    timedWith[0]?.rows ?? 0
  } refresh_state rows per pass
  first cycle (cold):   without ${(ingestWithout / 1000).toFixed(1)} s, with ${(
    ingestWith / 1000
  ).toFixed(
    1,
  )} s; ${coldDownloads} archive downloads, ${coldRevalidations} status calls
  warm passes (${PASSES} each, ${
    TOGETHER ? `both catalogs at once${pinning}` : 'ABBA'
  }, after ${warmup.length} untimed; ≥ ${(PAUSE_MS / 1000).toFixed(
    0,
  )} s between passes of a catalog):
    without module: median ${medianWithout.toFixed(
      0,
    )} ms per pass  (${timedWithout.map(p => p.ms.toFixed(0)).join(', ')})
    with module:    median ${medianWith.toFixed(0)} ms per pass  (${timedWith
    .map(p => p.ms.toFixed(0))
    .join(', ')})
    ratio of the medians with/without: ${ratio.toFixed(3)}${
    TRICKLE_MS
      ? '  (trickled: pass times follow the trickle, not the cost)'
      : ''
  }
    ratio per pair (median of ${pairedRatios.length}): ${median(
    pairedRatios,
  ).toFixed(3)}; quartiles ${quartile(0.25).toFixed(3)}–${quartile(
    0.75,
  ).toFixed(3)}, range ${pairedRatios[0]?.toFixed(3)}–${pairedRatios[
    pairedRatios.length - 1
  ]?.toFixed(3)}${pinningLine}
    => ${headline.toFixed(3)}${
    headlineIsCpu ? ' (CPU time)' : ''
  }, 95 % interval ${headlineInterval[0].toFixed(
    3,
  )}–${headlineInterval[1].toFixed(3)}   (target ≤ 1.05)  ${verdict(
    headline,
    headlineInterval,
  )}
    CPU per pass (median, of the catalog's process): without ${median(
      timedWithout.map(p => p.cpuMs),
    ).toFixed(0)} ms, with ${median(timedWith.map(p => p.cpuMs)).toFixed(
    0,
  )} ms; per pair, with/without: ${median(cpuRatios).toFixed(
    3,
  )} (median); GC pauses per pass (median): without ${median(
    timedWithout.map(p => p.gcMs),
  ).toFixed(0)} ms, with ${median(timedWith.map(p => p.gcMs)).toFixed(
    0,
  )} ms, of which full collections (mean per pass): without ${fullGcs(
    timedWithout,
  )}, with ${fullGcs(
    timedWith,
  )}; heap in use at a pass's start (median): without ${median(
    timedWithout.map(p => p.heapMiB),
  ).toFixed(0)} MiB, with ${median(timedWith.map(p => p.heapMiB)).toFixed(
    0,
  )} MiB; processing state: without ${(
    (timedWithout[0]?.stateBytes ?? 0) / 1024
  ).toFixed(0)} KiB, with ${((timedWith[0]?.stateBytes ?? 0) / 1024).toFixed(
    0,
  )} KiB
    processors per entity (median): without ${procWithout.toFixed(
      2,
    )} ms, with ${procWith.toFixed(2)} ms
    catalog API requests per pass with the module: ${Object.entries(
      timedWith[timedWith.length - 1]?.apiRequests ?? {},
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}
  repository downloads: cycle 1 ${coldDownloads}; cycle 2 ${secondDownloads}, of a repository downloaded before ${
    secondCycle.redownloads
  } (target 0) ${secondCycle.redownloads === 0 ? 'OK' : 'MISSED'}: ${
    catalogFiles.inScope - secondCycle.cachedEvidence
  } in-scope entities had no evidence of their own yet (their source or scope needs entities the first cycle had not stitched yet), ${
    secondCycle.cachedEvidence
  } had; cycles 3–${withPasses.length + 1}: ${laterDownloads} (target 0) ${
    laterDownloads === 0 ? 'OK' : 'MISSED'
  }
  slice index refresh (one full read of ${
    sliceRead.entities
  } entities, on its own): ${sliceRead.ms.toFixed(
    0,
  )} ms, ${sliceRead.cpuMs.toFixed(0)} ms CPU; every ${
    INDEX_REFRESH_S / 60
  } min by default, so ~${readsPerCycle.toFixed(
    2,
  )} reads per production cycle (${PRODUCTION_CYCLE_S} s): +${sliceReadPerCycle.toFixed(
    0,
  )} ms a cycle, +${(sliceReadPerCycle / medianWithout).toFixed(
    3,
  )} on the ratio (passes that had one show 2 catalog API requests)
  revalidations (GitHub status calls) per warm pass (revalidateAfter ${
    REVALIDATE_AFTER_S ?? 300
  } s): ${timedWith.map(p => p.revalidations).join(', ')}
  stamped entities in the catalog without the module: ${stampedWithout}
  peak RSS of the catalog processes: without ${rssWithout.toFixed(
    0,
  )} MB, with ${rssWith.toFixed(0)} MB
  total bench time ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);

  if (STAMPS_FILE) {
    const stamps = await withModule.call<string[]>('stamps');
    fs.writeFileSync(STAMPS_FILE, `${stamps.join('\n')}\n`);
  }
  await withModule.call('stop');
  await without.call('stop');
  github.close();
  fs.rmSync(catalogFiles.dir, { recursive: true, force: true });
}

const ROLES: Record<string, () => Promise<void>> = {
  github: serveFakeGithub,
  catalog: serveCatalog,
};

(ROLES[process.env.BENCH_ROLE ?? ''] ?? main)().then(
  () => {
    if (!process.env.BENCH_ROLE) process.exit(0);
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
