import { mapInOrder } from './mapInOrder';

describe('mapInOrder', () => {
  it('gives the results in the order of the items, whichever call ends first', async () => {
    const release: Array<() => void> = [];
    const done = mapInOrder([1, 2, 3, 4], item => {
      return new Promise<number>(resolve =>
        release.push(() => resolve(item * 10)),
      );
    });
    await new Promise(resolve => setImmediate(resolve));
    // Let the calls end last to first.
    for (const end of [...release].reverse()) end();
    await expect(done).resolves.toEqual([10, 20, 30, 40]);
  });

  it('keeps at most `limit` calls waiting at once', async () => {
    let waiting = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const results = await mapInOrder(
      items,
      async item => {
        waiting++;
        most = Math.max(most, waiting);
        await new Promise(resolve => setImmediate(resolve));
        waiting--;
        return item;
      },
      3,
    );
    expect(results).toEqual(items);
    expect(most).toBe(3);
  });

  it('fails when a call fails', async () => {
    await expect(
      mapInOrder([1, 2], async item => {
        if (item === 2) throw new Error('no such file');
        return item;
      }),
    ).rejects.toThrow('no such file');
  });

  it('maps nothing to nothing', async () => {
    await expect(mapInOrder([], async () => 1)).resolves.toEqual([]);
  });
});
