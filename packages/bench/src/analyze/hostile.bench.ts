/*
 * Hostile-input benchmark: for each analyzer, the time per MB of an
 * ordinary file of its kind and of each generated hostile file (unclosed
 * delimiters, long blank runs, the same construct thousands of times; the
 * cases of the hostile-input test in plugins/ml-patterns-node plus seeded
 * combinations), all 512 KB, and their ratio. A case over 20 times the
 * ordinary file's time is flagged and the exit code is 1: analysis must
 * stay linear in the input. Not a test: it prints figures.
 *
 *   yarn bench:hostile [--size-kb 512] [--generated 6] [--runs 1] [--max-ratio 20]
 */
import { integerOption } from '../shared/commandLine';
import {
  analysisTime,
  ANALYZER_FAMILIES,
  generatedCases,
} from '../shared/pluginInternals';

const size = integerOption('size-kb', 512) * 1024;
const generated = integerOption('generated', 6);
const runs = integerOption('runs', 1);
const maxRatio = integerOption('max-ratio', 20);
const perMb = (ms: number) => (ms * 1024 * 1024) / size;
/** A case name in a Markdown table cell. */
const cell = (name: string) => name.replace(/\|/g, '\\|');

interface Timed {
  family: string;
  name: string;
  ms: number;
  ratio: number;
}

console.log(
  `Analysis time per MB, files of ${
    size / 1024
  } KB (fastest of ${runs} runs), Node ${
    process.version
  }; flagged: over ${maxRatio} times the ordinary file`,
);
console.log('');
console.log('| analyzer | case | ms/MB | ratio | |');
console.log('| --- | --- | ---: | ---: | --- |');
const summary: Array<{ family: string; benign: number; worst: Timed }> = [];
const flagged: Timed[] = [];
for (const family of ANALYZER_FAMILIES) {
  // Warm up the analyzer's code paths first.
  analysisTime(family, family.benign(64 * 1024), 1);
  const benign = analysisTime(family, family.benign(size), runs);
  console.log(
    `| ${family.name} | ordinary file | ${perMb(benign).toFixed(0)} | 1.0 | |`,
  );
  let worst: Timed | undefined;
  for (const hostile of [
    ...family.hostile,
    ...generatedCases(family, generated, 1),
  ]) {
    const text = hostile.make(size);
    let ms = analysisTime(family, text, runs);
    // Timed twice more before it is flagged: a pause of the machine is not
    // the analyzer's; a super-linear scan stays far over.
    if (ms / benign > maxRatio) {
      ms = Math.min(ms, analysisTime(family, text, 2));
    }
    const timed = {
      family: family.name,
      name: hostile.name,
      ms,
      ratio: ms / benign,
    };
    const over = timed.ratio > maxRatio;
    if (over) flagged.push(timed);
    console.log(
      `| ${family.name} | ${cell(hostile.name)} | ${perMb(ms).toFixed(
        0,
      )} | ${timed.ratio.toFixed(1)} | ${over ? `OVER ${maxRatio}` : ''} |`,
    );
    if (!worst || ms > worst.ms) worst = timed;
  }
  if (worst) summary.push({ family: family.name, benign, worst });
}

console.log('');
console.log(
  '| analyzer | ordinary ms/MB | worst hostile ms/MB | ratio | worst case |',
);
console.log('| --- | ---: | ---: | ---: | --- |');
for (const { family, benign, worst } of summary) {
  console.log(
    `| ${family} | ${perMb(benign).toFixed(0)} | ${perMb(worst.ms).toFixed(
      0,
    )} | ${worst.ratio.toFixed(1)} | ${cell(worst.name)} |`,
  );
}
console.log('');
if (flagged.length === 0) {
  console.log(`Every case within ${maxRatio} times the ordinary file.`);
} else {
  console.log(
    `${flagged.length} cases over ${maxRatio} times the ordinary file:`,
  );
  for (const timed of flagged) {
    console.log(`  ${timed.family} | ${timed.name}: ${timed.ratio.toFixed(1)}`);
  }
  process.exitCode = 1;
}
