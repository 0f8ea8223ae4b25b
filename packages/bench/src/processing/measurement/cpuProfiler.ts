import fs from 'node:fs';
import { Session } from 'node:inspector';

/** Samples the CPU only while a measured pass runs; one profile per pass. */
export function cpuProfiler(file: string | undefined) {
  const profiles: Array<{ label: string; profile: object }> = [];
  if (!file) {
    return {
      during: (_label: string, run: () => Promise<void>) => run(),
      save: async () => {},
    };
  }
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  return {
    async during(label: string, run: () => Promise<void>) {
      await post('Profiler.enable');
      await post('Profiler.start');
      try {
        await run();
      } finally {
        profiles.push({
          label,
          profile: (await post('Profiler.stop')).profile,
        });
      }
    },
    async save() {
      const counts: Record<string, number> = {};
      for (const { label, profile } of profiles) {
        counts[label] = (counts[label] ?? 0) + 1;
        fs.writeFileSync(
          file.replace(
            /(\.cpuprofile)?$/,
            `-${label}-${counts[label]}.cpuprofile`,
          ),
          JSON.stringify(profile),
        );
      }
      session.disconnect();
    },
  };
}
