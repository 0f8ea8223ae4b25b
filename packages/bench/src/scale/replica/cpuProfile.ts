import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

/**
 * The replica's CPU profile of each timed cycle (its main thread, sampled),
 * written to `<dir>/<name>-<pid>-<n>.cpuprofile` (Chrome's DevTools open
 * it). Does nothing without `dir` (BENCH_PROFILE_DIR).
 */
export function cycleProfiler(dir: string | undefined, name: string) {
  if (!dir) {
    return { start: async () => {}, stop: async () => {} };
  }
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  let written = 0;
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.start');
    },
    async stop() {
      const { profile } = await post('Profiler.stop');
      written += 1;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, `${name}-${process.pid}-${written}.cpuprofile`),
        JSON.stringify(profile),
      );
    },
  };
}
