/*
 * Compares the time per repository of two checkouts of this repository (an
 * earlier scorer and this one) on the same cases. Usage (from the
 * repository root):
 *
 *   ACCURACY_REPOS_DIR=/path/to/copies node --require \
 *     @backstage/cli/config/nodeTransform.cjs packages/accuracy/src/compareTimes.ts \
 *     --cases FILE [--rounds 2] [--repeat 5] OLD_CHECKOUT NEW_CHECKOUT
 *
 * Each checkout's command line scores every listed case `--repeat` times in
 * one process (as `yarn accuracy --repeat` does), recording the elapsed time
 * and the processor time (user and system, every thread of the process) of
 * each score. The two checkouts run in turn, `--rounds` times each, so that
 * a change in the machine's load weighs on both alike; each case counts
 * with its fastest time and its least processor time over all runs. The
 * load averages are printed with the figures: compare figures measured side
 * by side only.
 *
 * A checkout is a work tree with its dependencies installed (or linked).
 * The cases are given by id, separated by white space, as for `yarn
 * accuracy --cases`, and read from this repository's corpus (or
 * `--corpus DIR`), so that both scorers score the same folders; a case
 * whose copy is missing is left out.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCaseDescriptor } from './caseDescriptor';
import { copyOf, readCorpus } from './corpus';

// A script run from source, never built: the package folder is the one above.
// eslint-disable-next-line no-restricted-syntax
const root = path.resolve(__dirname, '..');

interface CaseTime {
  ms: number;
  cpuMs: number;
}

type CliRunner = (
  argv: string[],
  io: {
    stdout: { write(text: string): void };
    stderr: { write(text: string): void };
  },
) => Promise<number>;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** The command line of a checkout: the CLI package, or the node package before the CLI had its own. */
function cliOf(checkout: string): CliRunner {
  const cli = path.join(checkout, 'plugins/ml-patterns-cli/src/index.ts');
  if (fs.existsSync(cli)) return require(cli).runCli;
  return require(path.join(checkout, 'plugins/ml-patterns-node/src/index.ts'))
    .runMlPatternsCli;
}

/** One run: every case scored `repeat` times by one checkout, in this process. */
async function timeCheckout(
  checkout: string,
  corpusDir: string,
  ids: string[],
  repeat: number,
): Promise<Record<string, CaseTime>> {
  const run = cliOf(checkout);
  const reposDir = path.resolve(
    process.env.INIT_CWD ?? process.cwd(),
    process.env.ACCURACY_REPOS_DIR ?? path.join(root, 'repos'),
  );
  const corpus = readCorpus(corpusDir);
  const times: Record<string, CaseTime> = {};
  for (const corpusCase of corpus.filter(c => ids.includes(c.id))) {
    const copy = copyOf(reposDir, corpusCase);
    if (!fs.existsSync(copy)) continue;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-times-'));
    const descriptor = writeCaseDescriptor(corpusCase, scratch);
    const argv = [
      'node',
      'ml-patterns',
      'score',
      path.join(copy, corpusCase.path),
      '--entity',
      descriptor,
      '--json',
    ];
    let best: CaseTime = { ms: Infinity, cpuMs: Infinity };
    let failed = '';
    for (let i = 0; i < repeat && !failed; i++) {
      let errors = '';
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      const code = await run(argv, {
        stdout: { write: () => {} },
        stderr: { write: text => (errors += text) },
      });
      if (code !== 0) failed = `exit code ${code}: ${errors.slice(0, 300)}`;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const used = process.cpuUsage(cpu);
      best = {
        ms: Math.min(best.ms, ms),
        cpuMs: Math.min(best.cpuMs, (used.user + used.system) / 1000),
      };
    }
    fs.rmSync(scratch, { recursive: true, force: true });
    // A case the scorer could not score has no time: it is left out.
    if (failed) console.error(`${corpusCase.id} (${checkout}): ${failed}`);
    else times[corpusCase.id] = best;
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function loadAverage(): string {
  return os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
}

/** Runs both checkouts in turn, in child processes, and prints the comparison. */
function compare(
  checkouts: [string, string],
  corpusDir: string,
  casesFile: string,
  rounds: number,
  repeat: number,
): void {
  const ids = fs.readFileSync(casesFile, 'utf8').trim().split(/\s+/);
  const fastest = checkouts.map(() => new Map<string, CaseTime>());
  const loads: string[] = [];
  const answer = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'compare-times-')),
    'times.json',
  );
  for (let round = 1; round <= rounds; round++) {
    checkouts.forEach((checkout, k) => {
      const before = loadAverage();
      execFileSync(
        process.execPath,
        [
          ...process.execArgv,
          __filename,
          '--time-one',
          checkout,
          '--corpus',
          corpusDir,
          '--cases',
          casesFile,
          '--repeat',
          String(repeat),
          '--out',
          answer,
        ],
        { stdio: 'inherit' },
      );
      const times: Record<string, CaseTime> = JSON.parse(
        fs.readFileSync(answer, 'utf8'),
      );
      for (const [id, time] of Object.entries(times)) {
        const known = fastest[k].get(id);
        fastest[k].set(id, {
          ms: Math.min(known?.ms ?? Infinity, time.ms),
          cpuMs: Math.min(known?.cpuMs ?? Infinity, time.cpuMs),
        });
      }
      loads.push(
        `round ${round}, ${checkout}: load average ${before} before, ${loadAverage()} after`,
      );
    });
  }
  const scored = ids.filter(id => fastest.every(times => times.has(id)));
  const [old, now] = fastest.map(times => ({
    ms: scored.map(id => times.get(id)!.ms),
    cpuMs: scored.map(id => times.get(id)!.cpuMs),
  }));
  const row = (name: string, t: typeof old) =>
    `| ${name} | ${median(t.ms).toFixed(1)} ms | ${Math.max(...t.ms).toFixed(
      0,
    )} ms | ${median(t.cpuMs).toFixed(1)} ms | ${Math.max(...t.cpuMs).toFixed(
      0,
    )} ms |`;
  console.log(`${scored.length} cases, ${rounds} rounds of ${repeat} scores\n`);
  console.log(
    '| scorer | median | max | median processor time | max processor time |',
  );
  console.log('|---|---|---|---|---|');
  console.log(row(checkouts[1], now));
  console.log(row(checkouts[0], old));
  const perCase = scored.map((_, i) => now.ms[i] / old.ms[i]);
  const perCaseCpu = scored.map((_, i) => now.cpuMs[i] / old.cpuMs[i]);
  console.log(
    `\nmedian over median ${(median(now.ms) / median(old.ms)).toFixed(
      2,
    )} (processor time ${(median(now.cpuMs) / median(old.cpuMs)).toFixed(
      2,
    )}); median of the per-case ratios ${median(perCase).toFixed(
      2,
    )} (processor time ${median(perCaseCpu).toFixed(2)}); all cases together ${(
      sum(now.ms) / sum(old.ms)
    ).toFixed(2)} (processor time ${(sum(now.cpuMs) / sum(old.cpuMs)).toFixed(
      2,
    )})`,
  );
  for (const line of loads) console.log(line);
  fs.rmSync(path.dirname(answer), { recursive: true, force: true });
}

async function main(): Promise<void> {
  const casesFile = option('--cases');
  const repeat = Math.max(1, Number(option('--repeat')) || 5);
  if (!casesFile) throw new Error('--cases FILE is required');
  const corpusDir = path.resolve(
    option('--corpus') ?? path.join(root, 'corpus'),
  );
  const one = option('--time-one');
  const out = option('--out');
  if (one && out) {
    const ids = fs.readFileSync(casesFile, 'utf8').trim().split(/\s+/);
    fs.writeFileSync(
      out,
      JSON.stringify(
        await timeCheckout(path.resolve(one), corpusDir, ids, repeat),
      ),
    );
    return;
  }
  const rounds = Math.max(1, Number(option('--rounds')) || 2);
  const valued = new Set([
    '--cases',
    '--corpus',
    '--repeat',
    '--rounds',
    '--out',
  ]);
  const checkouts = process.argv
    .slice(2)
    .filter((arg, i, all) => !arg.startsWith('--') && !valued.has(all[i - 1]))
    .map(dir => path.resolve(dir));
  if (checkouts.length !== 2)
    throw new Error('give two checkouts: the earlier scorer, then this one');
  compare([checkouts[0], checkouts[1]], corpusDir, casesFile, rounds, repeat);
}

main().catch(error => {
  console.error(String(error?.stack ?? error));
  process.exit(1);
});
