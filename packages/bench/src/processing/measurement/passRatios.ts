import { median, medianInterval } from '../../shared/statistics';
import { SAME_CORE, TRICKLE_MS } from '../options';
import { Pass } from './measurePass';

/** The timed passes compared, with the module / without it. */
export interface PassRatios {
  /** Pass time per pair of passes run side by side, ascending. */
  paired: number[];
  /**
   * Per two pairs on swapped cores (the geometric mean of their ratios),
   * ascending; empty unless the catalogs were pinned and swapped.
   */
  swapped: number[];
  /** CPU time of the catalog's process per pair, ascending. */
  cpu: number[];
  /** Whether the catalogs were pinned and swapped cores every pass. */
  onSwappedCores: boolean;
  /** The headline compares CPU time rather than pass time. */
  headlineIsCpu: boolean;
  headlineSamples: number[];
  /** The median of the headline samples… */
  headline: number;
  /** …and its 95 % bootstrap interval. */
  interval: [number, number];
}

export function passRatios(
  timedWith: Pass[],
  timedWithout: Pass[],
  pinned: boolean,
): PassRatios {
  // Each timed pass of one catalog runs right beside the same pass of the
  // other: their ratio cancels the machine's slower and faster minutes
  // (a shared machine's pass times drift by 2x over minutes).
  const inOrder = timedWith.map((p, i) => p.ms / timedWithout[i].ms);
  const paired = [...inOrder].sort((a, b) => a - b);
  // Pairs 2k and 2k+1 ran with the catalogs' cores swapped: the two
  // virtual cores of a cloud machine can differ in speed by 30 % for
  // minutes, which one pair cannot tell from the module's cost.
  const onSwappedCores = pinned && !SAME_CORE && inOrder.length >= 2;
  const bySwappedPairs = (ratios: number[]) =>
    ratios
      .flatMap((r, i) => (i % 2 === 1 ? [Math.sqrt(ratios[i - 1] * r)] : []))
      .sort((a, b) => a - b);
  const swapped = onSwappedCores ? bySwappedPairs(inOrder) : [];
  const cpuInOrder = timedWith.map((p, i) => p.cpuMs / timedWithout[i].cpuMs);
  const cpu = [...cpuInOrder].sort((a, b) => a - b);
  // On one core, the pass times of the two catalogs are not comparable;
  // trickled passes last as long as the trickle, whatever they cost.
  const headlineIsCpu = (pinned && SAME_CORE) || TRICKLE_MS > 0;
  let headlineSamples = paired;
  if (headlineIsCpu) {
    headlineSamples = onSwappedCores ? bySwappedPairs(cpuInOrder) : cpu;
  } else if (onSwappedCores) headlineSamples = swapped;
  return {
    paired,
    swapped,
    cpu,
    onSwappedCores,
    headlineIsCpu,
    headlineSamples,
    headline: median(headlineSamples),
    interval: medianInterval(headlineSamples),
  };
}
