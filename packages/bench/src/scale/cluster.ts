import { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import { Replica, forkReplica } from './replica/forkReplica';
import { ReplicaOptions } from './replica/ReplicaOptions';
import { makeUnstampedDue } from './makeUnstampedDue';
import { retryOnDeadlock } from './retryOnDeadlock';
import {
  SharedCatalog,
  countStamped,
  openCatalogDatabase,
} from './sharedCatalog';
import { waitFor } from './waitFor';

/** Backend replicas on one catalog database, and what they have processed. */
export interface Cluster {
  replicas: Replica[];
  db: Knex;
  /** Every process forked, to be ended at the end. */
  forked: Array<Pick<Replica, 'kill'>>;
}

/**
 * Starts `labels.length` replicas of one catalog, one after the other (the
 * first migrates the database), each with its own integration token.
 */
export async function startCluster(
  catalog: SharedCatalog,
  labels: string[],
  options: Omit<ReplicaOptions, 'label' | 'token' | 'connection' | 'prefix'>,
  forked: Array<Pick<Replica, 'kill'>>,
): Promise<Cluster> {
  const replicas: Replica[] = [];
  for (const label of labels) {
    replicas.push(
      await forkReplica(
        {
          ...options,
          label,
          token: label,
          connection: catalog.connection,
          prefix: catalog.prefix,
        },
        forked,
      ),
    );
  }
  return { replicas, db: openCatalogDatabase(catalog), forked };
}

async function count(
  db: Knex,
  table: string,
  where: (q: Knex.QueryBuilder) => void = () => {},
) {
  const query = db(table).count({ n: '*' });
  where(query);
  const [{ n }] = await query;
  return Number(n);
}

/** The first cycle: its wall time, and how the harness completed it. */
export interface FirstCycle {
  ms: number;
  /**
   * Rows made due again for in-scope entities still unstamped after
   * processing and stitching, summed over the times that happened.
   */
  madeDueAgain: number;
  /** How many times the harness did so. */
  extraPasses: number;
}

/**
 * Waits until the catalog holds `entities` processed entities (plus
 * locations), nothing due, nothing to stitch, and every in-scope entity
 * (`inScopeRefs`; none without the module) stamped: the end of the first
 * cycle.
 */
export async function waitForIngestion(
  cluster: Cluster,
  entities: number,
  inScopeRefs: readonly string[],
): Promise<FirstCycle> {
  const started = performance.now();
  const stamped = inScopeRefs.length;
  let madeDueAgain = 0;
  let extraPasses = 0;
  await waitFor('the first cycle', 60 * 60_000, async () => {
    const { db } = cluster;
    const processed = await count(db, 'refresh_state', q =>
      q
        .whereNotNull('processed_entity')
        .whereNot('entity_ref', 'like', 'location:%'),
    );
    const due = await count(db, 'refresh_state', q =>
      q.where('next_update_at', '<=', db.fn.now()),
    );
    const stitching = await count(db, 'stitch_queue');
    // Polled every half second for the whole cycle, with the module only:
    // counted from an index, not by reading and parsing every stored entity
    // (a cost per poll that grows with the catalog, and that the cycles
    // without the module never paid).
    const stamps = stamped ? await countStamped(db) : 0;
    process.stdout.write(
      `\r  ${processed}/${entities} processed, ${due} due, ${stitching} to stitch, ${stamps}/${stamped} stamped…   `,
    );
    if (processed < entities || due > 0 || stitching > 0) return undefined;
    if (stamps >= stamped) return true;
    // Entities in scope through a relation (a service serving a model) are
    // stamped at their next processing once the relation is stitched: the
    // catalog's loop, parked here, would reprocess them. Only their rows,
    // so that the cycle does no work the catalog would not.
    madeDueAgain += await makeUnstampedDue(db, inScopeRefs);
    extraPasses += 1;
    return undefined;
  });
  process.stdout.write('\n');
  return { ms: performance.now() - started, madeDueAgain, extraPasses };
}

/** A cycle in which no replica processed anything for this long has stalled. */
const STALLED_MS = 10 * 60_000;

/** Entities processed by each replica so far (0 for one that has exited). */
export async function processedBy(cluster: Cluster): Promise<number[]> {
  return Promise.all(
    cluster.replicas.map(r => r.call<number>('processed').catch(() => 0)),
  );
}

/** CPU seconds each replica has used since it started (NaN for one that has exited). */
export async function cpuSecondsBy(cluster: Cluster): Promise<number[]> {
  return Promise.all(
    cluster.replicas.map(r => r.call<number>('cpuS').catch(() => NaN)),
  );
}

/**
 * One processing cycle: every row made due at once; ends when the counted
 * replicas (all by default) have together processed `share` of the rows.
 * Returns the cycle's wall time, each replica's part, and the CPU seconds
 * each replica used during it (all of its threads; the database's not).
 */
export async function runCycle(
  cluster: Cluster,
  options: { counted?: number[]; share?: number; profile?: boolean } = {},
): Promise<{ ms: number; byReplica: number[]; cpuS: number[] }> {
  const { db, replicas } = cluster;
  const profile = options.profile ?? true;
  const counted = options.counted ?? replicas.map((_, i) => i);
  const rows = await count(db, 'refresh_state');
  const before = await processedBy(cluster);
  const cpuBefore = await cpuSecondsBy(cluster);
  if (profile) {
    await Promise.all(
      replicas.map(r => r.call('startProfile').catch(() => undefined)),
    );
  }
  const started = performance.now();
  await retryOnDeadlock(() =>
    db('refresh_state').update({ next_update_at: db.fn.now() }),
  );
  let progress = { done: -1, at: started };
  for (;;) {
    const now = await processedBy(cluster);
    const byReplica = now.map((n, i) => n - before[i]);
    const done = counted.reduce((sum, i) => sum + byReplica[i], 0);
    if (done >= (options.share ?? 1) * rows) {
      const ms = performance.now() - started;
      const cpuAfter = await cpuSecondsBy(cluster);
      if (profile) {
        await Promise.all(
          replicas.map(r => r.call('stopProfile').catch(() => undefined)),
        );
      }
      return {
        ms,
        byReplica,
        cpuS: cpuAfter.map((s, i) => s - cpuBefore[i]),
      };
    }
    if (done !== progress.done) {
      progress = { done, at: performance.now() };
    } else if (performance.now() - progress.at > STALLED_MS) {
      const due = await count(db, 'refresh_state', q =>
        q.where('next_update_at', '<=', db.fn.now()),
      );
      throw new Error(
        `the cycle stalled: ${done} of ${rows} rows processed (by replica ${byReplica.join(
          '/',
        )}), ${due} due, nothing processed for ${STALLED_MS / 60_000} minutes`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
