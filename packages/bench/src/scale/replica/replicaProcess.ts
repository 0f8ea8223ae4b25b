/*
 * One backend replica in a process of its own (see forkReplica): the real
 * catalog on the shared PostgreSQL database, with or without the
 * ml-patterns module (and its backend plugin), its own processing loop
 * running as in production. Answers the driver's calls over IPC.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { isError, stringifyError } from '@backstage/errors';
import catalogModuleMlPatterns from '@ml-patterns/plugin-catalog-backend-module-ml-patterns';
import { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ProcessingProbe } from '../../processing/catalog/ProcessingProbe';
import { benchPermissions } from '../../scorecards/benchPermissions';
import { ReplicaOptions } from './ReplicaOptions';
import { MemoryPeaks } from './memoryPeaks';
import { cycleProfiler } from './cpuProfile';
import { ORGANISATION_CATALOG_RULES } from '../../processing/organisation/catalogRules';

/** How often the replica samples its memory figures. */
const MEMORY_SAMPLE_MS = 250;

async function serveReplica() {
  const options: ReplicaOptions = JSON.parse(process.env.BENCH_REPLICA!);
  const memory = new MemoryPeaks();
  setInterval(() => memory.sample(), MEMORY_SAMPLE_MS).unref();
  const probe = new ProcessingProbe();
  const profiler = cycleProfiler(
    process.env.BENCH_PROFILE_DIR,
    `${options.withModule ? 'with' : 'without'}-${options.label}`,
  );
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      ...(options.withModule ? [catalogModuleMlPatterns] : []),
      ...(options.withScorecards
        ? [import('@ml-patterns/plugin-ml-patterns-backend'), benchPermissions]
        : []),
      ...(options.realScheduler ? [schedulerServiceFactory] : []),
      createServiceFactory({
        service: metricsServiceRef,
        deps: {},
        factory: () => probe.metrics(),
      }),
      mockServices.rootLogger.factory({
        level: process.env.BENCH_REPLICA_LOGS ? 'info' : 'error',
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: {
              client: 'pg',
              connection: options.connection,
              prefix: options.prefix,
            },
          },
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: options.githubApi,
                token: options.token,
              },
            ],
          },
          catalog: {
            rules: ORGANISATION_CATALOG_RULES,
            locations: [{ type: 'file', target: options.root }],
            processingInterval: { seconds: options.processingIntervalS },
          },
          mlPatterns: {
            ...(options.revalidateAfterS !== undefined && {
              evidence: {
                revalidateAfter: { seconds: options.revalidateAfterS },
              },
            }),
            ...(options.indexRefreshS !== undefined && {
              processing: {
                indexRefresh: { seconds: options.indexRefreshS },
              },
            }),
            ...(options.historyFrequencyS !== undefined && {
              history: { frequency: { seconds: options.historyFrequencyS } },
            }),
            ...(options.scorecardsTtlS !== undefined && {
              scorecards: {
                cacheTtl: { seconds: options.scorecardsTtlS },
                maxStale: { seconds: options.scorecardsTtlS * 2 },
                ...(options.scorecardsRefreshS !== undefined && {
                  refreshInterval: { seconds: options.scorecardsRefreshS },
                }),
              },
            }),
          },
        },
      }),
    ],
  });
  const calls: Record<string, () => Promise<unknown>> = {
    /** Entities this replica has processed since it started. */
    processed: async () => probe.done,
    /** Peak resident memory of this replica, MiB. */
    rssMb: async () => process.resourceUsage().maxRSS / 1024,
    /** Peaks of the sampled memory figures (MiB): what the peak RSS is made of. */
    memoryPeaks: async () => memory.peaks(),
    /** Starts the sampled peaks over (the RSS peak of resourceUsage stays). */
    resetMemoryPeaks: async () => memory.reset(),
    /**
     * The main heap in use after a full garbage collection, MiB: what the
     * replica holds, without the garbage its peaks include.
     */
    retainedHeapMb: async () => {
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      return process.memoryUsage().heapUsed / (1024 * 1024);
    },
    /**
     * CPU time (user and system, every thread of the process) used since
     * it started, in seconds: far less sensitive to the machine's load than
     * a cycle's wall time.
     */
    cpuS: async () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    },
    /** BENCH_PROFILE_DIR: a CPU profile of the main thread from here… */
    startProfile: () => profiler.start(),
    /** …to here, written to that folder. */
    stopProfile: () => profiler.stop(),
    stop: async () => {
      await backend.stop();
      setImmediate(() => process.exit(0));
    },
  };
  process.on('message', async (message: any) => {
    try {
      const result = await calls[message.cmd]();
      process.send!({ id: message.id, result });
    } catch (error) {
      const text =
        isError(error) && error.stack ? error.stack : stringifyError(error);
      process.send!({ id: message.id, error: text });
    }
  });
  process.on('disconnect', () => process.exit(0)); // the driver has ended
  const port = (backend.server.address() as AddressInfo).port;
  process.send!({ ready: true, port });
}

serveReplica().catch(error => {
  console.error(error);
  process.exit(1);
});
