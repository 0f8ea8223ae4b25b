import { setNewest } from './setNewest';

/**
 * A small in-memory cache with a time-to-live and a size bound. Catalog
 * lookups for cross-entity facts go through it, so one processing cycle
 * asks the catalog about a model or a server group once, not once per
 * entity that mentions it.
 *
 * Loads in flight are shared: the catalog processes several entities at
 * once, and those of one team usually ask the same question together. A
 * failed load is not kept.
 *
 * @alpha
 */
export class TtlCache<V> {
  private readonly entries = new Map<
    string,
    { value: Promise<V>; expires: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const [value] = await this.getOrLoadMany([key], async () => [await load()]);
    return value;
  }

  /**
   * The values of `keys`, in order. Keys without a fresh entry are loaded
   * together, with one call of `load`, which returns their values in the
   * order of the keys it is given.
   */
  async getOrLoadMany(
    keys: string[],
    load: (missing: string[]) => Promise<V[]>,
  ): Promise<V[]> {
    const now = this.now();
    const values = new Map<string, Promise<V>>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const hit = this.entries.get(key);
      if (hit && hit.expires > now) {
        values.set(key, hit.value);
      } else {
        missing.push(key);
      }
    }
    if (missing.length > 0) {
      const loaded = load(missing);
      missing.forEach((key, i) => {
        const value = loaded.then(all => all[i]);
        values.set(key, value);
        // Shared while in flight, however long it takes (a download that
        // outlasts the time to live is not started again by the next
        // caller); the time to live runs from when it is loaded.
        this.set(key, value, Infinity);
        value.then(
          () => {
            if (this.entries.get(key)?.value === value) this.set(key, value);
          },
          () => {
            if (this.entries.get(key)?.value === value) {
              this.entries.delete(key);
            }
          },
        );
      });
    }
    return Promise.all(keys.map(key => values.get(key)!));
  }

  /** Stores a value learnt some other way than by loading its key. */
  prime(key: string, value: V) {
    this.set(key, Promise.resolve(value));
  }

  private set(
    key: string,
    value: Promise<V>,
    expires: number = this.now() + this.ttlMs,
  ) {
    setNewest(this.entries, key, { value, expires }, this.maxEntries);
  }
}
