import v8 from 'node:v8';
import {
  PerformanceObserver,
  constants as perfConstants,
  performance,
} from 'node:perf_hooks';
import { sleep } from '../../shared/sleep';
import { Catalog } from '../catalog/startCatalog';
import { countCachedEvidence, countRows } from '../catalog/catalogQueries';
import { SQL_STATS, TRICKLE_MS, TRICKLE_TICK_MS } from '../options';
import { sqlTimer } from './sqlTimer';

export interface Pass {
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

/** Waits until the first cycle is over: all entities in, processed, stitched. */
export async function waitForIngestion(catalog: Catalog, entities: number) {
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
export async function measurePass(
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
