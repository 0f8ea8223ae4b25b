/**
 * How many file-system requests a tree read keeps waiting at once: enough
 * to keep libuv's I/O threads busy, few enough that a folder of a hundred
 * thousand files does not queue a hundred thousand requests at once.
 */
export const FILE_REQUESTS_AT_ONCE = 16;

/**
 * `items.map(fn)` with at most `limit` calls waiting at once, the results
 * in the order of `items`. A local read waits mostly on the file system,
 * one request at a time; several at once overlap those waits.
 */
export async function mapInOrder<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  limit = FILE_REQUESTS_AT_ONCE,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
