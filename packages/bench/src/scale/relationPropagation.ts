import { stringifyError } from '@backstage/errors';
import { Knex } from 'knex';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Replica } from './replica/forkReplica';
import { readStamp } from './sharedCatalog';
import { retryOnDeadlock } from './retryOnDeadlock';
import { sleep } from '../shared/sleep';
import { waitFor } from './waitFor';

/**
 * The relation changed: the first ML team's third serving unit, which
 * served one model (model-0-4), now serves the next one (model-0-5) too.
 * The verdicts of model-0-4 depend on it (one model per serving process),
 * although model-0-4 itself does not change.
 */
const TEAM_FILE = 'team-000.yaml';
const CHANGED = 'component:default/serving-0-2';
const DEPENDENT = 'resource:default/model-0-4';
const BEFORE = '"dependsOn":["resource:model-0-4"]';
const AFTER = '"dependsOn":["resource:model-0-4","resource:model-0-5"]';

/** What the relation check found. */
export interface RelationPropagation {
  /**
   * From replica A's processing of the changed entity until the catalog
   * had stitched it (nothing left to stitch): the catalog's own part, the
   * same with or without the module. B is held paused meanwhile.
   */
  stitchMs: number;
  /**
   * From the stitched change (B let go) to B's changed stamps: what the
   * slice index is responsible for, held against `boundMs`.
   */
  followMs: number;
  /**
   * The bound for this setup: `indexRefresh` plus two of B's rounds (a
   * round: the interval and the slowest processing of the entity). The
   * documented bound, `indexRefresh` plus one interval, is for a replica
   * that keeps processing other entities: one of them starts the re-read
   * when the index expires. Here B processes only this entity, so the
   * processing that finds the index expired starts the re-read, and the
   * next one, a round later, scores with it.
   */
  boundMs: number;
  /** Times B processed the dependent entity before its stamps changed. */
  staleStamps: number;
  before: string;
  after: string;
}

async function count(db: Knex, table: string, due = false) {
  const query = db(table).count({ n: '*' });
  if (due) query.where('next_update_at', '<=', db.fn.now());
  const [{ n }] = await query;
  return Number(n);
}

/** Nothing due and nothing to stitch: no replica is processing. */
async function quiet(db: Knex, what: string) {
  await waitFor(what, 30 * 60_000, async () =>
    (await count(db, 'refresh_state', true)) === 0 &&
    (await count(db, 'stitch_queue')) === 0
      ? true
      : undefined,
  );
}

/** Makes `entityRef` due and waits until `replica` (the only one running) has processed and stitched it. */
async function processOn(
  db: Knex,
  replica: Replica,
  entityRef: string,
): Promise<number> {
  const started = performance.now();
  const processed = await replica.call<number>('processed');
  await retryOnDeadlock(() =>
    db('refresh_state')
      .where({ entity_ref: entityRef })
      .update({ next_update_at: db.fn.now() }),
  );
  await waitFor(
    `${replica.label} to process ${entityRef}`,
    10 * 60_000,
    async () =>
      (await replica.call<number>('processed')) > processed &&
      (await count(db, 'stitch_queue')) === 0
        ? true
        : undefined,
  );
  return performance.now() - started;
}

/**
 * A relation changed through replica A reaches the verdicts replica B
 * stamps: B is paused (SIGSTOP) while A alone reads the changed catalog
 * file and processes the changed entity (its slice index takes it in at
 * once), then A is paused and B alone processes the dependent entity
 * every `intervalMs` (as its processing loop would) until its stamps
 * change, which takes until B's slice index re-reads the slice. Both
 * replicas run again at the end. `dir` is the generated organisation.
 */
export async function measureRelationPropagation(options: {
  db: Knex;
  a: Replica;
  b: Replica;
  dir: string;
  indexRefreshMs: number;
  intervalMs: number;
}): Promise<RelationPropagation> {
  const { db, a, b, dir, indexRefreshMs, intervalMs } = options;
  let slowestMs = 0;
  const file = path.join(dir, TEAM_FILE);
  const text = fs.readFileSync(file, 'utf8');
  if (text.split(BEFORE).length !== 2) {
    throw new Error(`${TEAM_FILE} does not hold ${CHANGED} as expected`);
  }
  await quiet(db, 'the catalog to settle before the relation change');
  const before = await readStamp(db, DEPENDENT);
  try {
    // B scores the dependent entity once first: its slice index is then
    // recent (a replica that has not scored for a while reads the slice
    // before scoring), so the change has to wait for B's next re-read.
    process.kill(a.pid, 'SIGSTOP');
    await processOn(db, b, DEPENDENT);
    process.kill(a.pid, 'SIGCONT');
    process.kill(b.pid, 'SIGSTOP');
    fs.writeFileSync(file, text.replace(BEFORE, AFTER));
    // A reads the catalog files again: the changed entity is due at once.
    await retryOnDeadlock(() =>
      db('refresh_state')
        .where('entity_ref', 'like', 'location:%')
        .update({ next_update_at: db.fn.now() }),
    );
    await waitFor(`replica A to process ${CHANGED}`, 30 * 60_000, async () => {
      const row = await db('refresh_state')
        .where({ entity_ref: CHANGED })
        .first('processed_entity');
      return row?.processed_entity?.includes('resource:model-0-5')
        ? true
        : undefined;
    });
    const changedAt = performance.now();
    await quiet(db, 'replica A to stitch the changed relation');
    process.kill(a.pid, 'SIGSTOP');
    process.kill(b.pid, 'SIGCONT');
    const stitchedAt = performance.now();
    let staleStamps = 0;
    for (;;) {
      slowestMs = Math.max(slowestMs, await processOn(db, b, DEPENDENT));
      const boundMs = indexRefreshMs + 2 * (intervalMs + slowestMs);
      const after = await readStamp(db, DEPENDENT);
      const followMs = performance.now() - stitchedAt;
      if (after !== before) {
        return {
          stitchMs: stitchedAt - changedAt,
          followMs,
          boundMs,
          staleStamps,
          before,
          after,
        };
      }
      staleStamps += 1;
      if (followMs > 3 * boundMs) {
        throw new Error(
          `the changed relation had not reached ${DEPENDENT} on replica B ${(
            followMs / 1000
          ).toFixed(
            0,
          )} s after it was stitched (${staleStamps} stamps unchanged: ${after})`,
        );
      }
      await sleep(intervalMs);
    }
  } finally {
    process.kill(a.pid, 'SIGCONT');
    process.kill(b.pid, 'SIGCONT');
  }
}

/** The annotations of `after` that `before` does not have. */
function changed(before: string, after: string): string {
  const old = new Set(before.split(' '));
  return after
    .split(' ')
    .filter(annotation => !old.has(annotation))
    .join(' ');
}

/**
 * The relation check as the harness prints it (a failure is printed too,
 * not thrown: the other figures of the run still count).
 */
export async function relationPropagationLine(
  options: Parameters<typeof measureRelationPropagation>[0],
): Promise<string> {
  const what = `relation changed through A (${CHANGED} serves model-0-5 too)`;
  try {
    const r = await measureRelationPropagation(options);
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    return `${what}: A stitched it ${s(
      r.stitchMs,
    )} after processing it (B held paused meanwhile); B's stamps of ${DEPENDENT} followed ${s(
      r.followMs,
    )} after the stitch (${s(r.stitchMs + r.followMs)} in all; ${
      r.staleStamps
    } stale stamps first; now ${changed(
      r.before,
      r.after,
    )}); bound indexRefresh + two rounds of B ${s(r.boundMs)}: ${
      r.followMs <= r.boundMs ? 'within' : 'OVER'
    }`;
  } catch (error) {
    return `${what}: NOT measured: ${stringifyError(error)}`;
  }
}
