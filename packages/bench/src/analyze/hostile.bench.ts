/* eslint-disable no-console */
/*
 * Hostile-input benchmark: for each analyzer, the time per MB of an
 * ordinary file of its kind and the worst over generated hostile files
 * (unclosed delimiters, long blank runs, the same construct thousands of
 * times; the named cases of __testUtils__/hostileFiles.ts plus seeded
 * combinations), all 512 KB. Not a test: it prints figures.
 *
 *   yarn bench:hostile [--size-kb 512] [--generated 6] [--runs 1]
 */
// The benchmark times the hostile-input test's own generated files.
// eslint-disable-next-line no-restricted-imports
import {
  analysisTime,
  ANALYZER_FAMILIES,
  generatedCases,
} from '../__testUtils__/hostileFiles';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive integer`);
  }
  return value;
}

const size = argument('size-kb', 512) * 1024;
const generated = argument('generated', 6);
const runs = argument('runs', 1);
const verbose = process.argv.includes('--verbose');
const perMb = (ms: number) => (ms * 1024 * 1024) / size;

console.log(
  `Analysis time per MB, files of ${
    size / 1024
  } KB (fastest of ${runs} runs), Node ${process.version}`,
);
console.log('');
console.log(
  '| analyzer | benign ms/MB | worst hostile ms/MB | ratio | worst case |',
);
console.log('| --- | ---: | ---: | ---: | --- |');
for (const family of ANALYZER_FAMILIES) {
  // Warm up the analyzer's code paths first.
  analysisTime(family, family.benign(64 * 1024), 1);
  const benign = analysisTime(family, family.benign(size), runs);
  let worst = { ms: 0, name: '' };
  for (const hostile of [
    ...family.hostile,
    ...generatedCases(family, generated, 1),
  ]) {
    const ms = analysisTime(family, hostile.make(size), runs);
    if (verbose)
      console.error(`${family.name} | ${hostile.name}: ${ms.toFixed(0)} ms`);
    if (ms > worst.ms) worst = { ms, name: hostile.name };
  }
  console.log(
    `| ${family.name} | ${perMb(benign).toFixed(0)} | ${perMb(worst.ms).toFixed(
      0,
    )} | ${(worst.ms / benign).toFixed(1)} | ${worst.name} |`,
  );
}
