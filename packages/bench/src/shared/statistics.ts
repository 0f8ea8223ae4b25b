import { seededRandom } from './random';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value below which `p` % of `sorted` (ascending) lie, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

/**
 * A 95 % bootstrap interval of the median of `values`: how far the median
 * could move with other draws of the same noise. Seeded, so that one set
 * of samples always gives the same interval.
 */
export function medianInterval(
  values: number[],
  resamples = 4000,
): [number, number] {
  const random = seededRandom(0x9e3779b9);
  const medians = Array.from({ length: resamples }, () =>
    median(values.map(() => values[Math.floor(random() * values.length)])),
  ).sort((a, b) => a - b);
  return [
    medians[Math.floor(0.025 * resamples)],
    medians[Math.ceil(0.975 * resamples) - 1],
  ];
}
