import { performance } from 'node:perf_hooks';

/** Time per SQL statement shape, from knex's query events. */
export function sqlTimer(knex: any) {
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
