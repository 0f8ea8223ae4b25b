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

/**
 * Scorecard latency through each replica, for each kind of caller: new
 * callers back to back (`runs` each), then the first request after idle
 * spells longer than `maxStale` (`idleRuns` of them, `idleMs` each).
 */
export async function measureScorecards(
  replicas: Replica[],
  options: { runs: number; idleRuns: number; idleMs: number },
): Promise<string[]> {
  const lines: string[] = [];
  for (const replica of replicas) {
    await timeScorecards(replica, 'allow'); // the snapshot in, the JIT warm
  }
  for (const replica of replicas) {
    for (const kind of ['allow', 'conditional'] as const) {
      const times: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        times.push(await timeScorecards(replica, kind));
      }
      lines.push(
        `${replica.label} ${kind.padEnd(11)} new user     ${spread(times)}`,
      );
    }
  }
  const idle = new Map<string, number[]>();
  for (let run = 0; run < options.idleRuns; run++) {
    await sleep(options.idleMs);
    // One request per replica and kind: each replica's snapshot is its own.
    for (const kind of ['allow', 'conditional'] as const) {
      for (const replica of replicas) {
        const key = `${replica.label} ${kind.padEnd(11)}`;
        idle.set(key, [
          ...(idle.get(key) ?? []),
          await timeScorecards(replica, kind),
        ]);
      }
    }
  }
  for (const [key, times] of idle) {
    lines.push(`${key} after idle   ${spread(times)}`);
  }
  return lines;
}
