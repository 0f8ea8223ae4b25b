/*
 * Benchmark: team scorecards over 10,000 stamped entities.
 *
 * Starts a real backend in-process (the real catalog backend on SQLite and
 * the ml-patterns backend plugin), loads 10,000 entities carrying the
 * annotations the catalog processor stamps (plus their groups, systems and
 * domains) through an entity provider, waits until the catalog has processed
 * them all, then times `GET /api/ml-patterns/v1/scorecards` for each
 * grouping:
 *
 * (a) a new user on every request, with the shared snapshot warm: the
 *     normal case for users the permission framework lets read the whole
 *     catalog (everyone when the framework is off); also while a background
 *     refresh of the snapshot runs, as happens every half TTL in steady use;
 * (b) the first request after the dashboards sat idle for longer than
 *     `mlPatterns.scorecards.cacheTtl` but less than `maxStale`: answered
 *     from the older snapshot while a fresh one is read; and (b') after an
 *     idle spell longer than `maxStale` (or the very first request, before
 *     the start-up pre-load has finished): it waits for the plugin's
 *     catalog read (timed for the owner grouping only: each waits maxStale);
 * (c) a new user on every request whose catalog read is CONDITIONAL (a
 *     policy limiting what they see): their own catalog read, as every cold
 *     request was before the snapshot; and (d) that user again, from the
 *     per-caller cache.
 *
 * Target: ≤ 300 ms per request.
 *
 * Run: yarn bench   (in plugins/ml-patterns-backend)
 * Options (env): BENCH_ENTITIES (default 10000), BENCH_RUNS (default 15),
 * BENCH_EXPIRED_RUNS (default 3; each waits for the TTL or maxStale to
 * pass), BENCH_TTL_SECONDS (mlPatterns.scorecards.cacheTtl, default 30),
 * BENCH_MAX_STALE_SECONDS (mlPatterns.scorecards.maxStale, default 45 to
 * keep the bench short; 10 minutes in production).
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { performance } from 'perf_hooks';
import request from 'supertest';
import mlPatternsPlugin from '../src';
import { aggregateScorecards } from '../src/scorecards/aggregateScorecards';
import {
  DRILL_DOWN_FIELDS,
  SCORECARD_FIELDS,
  toStampedEntity,
} from '../src/scorecards/stampedEntity';

const ENTITY_COUNT = Number(process.env.BENCH_ENTITIES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const EXPIRED_RUNS = Number(process.env.BENCH_EXPIRED_RUNS ?? 3);
const TTL_MS = Number(process.env.BENCH_TTL_SECONDS ?? 30) * 1000;
const MAX_STALE_MS = Number(process.env.BENCH_MAX_STALE_SECONDS ?? 45) * 1000;
const TEAMS = 100;
const SYSTEMS = 200;
const DOMAINS = 12;
const GRADES = ['a', 'b', 'c', 'd', 'e', 'f'];
const ROLE_OF_TYPE: Record<string, string> = {
  'ml-model': 'model',
  'model-server': 'serving-unit',
  'training-pipeline': 'repository',
};

const LOCATION = 'bench:generated';
const managed = {
  'backstage.io/managed-by-location': LOCATION,
  'backstage.io/managed-by-origin-location': LOCATION,
};

/** Deterministic pseudo-random numbers, so every run scores the same catalog. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function generate(): Entity[] {
  const random = prng(42);
  const entities: Entity[] = [];
  for (let d = 0; d < DOMAINS; d++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: { name: `domain-${d}`, annotations: managed },
      spec: { owner: 'group:default/platform' },
    });
  }
  for (let s = 0; s < SYSTEMS; s++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}`, annotations: managed },
      spec: { owner: `team-${s % TEAMS}`, domain: `domain-${s % DOMAINS}` },
    });
  }
  for (let i = 0; i < ENTITY_COUNT; i++) {
    const kindPick = i % 10;
    const isModel = kindPick < 3;
    let type = 'training-pipeline';
    if (isModel) {
      type = 'ml-model';
    } else if (kindPick < 8) {
      type = 'model-server';
    }
    const scored = random() > 0.05;
    const score = Math.floor(random() * 101);
    const annotations: Record<string, string> = {
      ...managed,
      [OUTPUT_ANNOTATIONS.role]: ROLE_OF_TYPE[type],
      [OUTPUT_ANNOTATIONS.coverage]: String(Math.floor(random() * 101)),
      [OUTPUT_ANNOTATIONS.allInOne]: random() < 0.1 ? 'detected' : 'clear',
      [OUTPUT_ANNOTATIONS.onlyMe]: random() < 0.2 ? 'detected' : 'clear',
      [OUTPUT_ANNOTATIONS.releasePattern]:
        type === 'model-server' ? 'model-load' : 'not-applicable',
      [OUTPUT_ANNOTATIONS.failedChecks]:
        'only-me/code-review,only-me/pinned-dependencies',
      [OUTPUT_ANNOTATIONS.rulesetVersion]: '1',
    };
    if (scored) {
      annotations[OUTPUT_ANNOTATIONS.score] = String(score);
      annotations[OUTPUT_ANNOTATIONS.grade] =
        GRADES[Math.min(5, Math.floor((100 - score) / 17))];
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: isModel ? 'Resource' : 'Component',
      metadata: {
        name: `ml-entity-${i}`,
        annotations,
        description: 'A generated ML entity for the scorecard benchmark',
      },
      spec: {
        type,
        owner:
          i % 7 === 0 ? `user:default/person-${i % 50}` : `team-${i % TEAMS}`,
        system: `system-${i % SYSTEMS}`,
        ...(isModel ? {} : { lifecycle: 'production' }),
      },
    });
  }
  return entities;
}

class BenchEntityProvider implements EntityProvider {
  constructor(private readonly entities: Entity[]) {}
  getProviderName() {
    return 'ml-patterns-bench';
  }
  async connect(connection: EntityProviderConnection) {
    await connection.applyMutation({
      type: 'full',
      entities: this.entities.map(entity => ({
        entity,
        locationKey: LOCATION,
      })),
    });
  }
}

/** Users whose catalog read the bench policy makes CONDITIONAL. */
const CONDITIONAL_USERS = 'user:default/bench-conditional-';

/**
 * A permission policy for the whole backend (the catalog applies it too):
 * everyone may read the catalog, except the CONDITIONAL_USERS, who may read
 * the kinds the benchmark generates (so they still see every entity, but
 * through their own, conditionally filtered catalog read). Decisions are
 * immediate, like the default with the permission framework off.
 */
const benchPermissions = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const conditional: PolicyDecision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: ['Component', 'Resource', 'System', 'Domain'] },
      },
    };
    return {
      async authorize(requests) {
        return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
      async authorizeConditional(queries, options) {
        const principal = options.credentials.principal as {
          type?: string;
          userEntityRef?: string;
        };
        const limited =
          principal.type === 'user' &&
          !!principal.userEntityRef?.startsWith(CONDITIONAL_USERS);
        return queries.map(query =>
          limited && query.permission.resourceType === 'catalog-entity'
            ? conditional
            : { result: AuthorizeResult.ALLOW },
        );
      },
    };
  },
});

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

async function main() {
  const entities = generate();
  const benchEntities = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'ml-patterns-bench',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider(new BenchEntityProvider(entities));
        },
      });
    },
  });

  const startedAt = performance.now();
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      benchEntities,
      mlPatternsPlugin,
      benchPermissions,
      mockServices.rootConfig.factory({
        data: {
          catalog: { processingInterval: { minutes: 60 } },
          mlPatterns: {
            history: { frequency: { hours: 24 } },
            scorecards: {
              cacheTtl: { milliseconds: TTL_MS },
              maxStale: { milliseconds: MAX_STALE_MS },
            },
          },
        },
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
    ],
  });
  const auth = mockCredentials.service.header();
  const server = backend.server;

  // Wait until the catalog has processed and stitched every stamped entity.
  const filter = `metadata.annotations.${OUTPUT_ANNOTATIONS.role}`;
  for (;;) {
    const res = await request(server)
      .get(
        `/api/catalog/entities/by-query?filter=${encodeURIComponent(
          filter,
        )}&limit=1`,
      )
      .set('Authorization', auth);
    const total = res.body?.totalItems ?? 0;
    if (total >= ENTITY_COUNT) {
      break;
    }
    process.stdout.write(
      `\rcatalog has processed ${total}/${ENTITY_COUNT} entities…`,
    );
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
  console.log(
    `\ncatalog ready with ${ENTITY_COUNT} stamped entities in ${(
      (performance.now() - startedAt) /
      1000
    ).toFixed(1)} s`,
  );

  const results: string[] = [];

  /** One scorecards request; its server-side time and what it counted. */
  async function scorecardsRequest(groupBy: string, caller: string) {
    const t0 = performance.now();
    const res = await request(server)
      .get(`/api/ml-patterns/v1/scorecards?groupBy=${groupBy}`)
      .set('Authorization', mockCredentials.user.header(caller));
    const elapsed = performance.now() - t0;
    if (res.status !== 200) {
      throw new Error(
        `scorecards answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    const counted = res.body.rows.reduce(
      (n: number, r: { entityCount: number }) => n + r.entityCount,
      0,
    );
    return { elapsed, rows: res.body.rows.length as number, counted };
  }

  function summary(times: number[], rows: number): string {
    const sorted = [...times].sort((a, b) => a - b);
    return `rows=${String(rows).padStart(4)}  median ${percentile(
      sorted,
      50,
    ).toFixed(0)} ms  p90 ${percentile(sorted, 90).toFixed(0)} ms  max ${sorted[
      sorted.length - 1
    ].toFixed(0)} ms  (n=${sorted.length})`;
  }

  /**
   * Times `runs` requests of one grouping, after `warmup` untimed ones;
   * `callerOf(run)` picks who asks. Every answer must count every entity.
   */
  async function timeScorecards(
    groupBy: string,
    callerOf: (run: number) => string,
    options: { runs?: number; warmup?: number; before?: () => Promise<void> },
  ): Promise<string> {
    const runs = options.runs ?? RUNS;
    const warmup = options.warmup ?? 2;
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < runs + warmup; run++) {
      await options.before?.();
      const result = await scorecardsRequest(groupBy, callerOf(run));
      if (result.counted !== ENTITY_COUNT) {
        throw new Error(
          `groupBy=${groupBy} counted ${result.counted} entities, expected ${ENTITY_COUNT}`,
        );
      }
      rows = result.rows;
      if (run >= warmup) {
        times.push(result.elapsed);
      }
    }
    return summary(times, rows);
  }

  // The snapshot pre-loaded at start-up may predate the catalog's
  // processing: ask until it has caught up (a background refresh past half
  // the TTL, or a read once it expired), which also warms up the JIT.
  for (let i = 0; ; i++) {
    const { counted } = await scorecardsRequest('owner', 'user:default/prime');
    if (counted === ENTITY_COUNT) break;
    if (i > (2 * TTL_MS) / 1000) {
      throw new Error(`the snapshot never counted ${ENTITY_COUNT} entities`);
    }
    await sleep(1000);
  }

  let users = 0;
  const newUser = () => `user:default/bench-${users++}`;
  for (const groupBy of ['owner', 'system', 'domain']) {
    const label = `groupBy=${groupBy.padEnd(6)}`;
    // (b') Idle for longer than maxStale before each request: it waits.
    const expired =
      groupBy === 'owner'
        ? await timeScorecards(groupBy, newUser, {
            runs: EXPIRED_RUNS,
            warmup: 0,
            before: () => sleep(MAX_STALE_MS + 1000),
          })
        : undefined;
    // (b) Idle for longer than the TTL (less than maxStale) before each
    // request: answered from the older snapshot, a fresh read starts.
    const idle = await timeScorecards(groupBy, newUser, {
      runs: EXPIRED_RUNS,
      warmup: 0,
      before: async () => {
        await sleep(3000); // the previous request's fresh read lands
        await sleep(TTL_MS + 1000);
      },
    });
    // The last of those started a fresh read just now; let it land.
    const loadedAt = performance.now();
    await sleep(3000);
    // (a) Warm: well within half the TTL of that read.
    const warm = await timeScorecards(groupBy, newUser, {});
    // (a) Past half the TTL: the first request starts a background
    // refresh, the next ones run while it reads the catalog.
    const untilHalf = loadedAt + TTL_MS / 2 + 100 - performance.now();
    await sleep(Math.max(0, untilHalf));
    const refreshing = await timeScorecards(groupBy, newUser, {
      runs: RUNS,
      warmup: 0,
    });
    await sleep(3000); // let the refresh finish before the next figures
    // (c) and (d): the per-caller path.
    const conditional = await timeScorecards(
      groupBy,
      run => `${CONDITIONAL_USERS}${groupBy}-${run}`,
      {},
    );
    const conditionalAgain = await timeScorecards(
      groupBy,
      () => `${CONDITIONAL_USERS}${groupBy}-session`,
      {},
    );
    results.push(`${label} (a) new user, snapshot warm         ${warm}`);
    results.push(`${label} (a) new user, during its refresh    ${refreshing}`);
    results.push(`${label} (b) first request after idle > TTL  ${idle}`);
    if (expired) {
      results.push(
        `${label} (b') first request after idle > maxStale ${expired}`,
      );
    }
    results.push(`${label} (c) CONDITIONAL user, first request ${conditional}`);
    results.push(
      `${label} (d) CONDITIONAL user, same again    ${conditionalAgain}`,
    );
  }

  // Where the time goes: the catalog query alone, in the two shapes the
  // catalog API offers (one unpaged read, or cursor pages of 1,000).
  const fields = SCORECARD_FIELDS.join(',');
  /** The projected stamped entities in cursor pages, as `header` reads them. */
  async function pagedRead(
    header: string,
    limit = 1000,
    projection = fields,
  ): Promise<number> {
    let n = 0;
    let cursor: string | undefined;
    do {
      const query = cursor
        ? `cursor=${encodeURIComponent(cursor)}&limit=${limit}`
        : `filter=${encodeURIComponent(
            filter,
          )}&fields=${projection}&limit=${limit}`;
      const res = await request(server)
        .get(`/api/catalog/entities/by-query?${query}`)
        .set('Authorization', header);
      n += res.body.items.length;
      cursor = res.body.pageInfo?.nextCursor;
    } while (cursor);
    return n;
  }
  const catalogShapes: Array<[string, () => Promise<number>]> = [
    [
      'catalog /entities (unpaged)',
      async () => {
        const res = await request(server)
          .get(
            `/api/catalog/entities?filter=${encodeURIComponent(
              filter,
            )}&fields=${fields}`,
          )
          .set('Authorization', auth);
        return res.body.length;
      },
    ],
    [
      'catalog /entities/by-query (pages of 1000), as a service',
      () => pagedRead(auth),
    ],
    [
      'catalog /entities/by-query (pages of 1000), as a user',
      () => pagedRead(mockCredentials.user.header()),
    ],
    [
      "catalog /entities/by-query (pages of 1000), as a service, the snapshot's fields",
      () => pagedRead(auth, 1000, DRILL_DOWN_FIELDS.join(',')),
    ],
    [
      "catalog /entities/by-query (pages of 250), as a service, the snapshot's fields",
      () => pagedRead(auth, 250, DRILL_DOWN_FIELDS.join(',')),
    ],
  ];
  for (const [label, run] of catalogShapes) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const n = await run();
      if (n !== ENTITY_COUNT) {
        throw new Error(`${label} returned ${n} entities`);
      }
      if (i >= 2) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push(
      `${label}: median ${percentile(times, 50).toFixed(
        0,
      )} ms  p90 ${percentile(times, 90).toFixed(0)} ms`,
    );
  }

  // Our own share: parsing the projected entities and folding them into
  // rows, in-process, without the catalog.
  {
    const projected: Entity[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor
        ? `cursor=${encodeURIComponent(cursor)}&limit=1000`
        : `filter=${encodeURIComponent(filter)}&fields=${fields}&limit=1000`;
      const res = await request(server)
        .get(`/api/catalog/entities/by-query?${query}`)
        .set('Authorization', auth);
      projected.push(...res.body.items);
      cursor = res.body.pageInfo?.nextCursor;
    } while (cursor);
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const t0 = performance.now();
      const rows = aggregateScorecards(
        projected.map(toStampedEntity),
        e => e.ownerRef,
      );
      if (rows.length === 0) throw new Error('no rows');
      if (i >= 2) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    results.push(
      `in-process parse + aggregate (no catalog): median ${percentile(
        times,
        50,
      ).toFixed(1)} ms  p90 ${percentile(times, 90).toFixed(1)} ms`,
    );
  }

  console.log(
    `\nGET /api/ml-patterns/v1/scorecards over ${ENTITY_COUNT} stamped entities, ${RUNS} runs each (target ≤ 300 ms):`,
  );
  for (const line of results) {
    console.log(`  ${line}`);
  }
  await backend.stop();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
