/*
 * Scale-out harness: two backend replicas on one PostgreSQL database.
 *
 * The processing bench's generated ML organisation (about a quarter of it
 * in scope), its repositories served by the stand-in for GitHub, and real
 * backends (the catalog, with and without the ml-patterns module and its
 * backend plugin), each replica a process of its own on the same catalog
 * database; this process drives and measures. The catalog's own loop is
 * parked (1 h interval): each cycle makes every row due and ends when the
 * replicas together have processed them all.
 *
 *   1. without the module: two replicas, first cycle, timed cycles, peak RSS;
 *   2. with it: the same, after untimed cycles until a whole cycle changes
 *      no stamp (the replicas agree once each has read the slice again; see
 *      ./settleStamps.ts), plus repository downloads per cycle (0 expected
 *      on the second: the table holds them) and downloads of one commit by
 *      both replicas, and scorecard latency through each replica for an
 *      ALLOW and a CONDITIONAL user, new and after an idle spell; a
 *      relation changed through replica A (B paused) and the time until
 *      the verdicts B stamps (A paused) follow it, against its
 *      bound (indexRefresh plus two of B's rounds); the history
 *      task's rows (one per stamped entity and day, the task running every
 *      30 s on either replica);
 *   3. a push to every repository, and replica A killed (SIGKILL) halfway
 *      through the next cycle; every row is made due again (the processing
 *      interval does that for the rows the dead replica held) and B alone
 *      finishes; the evidence table must then hold readable evidence of the
 *      pushed commits only; A restarted must download nothing;
 *   4. one replica alone on the pushed organisation, on a database of its
 *      own: the two replicas' stamps must equal its stamps.
 *
 * Run: yarn bench:scale [--entities 50000] [--repos 40] [--cycles 2]
 *      [--runs 15] [--idle-runs 2] [--ttl 10] [--scorecards-refresh 5]
 *      [--revalidate-after 30] [--index-refresh 60] [--history-frequency 30]
 *      [--interval 5] [--settle-cycles 8] [--phases without,with,reference]
 * PostgreSQL: BENCH_PG_CONNECTION (default
 * postgresql://postgres:postgres@127.0.0.1:5432; scripts/postgres.sh).
 * Figures and the cost model: docs/scaling.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { writeCatalog } from '../processing/organisation/catalogFiles';
import {
  Repository,
  generateRepositories,
} from '../processing/organisation/repositories';
import { PG_CONNECTION } from '../processing/options';
import { startFakeGithub } from '../processing/scm/fakeGithub';
import { integerOption } from '../shared/commandLine';
import { sleep } from '../shared/sleep';
import {
  Cluster,
  cpuSecondsBy,
  runCycle,
  startCluster,
  waitForIngestion,
} from './cluster';
import { Replica } from './replica/forkReplica';
import { MemoryFigures } from './replica/memoryPeaks';
import { historyLine } from './historySnapshots';
import { relationPropagationLine } from './relationPropagation';
import { phasesOption } from './phases';
import { measureScorecards } from './scorecardLatency';
import { settleStamps } from './settleStamps';
import { stampTableAgeMs } from './stampTableAge';
import {
  SharedCatalog,
  dropCatalogDatabase,
  freshPrefix,
  openPluginDatabase,
  readEvidenceRows,
  readStamps,
} from './sharedCatalog';

const ENTITIES = integerOption('entities', 50_000);
const REPOS = integerOption('repos', 40);
const CYCLES = integerOption('cycles', 2);
const RUNS = integerOption('runs', 15);
const IDLE_RUNS = integerOption('idle-runs', 2);
const TTL_S = integerOption('ttl', 10);
const REVALIDATE_AFTER_S = integerOption('revalidate-after', 30);
const INDEX_REFRESH_S = integerOption('index-refresh', 60);
/**
 * The stamp table's refresh: within maxStale (twice the TTL), so that an
 * idle spell measures the table, not the fallback to catalog reads.
 */
const SCORECARDS_REFRESH_S = integerOption(
  'scorecards-refresh',
  Math.max(1, Math.floor(TTL_S / 2)),
);
const HISTORY_FREQUENCY_S = integerOption('history-frequency', 30);
/** Most untimed cycles run with the module before the timed ones, until the stamps hold still. */
const SETTLE_CYCLES = integerOption('settle-cycles', 8);
const PHASES = phasesOption(process.argv);
/** How often the relation check has replica B process the dependent entity. */
const INTERVAL_S = integerOption('interval', 5);
/** The catalog's loop parked: the harness starts every cycle. */
const PARKED_S = 3600;

const all = (repos: { serving: Repository[]; training: Repository[] }) => [
  ...repos.serving,
  ...repos.training,
];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const load = () => os.loadavg()[0].toFixed(1);
const log = (line: string) =>
  console.log(`[${seconds(performance.now())}, load ${load()}] ${line}`);

/** Downloads of one commit by more than one replica (or twice by one). */
function repeatedDownloads(
  downloads: Array<{ repository: string; sha: string }>,
) {
  const seen = new Map<string, number>();
  for (const d of downloads) {
    const key = `${d.repository}@${d.sha}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.values()].filter(n => n > 1).length;
}

async function rss(cluster: Cluster) {
  return Promise.all(cluster.replicas.map(r => r.call<number>('rssMb')));
}

/**
 * What each replica's memory is made of, in MiB: the peaks sampled since
 * the first cycle ended (`resetMemoryPeaks`), and the main heap it retains
 * after a full garbage collection (what it holds, without garbage).
 */
async function memoryLine(cluster: Cluster) {
  const figures = await Promise.all(
    cluster.replicas.map(async r => ({
      peaks: await r.call<MemoryFigures>('memoryPeaks'),
      retained: await r.call<number>('retainedHeapMb'),
    })),
  );
  return figures
    .map(
      ({ peaks: p, retained }, i) =>
        `${
          cluster.replicas[i].label
        } after the first cycle: peak RSS ${p.rss.toFixed(
          0,
        )}, peak main heap ${p.heapUsed.toFixed(
          0,
        )}, peak external ${p.external.toFixed(
          0,
        )} MiB; main heap retained ${retained.toFixed(0)} MiB`,
    )
    .join('; ');
}

const resetMemoryPeaks = (cluster: Cluster) =>
  Promise.all(cluster.replicas.map(r => r.call('resetMemoryPeaks')));

const cpuSum = (cycles: Array<{ cpuS: number[] }>) =>
  cycles.reduce((s, c) => s + c.cpuS.reduce((a, b) => a + b, 0), 0);

/** CPU seconds of each replica in each cycle. */
const cpuLine = (cycles: Array<{ cpuS: number[] }>) =>
  cycles.map(c => c.cpuS.map(s => s.toFixed(1)).join('/')).join(', ');

async function main() {
  const report: string[] = [];
  const out = (line: string) => {
    report.push(line);
    log(line);
  };
  const v1 = generateRepositories({ count: REPOS });
  const v2 = generateRepositories({ count: REPOS, version: 2 });
  const v2Sha = new Map(all(v2).map(r => [r.name, r.sha]));
  const files = writeCatalog(v1, ENTITIES);
  const github = await startFakeGithub(all(v1), { latencyMs: 0 });
  const referenceGithub = await startFakeGithub(all(v2), { latencyMs: 0 });
  out(
    `${files.entities} entities (${
      files.inScope
    } in scope), ${REPOS} repositories, ${os.cpus().length} cores`,
  );
  const forked: Array<Pick<Replica, 'kill'>> = [];
  const catalogs: SharedCatalog[] = [];
  const catalog = (label: string) => {
    const c = { connection: PG_CONNECTION, prefix: freshPrefix(label) };
    catalogs.push(c);
    return c;
  };
  const base = {
    root: files.root,
    githubApi: github.baseUrl,
    processingIntervalS: PARKED_S,
    revalidateAfterS: REVALIDATE_AFTER_S,
    scorecardsTtlS: TTL_S,
    scorecardsRefreshS: SCORECARDS_REFRESH_S,
    indexRefreshS: INDEX_REFRESH_S,
    historyFrequencyS: HISTORY_FREQUENCY_S,
    realScheduler: true,
  };
  let withoutCycles: Array<Awaited<ReturnType<typeof runCycle>>> = [];
  let rssWithout: number[] = [];
  try {
    // 1. Without the module.
    if (PHASES.has('without')) {
      const without = await startCluster(
        catalog('without'),
        ['without-a', 'without-b'],
        { ...base, withModule: false },
        forked,
      );
      out(
        `without module: first cycle ${seconds(
          (await waitForIngestion(without, files.entities, [])).ms,
        )}, CPU A/B ${(await cpuSecondsBy(without))
          .map(s => s.toFixed(1))
          .join('/')} s since start`,
      );
      await resetMemoryPeaks(without);
      withoutCycles = [];
      for (let i = 0; i < CYCLES; i++)
        withoutCycles.push(await runCycle(without));
      out(
        `without module: cycles ${withoutCycles
          .map(c => seconds(c.ms))
          .join(', ')}; processed by A/B ${withoutCycles
          .map(c => c.byReplica.join('/'))
          .join(', ')}; CPU A/B ${cpuLine(withoutCycles)} s`,
      );
      rssWithout = await rss(without);
      out(
        `without module: peak RSS A ${rssWithout[0].toFixed(
          0,
        )} MiB, B ${rssWithout[1].toFixed(0)} MiB`,
      );
      out(`without module: ${await memoryLine(without)}`);
      await Promise.all(without.replicas.map(r => r.kill()));
      await without.db.destroy();
    }

    // 2. With the module and the backend plugin.
    let stampsTwo = new Map<string, string>();
    if (PHASES.has('with')) {
      const withCatalog = catalog('with');
      const withModule = await startCluster(
        withCatalog,
        ['replica-a', 'replica-b'],
        { ...base, withModule: true, withScorecards: true },
        forked,
      );
      const withFirst = await waitForIngestion(
        withModule,
        files.entities,
        files.inScopeRefs,
      );
      out(
        `with module: first cycle ${seconds(withFirst.ms)} (${
          withFirst.madeDueAgain
        } rows of in-scope entities still unstamped made due again, in ${
          withFirst.extraPasses
        } extra passes), CPU A/B ${(await cpuSecondsBy(withModule))
          .map(s => s.toFixed(1))
          .join('/')} s since start, ${
          github.downloads.length
        } downloads (${repeatedDownloads(
          github.downloads,
        )} commits downloaded more than once), by A/B ${[
          'replica-a',
          'replica-b',
        ]
          .map(t => github.downloads.filter(d => d.token === t).length)
          .join('/')}`,
      );
      // The replicas can disagree on stamps after the first cycle until
      // each has read the slice again (see settleStamps); the timed cycles
      // measure the steady state that follows.
      const settling = await settleStamps(withModule, SETTLE_CYCLES);
      out(
        `with module: settling ${settling.changed.length} cycles, ${seconds(
          settling.ms,
        )}, stamps changed in each ${settling.changed.join(
          ', ',
        )}, CPU of the replicas ${settling.cpuS.toFixed(1)} s${
          settling.changed[settling.changed.length - 1] === 0
            ? ''
            : ' (still changing)'
        }`,
      );
      await resetMemoryPeaks(withModule);
      const withCycles = [];
      for (let i = 0; i < CYCLES; i++) {
        const before = github.downloads.length;
        const cycle = await runCycle(withModule);
        withCycles.push({
          ...cycle,
          downloads: github.downloads.length - before,
        });
      }
      out(
        `with module: cycles ${withCycles
          .map(c => seconds(c.ms))
          .join(', ')}; processed by A/B ${withCycles
          .map(c => c.byReplica.join('/'))
          .join(', ')}; downloads ${withCycles
          .map(c => c.downloads)
          .join(', ')}; CPU A/B ${cpuLine(withCycles)} s`,
      );
      out(
        `with module: CPU seconds of the replicas in those cycles ${cpuSum(
          withCycles,
        ).toFixed(1)}`,
      );
      if (withoutCycles.length) {
        const ratio =
          withCycles.reduce((s, c) => s + c.ms, 0) /
          withoutCycles.reduce((s, c) => s + c.ms, 0);
        out(`with / without cycle time: ${ratio.toFixed(2)}`);
        // CPU time is far less sensitive to the machine's load than wall
        // time; with the module it includes the backend plugin's tasks that
        // ran during the cycles (stamp table, history).
        out(
          `with / without CPU seconds of the replicas in those cycles: ${cpuSum(
            withCycles,
          ).toFixed(1)} / ${cpuSum(withoutCycles).toFixed(1)} = ${(
            cpuSum(withCycles) / cpuSum(withoutCycles)
          ).toFixed(2)}`,
        );
      } else {
        out('with / without: the phase without the module not in this run');
      }
      const rssWith = await rss(withModule);
      out(
        `with module: peak RSS A ${rssWith[0].toFixed(
          0,
        )} MiB, B ${rssWith[1].toFixed(0)} MiB${
          rssWithout.length
            ? ` (with / without ${(
                Math.max(...rssWith) / Math.max(...rssWithout)
              ).toFixed(2)})`
            : ''
        }`,
      );
      out(`with module: ${await memoryLine(withModule)}`);
      const stampedTwo = await readStamps(withModule.db);
      out(`with module: ${stampedTwo.size} entities stamped`);
      const pluginDb = openPluginDatabase(withCatalog, 'ml-patterns');
      try {
        for (const line of await measureScorecards(withModule.replicas, {
          runs: RUNS,
          idleRuns: IDLE_RUNS,
          idleMs: (TTL_S * 2 + 1) * 1000,
          table: {
            ageMs: () => stampTableAgeMs(pluginDb),
            maxStaleMs: TTL_S * 2 * 1000,
          },
        })) {
          out(`scorecards ${line}`);
        }
      } finally {
        await pluginDb.destroy();
      }

      // Relations across replicas, and the daily history.
      const [a, b] = withModule.replicas;
      out(
        await relationPropagationLine({
          db: withModule.db,
          a,
          b,
          dir: files.dir,
          indexRefreshMs: INDEX_REFRESH_S * 1000,
          intervalMs: INTERVAL_S * 1000,
        }),
      );
      out(
        `history (the task every ${HISTORY_FREQUENCY_S} s, on either replica): ${await historyLine(
          openPluginDatabase(withCatalog, 'ml-patterns'),
          new Set(stampedTwo.keys()),
        )}`,
      );

      // 3. A push, and replica A killed halfway through the next cycle.
      all(v2).forEach(repo => github.serve(repo));
      await sleep((REVALIDATE_AFTER_S + 1) * 1000); // what each replica knows expires
      const pushedAt = github.downloads.length;
      const half = await runCycle(withModule, { share: 0.5 });
      await a.kill();
      out(
        `push, then A killed at ${seconds(
          half.ms,
        )} into the cycle (A/B had processed ${half.byReplica.join('/')})`,
      );
      const finish = await runCycle(withModule, { counted: [1] });
      out(
        `B alone: the whole catalog again in ${seconds(finish.ms)} (${
          finish.byReplica[1]
        } entities)`,
      );
      const rows = await readEvidenceRows(withModule.db);
      const unreadable = rows.filter(r => !r.readable).length;
      const old = rows.filter(
        r => r.commit !== v2Sha.get(r.location.split('/')[4]),
      ).length;
      out(
        `evidence table: ${
          rows.length
        } rows, ${unreadable} unreadable, ${old} not at the pushed commit, ${(
          rows.reduce((s, r) => s + r.bytes, 0) /
          rows.length /
          1024
        ).toFixed(1)} KiB a row`,
      );
      out(
        `downloads since the push: ${
          github.downloads.length - pushedAt
        } (${repeatedDownloads(
          github.downloads.slice(pushedAt),
        )} commits more than once)`,
      );
      const beforeRestart = github.downloads.length;
      const restarted = await startCluster(
        withCatalog,
        ['replica-a'],
        { ...base, withModule: true, withScorecards: true },
        forked,
      );
      const rejoined: Cluster = {
        ...withModule,
        replicas: [restarted.replicas[0], b],
      };
      await restarted.db.destroy();
      const after = await runCycle(rejoined);
      out(
        `A restarted: a cycle in ${seconds(
          after.ms,
        )} (A/B ${after.byReplica.join('/')}), ${
          github.downloads.length - beforeRestart
        } downloads`,
      );
      stampsTwo = await readStamps(withModule.db);
      await withModule.db.destroy();
    }

    // 4. One replica alone on the pushed organisation.
    if (PHASES.has('reference')) {
      const one = await startCluster(
        catalog('one'),
        ['one'],
        { ...base, githubApi: referenceGithub.baseUrl, withModule: true },
        forked,
      );
      await waitForIngestion(one, files.entities, files.inScopeRefs);
      for (let i = 0; i < CYCLES; i++) await runCycle(one);
      const stampsOne = await readStamps(one.db);
      const refs = new Set([...stampsOne.keys(), ...stampsTwo.keys()]);
      const differing = [...refs].filter(
        r => stampsOne.get(r) !== stampsTwo.get(r),
      );
      out(
        `stamps: two replicas ${stampsTwo.size}, one replica ${
          stampsOne.size
        }, ${differing.length} differ${
          differing.length ? ` (e.g. ${differing.slice(0, 3).join(', ')})` : ''
        }`,
      );
      for (const ref of differing.slice(0, 3)) {
        out(
          `  ${ref}\n    two replicas ${stampsTwo.get(
            ref,
          )}\n    one replica  ${stampsOne.get(ref)}`,
        );
      }
      await one.db.destroy();
    }
  } finally {
    await Promise.all(forked.map(r => r.kill()));
    await github.close();
    await referenceGithub.close();
    for (const c of catalogs) await dropCatalogDatabase(c);
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
  console.log(
    `\n--- summary (load average ${os
      .loadavg()
      .map(n => n.toFixed(1))
      .join(' ')}) ---`,
  );
  console.log(report.join('\n'));
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
