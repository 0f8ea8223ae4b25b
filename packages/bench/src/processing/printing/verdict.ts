/** The target as judged on the estimate and on its interval. */
export function verdict(estimate: number, interval: [number, number]): string {
  if (estimate > 1.05) return 'MISSED';
  return interval[1] <= 1.05
    ? 'OK (the whole interval is within it)'
    : `OK on the estimate; not shown (the interval reaches ${interval[1].toFixed(
        3,
      )})`;
}
