import { mockCredentials } from '@backstage/backend-test-utils';
import { CallerCache, callerKey } from './CallerCache';

describe('callerKey', () => {
  it('keys users by entity ref and services by subject', () => {
    expect(callerKey(mockCredentials.user('user:default/jane'))).toBe(
      'user:user:default/jane',
    );
    expect(callerKey(mockCredentials.service('plugin:catalog'))).toBe(
      'service:plugin:catalog',
    );
    expect(callerKey(mockCredentials.none())).toBeUndefined();
  });
});

describe('CallerCache', () => {
  let clock = 0;
  const cache = () =>
    new CallerCache<number>({ ttlMs: 1000, maxEntries: 2, now: () => clock });

  beforeEach(() => {
    clock = 0;
  });

  it('reuses a value until it expires', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await c.get('a', load)).toBe(1);
    clock = 999;
    expect(await c.get('a', load)).toBe(1);
    clock = 1000;
    expect(await c.get('a', load)).toBe(2);
  });

  it('shares one load between concurrent requests', async () => {
    const c = cache();
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    const load = async () => {
      loads += 1;
      await gate;
      return loads;
    };
    const both = Promise.all([c.get('a', load), c.get('a', load)]);
    release();
    expect(await both).toEqual([1, 1]);
  });

  it('does not keep failures', async () => {
    const c = cache();
    await expect(
      c.get('a', async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    expect(await c.get('a', async () => 7)).toBe(7);
  });

  it('bypasses the cache without a key or with a zero TTL', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const c = cache();
    await c.get(undefined, load);
    await c.get(undefined, load);
    const off = new CallerCache<number>({ ttlMs: 0, maxEntries: 2 });
    await off.get('a', load);
    await off.get('a', load);
    expect(loads).toBe(4);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => ++loads;
    await c.get('a', load); // 1
    await c.get('b', load); // 2
    await c.get('c', load); // 3, evicts a
    expect(await c.get('c', load)).toBe(3);
    expect(await c.get('a', load)).toBe(4);
  });
});
