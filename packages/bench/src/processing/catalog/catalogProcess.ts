/*
 * One catalog in a process of its own (see forkCatalog): starts it and
 * answers the bench's calls over IPC.
 */
import { isError, stringifyError } from '@backstage/errors';
import { performance } from 'node:perf_hooks';
import { cpuProfiler } from '../measurement/cpuProfiler';
import { measurePass, waitForIngestion } from '../measurement/measurePass';
import { timeSliceRead } from '../measurement/timeSliceRead';
import { CPU_PROFILE } from '../options';
import { countStamped, readStamps } from './catalogQueries';
import { startCatalog } from './startCatalog';

/** The catalog process: starts one catalog and answers the bench's calls. */
async function serveCatalog() {
  const options = JSON.parse(process.env.BENCH_CATALOG!);
  const catalog = await startCatalog(options);
  const profiler = cpuProfiler(CPU_PROFILE);
  const profileLabel = options.withModule ? 'with' : 'without';
  const calls: Record<string, (args: any) => Promise<unknown>> = {
    ingest: async ({ entities }) => {
      const started = performance.now();
      await waitForIngestion(catalog, entities);
      return performance.now() - started;
    },
    pass: ({ timed }) =>
      measurePass(
        catalog,
        timed ? run => profiler.during(profileLabel, run) : undefined,
      ),
    countStamped: ({ filter }) => countStamped(catalog.server, filter),
    sliceRead: () => timeSliceRead(catalog.server),
    stamps: () => readStamps(catalog),
    rssMb: async () => process.resourceUsage().maxRSS / 1024,
    stop: async () => {
      await profiler.save();
      await catalog.stop();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', async (message: any) => {
    try {
      const result = await calls[message.cmd](message.args);
      process.send!({ id: message.id, result });
    } catch (error) {
      // The stack, so that the bench's own output says where it failed.
      const text =
        isError(error) && error.stack ? error.stack : stringifyError(error);
      process.send!({ id: message.id, error: text });
    }
  });
  process.on('disconnect', () => process.exit(0)); // the bench has ended
  process.send!({ ready: true });
}

serveCatalog().catch(error => {
  console.error(error);
  process.exit(1);
});
