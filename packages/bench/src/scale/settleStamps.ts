import { Cluster, runCycle } from './cluster';
import { readStamps } from './sharedCatalog';
import { waitFor } from './waitFor';

/** The untimed cycles run after the first one, until the stamps held still. */
export interface Settling {
  /** Stamps changed by each settling cycle; the last is 0 when they settled. */
  changed: number[];
  /** Wall time of the settling cycles, in milliseconds. */
  ms: number;
  /** CPU seconds the replicas used in them, together. */
  cpuS: number;
}

/** Entities whose stamps differ between two reads (or that only one holds). */
export function changedStamps(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): number {
  let changed = 0;
  for (const [ref, stamps] of after) {
    if (before.get(ref) !== stamps) changed += 1;
  }
  for (const ref of before.keys()) {
    if (!after.has(ref)) changed += 1;
  }
  return changed;
}

/**
 * Runs whole cycles (every row made due) until one changes no stamp, at
 * most `maxCycles`. After the first cycle the replicas can still disagree:
 * each one's slice index holds what it processed itself, and what the
 * other replica processed only from its next full read
 * (`mlPatterns.processing.indexRefresh`, or 30 s after the last one when it
 * has itself taken in a mass change), so an entity whose facts come
 * from other entities (a model's serving units, a service's server group)
 * is stamped one way by one replica and the other way by the other until
 * both have read the slice again. Each such change is written and stitched
 * by the catalog. The timed cycles come after this, so that they measure
 * the steady state; the settling is reported on its own.
 */
export async function settleStamps(
  cluster: Cluster,
  maxCycles: number,
): Promise<Settling> {
  const { db } = cluster;
  const stitched = () =>
    waitFor('the stitching of a settling cycle', 30 * 60_000, async () => {
      const [{ n }] = await db('stitch_queue').count({ n: '*' });
      return Number(n) === 0 ? true : undefined;
    });
  const settling: Settling = { changed: [], ms: 0, cpuS: 0 };
  let before = await readStamps(db);
  for (let i = 0; i < maxCycles; i++) {
    const cycle = await runCycle(cluster, { profile: false });
    await stitched();
    const after = await readStamps(db);
    settling.ms += cycle.ms;
    settling.cpuS += cycle.cpuS.reduce((a, b) => a + b, 0);
    const changed = changedStamps(before, after);
    settling.changed.push(changed);
    before = after;
    if (changed === 0) break;
  }
  return settling;
}
