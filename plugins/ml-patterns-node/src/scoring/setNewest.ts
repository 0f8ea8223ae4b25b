/**
 * Sets `key` as the newest entry of `map` (a Map keeps insertion order),
 * first dropping the oldest one when the map already holds `maxEntries`.
 * The bound of the scorer's in-memory caches.
 *
 * @alpha
 */
export function setNewest<K, V>(
  map: Map<K, V>,
  key: K,
  value: V,
  maxEntries: number,
): void {
  map.delete(key);
  if (map.size >= maxEntries) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
