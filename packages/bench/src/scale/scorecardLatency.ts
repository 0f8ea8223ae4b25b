import { mockCredentials } from '@backstage/backend-test-utils';
import { performance } from 'node:perf_hooks';
import { CONDITIONAL_USERS } from '../scorecards/benchPermissions';
import { percentile } from '../shared/statistics';
import { sleep } from '../shared/sleep';
import { Replica } from './replica/forkReplica';

/** A caller the bench policy lets read the whole catalog, or one it makes CONDITIONAL. */
export type CallerKind = 'allow' | 'conditional';

let callers = 0;
/** A new user each time: nothing of theirs is cached yet. */
function newCaller(kind: CallerKind): string {
  callers += 1;
  return kind === 'allow'
    ? `user:default/bench-allow-${callers}`
    : `${CONDITIONAL_USERS}${callers}`;
}

/** Time of one `GET /scorecards?groupBy=owner` through a replica, ms. */
export async function timeScorecards(
  replica: Replica,
  kind: CallerKind,
): Promise<number> {
  const started = performance.now();
  const res = await fetch(
    `http://127.0.0.1:${replica.port}/api/ml-patterns/v1/scorecards?groupBy=owner`,
    {
      headers: { authorization: mockCredentials.user.header(newCaller(kind)) },
    },
  );
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200) {
    throw new Error(`${replica.label} answered ${res.status} for scorecards`);
  }
  return ms;
}

/** p50 / p90 / max of some times, as printed. */
export function spread(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(0)}`.padStart(5);
  return `p50 ${f(percentile(sorted, 50))}  p90 ${f(
    percentile(sorted, 90),
  )}  max ${f(sorted[sorted.length - 1])} ms  (n=${sorted.length})`;
}

/** Times of requests, and how many of them the stamp table could not answer. */
interface Timed {
  times: number[];
  /** Requests made while the table's last refresh was older than `maxStale`. */
  stale: number;
}

/** One request, noting whether the stamp table was current for it. */
async function timeAgainstTable(
  replica: Replica,
  kind: CallerKind,
  timed: Timed,
  table: { ageMs: () => Promise<number | undefined>; maxStaleMs: number },
) {
  const age = await table.ageMs();
  if (age === undefined || age > table.maxStaleMs) timed.stale += 1;
  timed.times.push(await timeScorecards(replica, kind));
}

const line = ({ times, stale }: Timed) =>
  `${spread(times)}${
    stale ? `, ${stale} while the stamp table was stale (catalog reads)` : ''
  }`;

/**
 * Scorecard latency through each replica, for each kind of caller: new
 * callers (`runs` of each kind, the kinds alternating so that neither
 * meets the replicas' background tasks more often), then the first
 * request after idle spells longer than `maxStale` (`idleRuns` of them,
 * `idleMs` each). `table.ageMs` tells how long ago the stamp table's last
 * complete refresh began: past `maxStaleMs` the replicas answer from
 * catalog reads, which the lines count apart.
 */
export async function measureScorecards(
  replicas: Replica[],
  options: {
    runs: number;
    idleRuns: number;
    idleMs: number;
    table: { ageMs: () => Promise<number | undefined>; maxStaleMs: number };
  },
): Promise<string[]> {
  const lines: string[] = [];
  for (const replica of replicas) {
    await timeScorecards(replica, 'allow'); // the snapshot in, the JIT warm
  }
  const kinds = ['allow', 'conditional'] as const;
  for (const replica of replicas) {
    const timed = kinds.map(() => ({ times: [], stale: 0 } as Timed));
    for (let i = 0; i < options.runs; i++) {
      for (let k = 0; k < kinds.length; k++) {
        const which = (i + k) % kinds.length;
        await timeAgainstTable(
          replica,
          kinds[which],
          timed[which],
          options.table,
        );
      }
    }
    kinds.forEach((kind, k) =>
      lines.push(
        `${replica.label} ${kind.padEnd(11)} new user     ${line(timed[k])}`,
      ),
    );
  }
  const idle = new Map<string, Timed>();
  for (let run = 0; run < options.idleRuns; run++) {
    await sleep(options.idleMs);
    // One request per replica and kind: each replica's snapshot is its own.
    for (const kind of kinds) {
      for (const replica of replicas) {
        const key = `${replica.label} ${kind.padEnd(11)}`;
        const timed = idle.get(key) ?? { times: [], stale: 0 };
        idle.set(key, timed);
        await timeAgainstTable(replica, kind, timed, options.table);
      }
    }
  }
  for (const [key, timed] of idle) {
    lines.push(`${key} after idle   ${line(timed)}`);
  }
  return lines;
}
