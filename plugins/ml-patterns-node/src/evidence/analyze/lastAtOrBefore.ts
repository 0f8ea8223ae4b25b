/**
 * The last entry at or before a line, of entries in line order (binary
 * search: a Dockerfile of thousands of WORKDIR/RUN pairs asks per RUN).
 */
export function lastAtOrBefore<T extends { line: number }>(
  entries: T[] | undefined,
  line: number,
): T | undefined {
  if (!entries) return undefined;
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid].line <= line) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? entries[low - 1] : undefined;
}
