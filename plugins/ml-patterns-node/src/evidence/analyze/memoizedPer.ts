/**
 * `compute`, run once per key object: several rules ask an analyzer about
 * the same project, file or load. The results sit in a WeakMap, so they
 * last as long as their key (one analysis) and no longer.
 */
export function memoizedPer<K extends object, V>(
  compute: (key: K) => V,
): (key: K) => V {
  const results = new WeakMap<K, V>();
  return key => {
    const known = results.get(key);
    // `has` only for an undefined result: one lookup for the others.
    if (known !== undefined || results.has(key)) return known as V;
    const result = compute(key);
    results.set(key, result);
    return result;
  };
}

/** `compute`, run once per key object and name (see {@link memoizedPer}). */
export function memoizedPerName<K extends object, V>(
  compute: (key: K, name: string) => V,
): (key: K, name: string) => V {
  const resultsOf = memoizedPer((_: K) => new Map<string, V>());
  return (key, name) => {
    const results = resultsOf(key);
    const known = results.get(name);
    if (known !== undefined || results.has(name)) return known as V;
    const result = compute(key, name);
    results.set(name, result);
    return result;
  };
}
