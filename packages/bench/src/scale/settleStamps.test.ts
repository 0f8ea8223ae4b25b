import { changedStamps } from './settleStamps';

describe('changedStamps', () => {
  const before = new Map([
    ['component:default/serving-0-0', 'all-in-one=clear score=96'],
    ['resource:default/model-0-0', 'evidence-status=ok score=73'],
    ['resource:default/model-0-1', 'evidence-status=ok score=73'],
  ]);

  it('counts nothing when every entity keeps its stamps', () => {
    expect(changedStamps(before, new Map(before))).toBe(0);
  });

  it('counts entities stamped otherwise, newly stamped, or no longer stamped', () => {
    const after = new Map(before);
    after.set('component:default/serving-0-0', 'all-in-one=detected score=74');
    after.delete('resource:default/model-0-1');
    after.set('resource:default/model-0-2', 'evidence-status=ok score=73');
    expect(changedStamps(before, after)).toBe(3);
  });
});
