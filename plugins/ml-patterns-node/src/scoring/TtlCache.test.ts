import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('loads once within the time to live, again after it', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    const load = jest.fn(async () => 42);
    expect(await cache.getOrLoad('a', load)).toBe(42);
    now = 999;
    expect(await cache.getOrLoad('a', load)).toBe(42);
    expect(load).toHaveBeenCalledTimes(1);
    now = 1000;
    await cache.getOrLoad('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares a load in flight', async () => {
    const cache = new TtlCache<number>(1000);
    let resolve: (value: number) => void = () => {};
    const load = jest.fn(
      () =>
        new Promise<number>(r => {
          resolve = r;
        }),
    );
    const first = cache.getOrLoad('a', load);
    const second = cache.getOrLoad('a', load);
    resolve(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shares a load that outlasts the time to live, and counts it from when it is loaded', async () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 10, () => now);
    let resolve: (value: number) => void = () => {};
    const load = jest.fn(
      () =>
        new Promise<number>(r => {
          resolve = r;
        }),
    );
    const first = cache.getOrLoad('a', load);
    now = 5000; // a slow download, still running
    const second = cache.getOrLoad('a', load);
    resolve(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    now = 5999;
    expect(await cache.getOrLoad('a', load)).toBe(7);
    expect(load).toHaveBeenCalledTimes(1);
    now = 6000;
    await cache.getOrLoad('a', async () => 8);
    expect(await cache.getOrLoad('a', load)).toBe(8);
  });

  it('does not keep a failed load', async () => {
    const cache = new TtlCache<number>(1000);
    await expect(
      cache.getOrLoad('a', async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    expect(await cache.getOrLoad('a', async () => 1)).toBe(1);
  });

  it('loads only the missing keys, together, and answers in order', async () => {
    const cache = new TtlCache<string | null>(1000);
    const load = jest.fn(async (keys: string[]) =>
      keys.map(k => (k === 'x' ? null : k.toUpperCase())),
    );
    expect(await cache.getOrLoadMany(['b', 'a'], load)).toEqual(['B', 'A']);
    expect(await cache.getOrLoadMany(['a', 'x', 'c', 'a'], load)).toEqual([
      'A',
      null,
      'C',
      'A',
    ]);
    expect(load.mock.calls).toEqual([[['b', 'a']], [['x', 'c']]]);
  });

  it('drops the oldest entry when full', async () => {
    const cache = new TtlCache<number>(1000, 2);
    const load = jest.fn(async () => 1);
    await cache.getOrLoad('a', load);
    await cache.getOrLoad('b', load);
    await cache.getOrLoad('c', load);
    await cache.getOrLoad('b', load);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.getOrLoad('a', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('answers a primed key without loading it, until it expires', async () => {
    let now = 0;
    const cache = new TtlCache<string>(1000, 10, () => now);
    cache.prime('a', 'primed');
    const load = jest.fn(async () => 'loaded');
    expect(await cache.getOrLoad('a', load)).toBe('primed');
    expect(load).not.toHaveBeenCalled();
    now = 1001;
    expect(await cache.getOrLoad('a', load)).toBe('loaded');
  });
});
