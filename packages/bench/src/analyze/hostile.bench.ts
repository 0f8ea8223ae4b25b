/*
 * Hostile-input benchmark: for each analyzer, the time per MB of an
 * ordinary file of its kind and the worst over generated hostile files
 * (unclosed delimiters, long blank runs, the same construct thousands of
 * times; the named cases of the hostile-input test in
 * plugins/ml-patterns-node plus seeded combinations), all 512 KB.
 * Not a test: it prints figures.
 *
 *   yarn bench:hostile [--size-kb 512] [--generated 6] [--runs 1] [--verbose]
 */
import { flagOption, integerOption } from '../shared/commandLine';
import {
  analysisTime,
  ANALYZER_FAMILIES,
  generatedCases,
} from '../shared/pluginInternals';

const size = integerOption('size-kb', 512) * 1024;
const generated = integerOption('generated', 6);
const runs = integerOption('runs', 1);
const verbose = flagOption('verbose');
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
