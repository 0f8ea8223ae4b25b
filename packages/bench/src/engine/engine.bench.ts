/*
 * Engine throughput benchmark: evaluates ≥ 100k synthetic entities whose
 * evidence is already collected, and prints entities per second.
 *
 *   yarn bench:engine [--count 100000] [--runs 5] [--against <checkout>]
 *
 * `--against` also times the engine of another checkout of this repository
 * (its dependencies installed or linked), pass for pass with this one in the
 * same process, and prints the ratio: on a shared machine, runs made seconds
 * apart see the same load, and runs minutes apart do not.
 *
 * Not a test: it prints figures and never fails on speed. The target is
 * ≥ 100k evaluations per second on one core (Node runs this on one thread).
 */
import {
  builtInRules,
  evaluateEntity,
  EvaluationInput,
} from '@ml-patterns/plugin-ml-patterns-node';
import path from 'node:path';
import { integerOption } from '../shared/commandLine';
import { seededRandom } from '../shared/random';
import { median } from '../shared/statistics';
import { syntheticInput } from './syntheticInput';

interface Engine {
  evaluateEntity: typeof evaluateEntity;
  builtInRules: typeof builtInRules;
}

interface Pass {
  seconds: number;
  /** The process's CPU time, garbage collection threads included. */
  cpuSeconds: number;
  checksum: number;
}

function pass(engine: Engine, inputs: EvaluationInput[]): Pass {
  let checksum = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  for (const input of inputs) {
    // A fresh input object per evaluation, as the processor passes.
    const report = engine.evaluateEntity({ ...input }, engine.builtInRules);
    checksum += report.score ?? 0;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, checksum };
}

function perSecond(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

/** The engine of another checkout, from its sources. */
function engineOf(checkout: string): Engine {
  const entry = path.resolve(checkout, 'plugins/ml-patterns-node/src');
  // A path known only at run time: nothing to import statically.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(entry) as Engine;
}

function main() {
  const count = integerOption('count', 100_000);
  const runs = integerOption('runs', 5);
  const againstAt = process.argv.indexOf('--against');
  const other =
    againstAt > 0 ? engineOf(process.argv[againstAt + 1] ?? '') : undefined;
  const next = seededRandom(42);
  const inputs = Array.from({ length: count }, (_, i) =>
    syntheticInput(i, next),
  );
  const engine: Engine = { evaluateEntity, builtInRules };

  // Warm up the JIT with one full pass; not measured.
  pass(engine, inputs);
  if (other) pass(other, inputs);

  const rates: number[] = [];
  const cpuRates: number[] = [];
  const otherCpuRates: number[] = [];
  const ratios: number[] = [];
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    // The other engine first every other run: neither always follows the other.
    const otherPass = other && run % 2 === 0 ? pass(other, inputs) : undefined;
    const { seconds, cpuSeconds, checksum: sum } = pass(engine, inputs);
    const against = other && (otherPass ?? pass(other, inputs));
    checksum += sum;
    rates.push(count / seconds);
    cpuRates.push(count / cpuSeconds);
    let line = `run ${run + 1}: ${count} entities in ${seconds.toFixed(
      3,
    )} s (${cpuSeconds.toFixed(3)} s CPU) = ${perSecond(
      count / seconds,
    )} entities/s`;
    if (against) {
      otherCpuRates.push(count / against.cpuSeconds);
      ratios.push(against.cpuSeconds / cpuSeconds);
      line += `; the other engine ${against.cpuSeconds.toFixed(
        3,
      )} s CPU, ratio ${(against.cpuSeconds / cpuSeconds).toFixed(3)}`;
    }
    console.log(line);
  }
  console.log(
    `engine: median ${perSecond(median(rates))} entities/s over ${runs} runs ` +
      `of ${count.toLocaleString('en-US')}; by CPU time ${perSecond(
        median(cpuRates),
      )} entities per CPU second ` +
      `(${builtInRules.length} rules, node ${process.version}, one thread; checksum ${checksum})`,
  );
  if (other) {
    console.log(
      `the other engine: median ${perSecond(
        median(otherCpuRates),
      )} entities per CPU second; this one runs at ${median(ratios).toFixed(
        2,
      )} × its speed (median of the runs' ratios)`,
    );
  }
}

main();
