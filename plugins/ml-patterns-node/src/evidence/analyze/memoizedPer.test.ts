import { memoizedPer, memoizedPerName } from './memoizedPer';

describe('memoizedPer', () => {
  it('computes once per key object', () => {
    const seen: object[] = [];
    const sizeOf = memoizedPer((lines: string[]) => {
      seen.push(lines);
      return lines.length;
    });
    const a = ['x', 'y'];
    const b = ['x', 'y'];
    expect([sizeOf(a), sizeOf(a), sizeOf(b)]).toEqual([2, 2, 2]);
    expect(seen).toEqual([a, b]);
    expect(seen[0]).toBe(a);
    expect(seen[1]).toBe(b);
  });

  it('keeps an undefined result rather than computing it again', () => {
    let calls = 0;
    const nothing = memoizedPer((_: object) => {
      calls++;
      return undefined;
    });
    const key = {};
    expect(nothing(key)).toBeUndefined();
    expect(nothing(key)).toBeUndefined();
    expect(calls).toBe(1);
  });
});

describe('memoizedPerName', () => {
  it('computes once per key object and name', () => {
    const asked: string[] = [];
    const lookUp = memoizedPerName((owner: { id: string }, name: string) => {
      asked.push(`${owner.id}:${name}`);
      return name === 'none' ? undefined : `${owner.id}.${name}`;
    });
    const one = { id: 'one' };
    const two = { id: 'two' };
    expect(lookUp(one, 'a')).toBe('one.a');
    expect(lookUp(one, 'a')).toBe('one.a');
    expect(lookUp(one, 'b')).toBe('one.b');
    expect(lookUp(two, 'a')).toBe('two.a');
    expect(lookUp(one, 'none')).toBeUndefined();
    expect(lookUp(one, 'none')).toBeUndefined();
    expect(asked).toEqual(['one:a', 'one:b', 'two:a', 'one:none']);
  });
});
