/*
 * Where a replica's memory goes: one replica at a time on a database of
 * its own, the catalog alone, with the ml-patterns module, and with the
 * module and the backend plugin (its stamp table and history tasks on the
 * real scheduler), each through its first cycle and `--cycles` more. It
 * prints each one's peak RSS and the peaks of its sampled memory figures
 * (main heap, external memory and buffers; the rest of the RSS is worker
 * threads, native memory and code), and the CPU seconds of its cycles.
 *
 * Run: yarn workspace @ml-patterns/bench bench:scale-memory
 *      [--entities 2000] [--repos 40] [--cycles 1]
 * PostgreSQL: BENCH_PG_CONNECTION, as for yarn bench:scale.
 */
import fs from 'node:fs';
import os from 'node:os';
import { writeCatalog } from '../processing/organisation/catalogFiles';
import { generateRepositories } from '../processing/organisation/repositories';
import { PG_CONNECTION } from '../processing/options';
import { startFakeGithub } from '../processing/scm/fakeGithub';
import { integerOption } from '../shared/commandLine';
import { runCycle, startCluster, waitForIngestion } from './cluster';
import { Replica } from './replica/forkReplica';
import { MemoryFigures } from './replica/memoryPeaks';
import { dropCatalogDatabase, freshPrefix } from './sharedCatalog';

const ENTITIES = integerOption('entities', 2_000);
const REPOS = integerOption('repos', 40);
const CYCLES = integerOption('cycles', 1);

const CONFIGURATIONS = [
  { label: 'catalog', withModule: false, withScorecards: false },
  { label: 'module', withModule: true, withScorecards: false },
  { label: 'plugin', withModule: true, withScorecards: true },
];

async function main() {
  const repos = generateRepositories({ count: REPOS });
  const files = writeCatalog(repos, ENTITIES);
  const github = await startFakeGithub([...repos.serving, ...repos.training], {
    latencyMs: 0,
  });
  const lines: string[] = [];
  try {
    for (const configuration of CONFIGURATIONS) {
      const forked: Array<Pick<Replica, 'kill'>> = [];
      const catalog = {
        connection: PG_CONNECTION,
        prefix: freshPrefix(configuration.label),
      };
      try {
        const cluster = await startCluster(
          catalog,
          [configuration.label],
          {
            root: files.root,
            githubApi: github.baseUrl,
            processingIntervalS: 3600,
            withModule: configuration.withModule,
            withScorecards: configuration.withScorecards,
            scorecardsTtlS: 10,
            scorecardsRefreshS: 5,
            historyFrequencyS: 30,
            realScheduler: true,
          },
          forked,
        );
        await waitForIngestion(
          cluster,
          files.entities,
          configuration.withModule ? files.inScopeRefs : [],
        );
        const cycles = [];
        for (let i = 0; i < CYCLES; i++) cycles.push(await runCycle(cluster));
        const [replica] = cluster.replicas;
        const maxRss = await replica.call<number>('rssMb');
        const p = await replica.call<MemoryFigures>('memoryPeaks');
        const retained = await replica.call<number>('retainedHeapMb');
        const line = `${configuration.label}: peak RSS ${maxRss.toFixed(
          0,
        )} MiB; sampled peaks: main heap ${p.heapUsed.toFixed(
          0,
        )}, external ${p.external.toFixed(0)} (buffers ${p.arrayBuffers.toFixed(
          0,
        )}) MiB; main heap retained after the cycles ${retained.toFixed(
          0,
        )} MiB; cycles ${cycles
          .map(
            c => `${(c.ms / 1000).toFixed(1)} s, CPU ${c.cpuS[0].toFixed(1)} s`,
          )
          .join('; ')} (load ${os.loadavg()[0].toFixed(1)})`;
        lines.push(line);
        console.log(line);
        await cluster.db.destroy();
      } finally {
        await Promise.all(forked.map(r => r.kill()));
        await dropCatalogDatabase(catalog);
      }
    }
  } finally {
    await github.close();
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
  console.log(`\n--- ${files.entities} entities, one replica ---`);
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
