/*
 * Engine throughput benchmark: evaluates ≥ 100k synthetic entities whose
 * evidence is already collected, and prints entities per second.
 *
 *   yarn bench:engine [--count 100000] [--runs 5]
 *
 * Not a test: it prints figures and never fails on speed. The target is
 * ≥ 100k evaluations per second on one core (Node runs this on one thread).
 */
import {
  builtInRules,
  evaluateEntity,
} from '@ml-patterns/plugin-ml-patterns-node';
import { integerOption } from '../shared/commandLine';
import { seededRandom } from '../shared/random';
import { median } from '../shared/statistics';
import { syntheticInput } from './syntheticInput';

function main() {
  const count = integerOption('count', 100_000);
  const runs = integerOption('runs', 5);
  const next = seededRandom(42);
  const inputs = Array.from({ length: count }, (_, i) =>
    syntheticInput(i, next),
  );

  // Warm up the JIT with one full pass; not measured.
  for (const input of inputs) {
    evaluateEntity({ ...input }, builtInRules);
  }

  const rates: number[] = [];
  const cpuRates: number[] = [];
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (const input of inputs) {
      // A fresh input object per evaluation, as the processor passes.
      const report = evaluateEntity({ ...input }, builtInRules);
      checksum += report.score ?? 0;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    // The process's CPU time (garbage collection threads included): on a
    // busy machine it says more about the engine than the wall clock.
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    rates.push(count / seconds);
    cpuRates.push(count / cpuSeconds);
    console.log(
      `run ${run + 1}: ${count} entities in ${seconds.toFixed(
        3,
      )} s (${cpuSeconds.toFixed(3)} s CPU) = ${perSecond(
        count / seconds,
      )} entities/s`,
    );
  }
  console.log(
    `engine: median ${perSecond(median(rates))} entities/s over ${runs} runs ` +
      `of ${count.toLocaleString('en-US')}; by CPU time ${perSecond(
        median(cpuRates),
      )} entities per CPU second ` +
      `(${builtInRules.length} rules, node ${process.version}, one thread; checksum ${checksum})`,
  );
}

function perSecond(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}

main();
