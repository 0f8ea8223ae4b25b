/*
 * Benchmark: scorecards from the stamp table, at 10,000 and 50,000 entities.
 *
 * Fills the ml-patterns backend plugin's stamp table (SQLite, and PostgreSQL
 * when reachable) with the scorecards bench's generated organisation, through
 * the same writes its refresh makes, then times the scorecards service for
 * each grouping and three callers: ALLOW (reads every entity), CONDITIONAL by
 * ownership (a user in two of the 100 teams: IS_ENTITY_OWNER) and CONDITIONAL
 * by kind (every generated kind: every entity passes the conditions, the most
 * rows to test). Each request asks the permission service (immediate here)
 * and runs the queries a REST request runs, without HTTP.
 *
 * - cold: the first request on a new connection pool, as after an idle spell
 *   (the pool closes idle connections; nothing else is kept in memory);
 * - warm: a new caller on every request, on an open pool.
 *
 * It also times a refresh of the table against an in-memory catalog with
 * nothing changed, and with 1 % of the entities changed (the table's own
 * share of a refresh: the catalog's read of the versions is not included).
 *
 * Target: p90 ≤ 300 ms at 50,000 entities, for every caller.
 *
 * Run: yarn bench:scorecard-table   (from the repository root)
 * Options: --entities 10000,50000 --runs 30 --cold-runs 10;
 * BENCH_PG_CONNECTION (default postgresql://postgres:postgres@127.0.0.1:5432;
 * PostgreSQL is skipped when it cannot be reached).
 */
import {
  BackstageCredentials,
  DatabaseService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { ScorecardGroupBy } from '@ml-patterns/plugin-ml-patterns-common';
import { knex, Knex } from 'knex';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { percentile } from '../shared/statistics';
import { generateStampedCatalog } from './stampedCatalog';
// The plugin does not export its scorecard internals; the bench reaches
// them by path, like ../shared/pluginInternals.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { ScorecardService } from '../../../../plugins/ml-patterns-backend/src/scorecards/ScorecardService';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { toStampedEntity } from '../../../../plugins/ml-patterns-backend/src/scorecards/stampedEntity';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { entitySearchRows } from '../../../../plugins/ml-patterns-backend/src/scorecards/table/entitySearchRows';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { refreshStampTable } from '../../../../plugins/ml-patterns-backend/src/scorecards/table/refreshStampTable';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { StampTable } from '../../../../plugins/ml-patterns-backend/src/scorecards/table/StampTable';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { StampTableAccess } from '../../../../plugins/ml-patterns-backend/src/scorecards/table/StampTableAccess';

function listOption(name: string, fallback: number[]): number[] {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1].split(',').map(Number) : fallback;
}

const SIZES = listOption('entities', [10_000, 50_000]);
const [RUNS] = listOption('runs', [30]);
const [COLD_RUNS] = listOption('cold-runs', [10]);
const PG_CONNECTION =
  process.env.BENCH_PG_CONNECTION ??
  'postgresql://postgres:postgres@127.0.0.1:5432';
const PG_DATABASE = 'ml_patterns_bench_stamp_table';

const condition = (rule: string, params: object) => ({
  rule,
  resourceType: 'catalog-entity',
  params,
});
const conditional = (conditions: object): PolicyDecision =>
  ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions,
  } as PolicyDecision);

/** Each bench caller's catalog read decision, by the prefix of their name. */
const CALLERS: Record<string, PolicyDecision> = {
  allow: { result: AuthorizeResult.ALLOW },
  owner: conditional(
    condition('IS_ENTITY_OWNER', {
      claims: ['group:default/team-7', 'group:default/team-8'],
    }),
  ),
  kinds: conditional(
    condition('IS_ENTITY_KIND', {
      kinds: ['Component', 'Resource', 'System', 'Domain'],
    }),
  ),
};

const permissions: PermissionsService = {
  async authorize(requests) {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  },
  async authorizeConditional(queries, options) {
    const principal = options.credentials.principal as {
      userEntityRef?: string;
    };
    const name = principal.userEntityRef?.split('/')[1] ?? '';
    const decision = CALLERS[name.split('-')[0]] ?? {
      result: AuthorizeResult.DENY,
    };
    return queries.map(() => decision) as any;
  },
};

/** The generated entities as the catalog would serve them: refs, uids, etags, relations. */
function asCatalogEntities(entities: Entity[]): Entity[] {
  return entities.map((entity, i) => {
    const namespace = entity.metadata.namespace ?? 'default';
    const spec = (entity.spec ?? {}) as { owner?: string; system?: string };
    const ownerRef = spec.owner?.includes(':')
      ? spec.owner
      : `group:${namespace}/${spec.owner}`;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        namespace,
        uid: `uid-${i}`,
        etag: `etag-${i}`,
      },
      relations: spec.owner
        ? [{ type: 'ownedBy', targetRef: ownerRef.toLowerCase() }]
        : [],
    };
  });
}

function openDatabase(kind: 'sqlite' | 'pg'): Knex {
  return kind === 'sqlite'
    ? knex({
        client: 'better-sqlite3',
        connection: { filename: `${os.tmpdir()}/${PG_DATABASE}.sqlite` },
        useNullAsDefault: true,
      })
    : knex({
        client: 'pg',
        connection: `${PG_CONNECTION}/${PG_DATABASE}`,
      });
}

async function freshDatabase(kind: 'sqlite' | 'pg'): Promise<boolean> {
  if (kind === 'sqlite') {
    const fs = await import('node:fs/promises');
    await fs.rm(`${os.tmpdir()}/${PG_DATABASE}.sqlite`, { force: true });
    return true;
  }
  const admin = knex({ client: 'pg', connection: PG_CONNECTION });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${PG_DATABASE}`);
    await admin.raw(`CREATE DATABASE ${PG_DATABASE}`);
    return true;
  } catch (error) {
    console.log(`PostgreSQL skipped: ${String(error)}`);
    return false;
  } finally {
    await admin.destroy();
  }
}

function database(db: Knex): DatabaseService {
  return { getClient: async () => db, migrations: { skip: false } };
}

function service(table: StampTable): ScorecardService {
  return new ScorecardService(catalogServiceMock(), {
    table: new StampTableAccess(table, { permissions, maxAgeMs: 3_600_000 }),
  });
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  return `p50 ${f(percentile(sorted, 50))}  p90 ${f(
    percentile(sorted, 90),
  )}  max ${f(sorted[sorted.length - 1])}`;
}

async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

let callerCount = 0;
function caller(kind: string): BackstageCredentials {
  callerCount += 1;
  return mockCredentials.user(`user:default/${kind}-${callerCount}`);
}

async function benchOne(kind: 'sqlite' | 'pg', size: number): Promise<void> {
  if (!(await freshDatabase(kind))) {
    return;
  }
  const entities = asCatalogEntities(generateStampedCatalog(size));
  let db = openDatabase(kind);
  const table = await StampTable.create({ database: database(db) });

  // The first fill, as a refresh writes it.
  const stamped = entities.filter(e => e.metadata.name.startsWith('ml-'));
  const systems = entities.filter(e => e.kind === 'System');
  const fill = await timed(async () => {
    for (let i = 0; i < stamped.length; i += 200) {
      await table.writeStamped(
        stamped.slice(i, i + 200).map(entity => ({
          entity: toStampedEntity(entity),
          etag: entity.metadata.etag!,
          facts: entitySearchRows(entity),
        })),
      );
    }
    await table.writeSystems(
      systems.map(system => ({
        entityRef: `system:default/${system.metadata.name}`,
        etag: system.metadata.etag!,
        kind: system.kind,
        domainRef: `domain:default/${String(
          (system.spec as { domain: string }).domain,
        )}`,
        facts: entitySearchRows(system),
      })),
    );
    await table.markRefreshed(Date.now());
  });
  // What autovacuum does soon after a fill in production: statistics for
  // the planner, and the visibility map that lets it read indexes alone.
  await db.raw(kind === 'pg' ? 'VACUUM ANALYZE' : 'ANALYZE');
  const facts = await db('scorecard_entity_facts').count({ n: '*' });
  console.log(
    `\n${kind} ${size} entities: first fill ${(fill.ms / 1000).toFixed(
      1,
    )} s (${Number(facts[0].n)} field rows)`,
  );

  // Refreshes against an in-memory catalog: the table's own share.
  const catalog = catalogServiceMock({ entities });
  const auth = {
    getOwnServiceCredentials: async () => mockCredentials.service(),
  } as any;
  const unchanged = await timed(() =>
    refreshStampTable({ catalog, auth, table }),
  );
  const changedEntities = entities.map((e, i) =>
    e.metadata.name.startsWith('ml-') && i % 100 === 0
      ? { ...e, metadata: { ...e.metadata, etag: `${e.metadata.etag}-2` } }
      : e,
  );
  const changed = await timed(() =>
    refreshStampTable({
      catalog: catalogServiceMock({ entities: changedEntities }),
      auth,
      table,
    }),
  );
  console.log(
    `  refresh, nothing changed: ${(unchanged.ms / 1000).toFixed(
      2,
    )} s; 1 % changed (${changed.value.written} written): ${(
      changed.ms / 1000
    ).toFixed(2)} s  (in-memory catalog)`,
  );

  for (const callerKind of Object.keys(CALLERS)) {
    for (const groupBy of ['owner', 'system', 'domain'] as ScorecardGroupBy[]) {
      const cold: number[] = [];
      let counted = 0;
      for (let run = 0; run < COLD_RUNS; run++) {
        await db.destroy();
        db = openDatabase(kind);
        const cards = service(new StampTable(db));
        const { ms, value } = await timed(() =>
          cards.scorecards({ groupBy, credentials: caller(callerKind) }),
        );
        cold.push(ms);
        counted = value.rows.reduce((n, r) => n + r.entityCount, 0);
      }
      const cards = service(new StampTable(db));
      const warm: number[] = [];
      for (let run = 0; run < RUNS + 2; run++) {
        const { ms } = await timed(() =>
          cards.scorecards({ groupBy, credentials: caller(callerKind) }),
        );
        if (run >= 2) warm.push(ms);
      }
      console.log(
        `  ${callerKind.padEnd(5)} groupBy=${groupBy.padEnd(
          6,
        )} counted ${String(counted).padStart(6)}  cold ${summary(
          cold,
        )}  |  warm ${summary(warm)}  (load ${os.loadavg()[0].toFixed(1)})`,
      );
    }
  }
  await db.destroy();
}

async function main() {
  console.log(
    `stamp table bench: ${SIZES.join(
      ', ',
    )} entities, ${COLD_RUNS} cold and ${RUNS} warm requests per line; load ${os
      .loadavg()[0]
      .toFixed(1)} at the start (target: p90 ≤ 300 ms)`,
  );
  for (const size of SIZES) {
    for (const kind of ['sqlite', 'pg'] as const) {
      await benchOne(kind, size);
    }
  }
  console.log(`\nload ${os.loadavg()[0].toFixed(1)} at the end`);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
