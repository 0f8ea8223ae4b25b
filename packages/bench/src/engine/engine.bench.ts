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
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    for (const input of inputs) {
      // A fresh input object per evaluation, as the processor passes.
      const report = evaluateEntity({ ...input }, builtInRules);
      checksum += report.score ?? 0;
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(count / seconds);
    console.log(
      `run ${run + 1}: ${count} entities in ${seconds.toFixed(
        3,
      )} s = ${Math.round(count / seconds).toLocaleString('en-US')} entities/s`,
    );
  }
  console.log(
    `engine: median ${Math.round(median(rates)).toLocaleString(
      'en-US',
    )} entities/s over ${runs} runs of ${count.toLocaleString('en-US')} ` +
      `(${builtInRules.length} rules, node ${process.version}, one thread; checksum ${checksum})`,
  );
}

main();
