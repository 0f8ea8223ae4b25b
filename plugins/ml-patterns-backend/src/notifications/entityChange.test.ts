import { entityDay } from '../__testUtils__/entityDays';
import { entityChange } from './entityChange';

const REF = 'component:default/fraud-service';

describe('entityChange', () => {
  it('finds nothing on the first scoring, even a bad one', () => {
    expect(
      entityChange(
        undefined,
        entityDay(REF, { grade: 'F', allInOne: 'detected' }),
        1,
      ),
    ).toBeUndefined();
  });

  it('finds an anti-pattern detected now and not before', () => {
    const before = entityDay(REF, { allInOne: 'unknown', onlyMe: 'detected' });
    const now = entityDay(REF, { allInOne: 'detected', onlyMe: 'detected' });
    expect(entityChange(before, now, 1)).toEqual({
      newAntiPatterns: ['all-in-one'],
    });
    // Still detected is not news.
    expect(entityChange(now, now, 1)).toBeUndefined();
  });

  it('finds a grade drop of at least the configured steps', () => {
    const b = entityDay(REF, { grade: 'B' });
    expect(entityChange(b, entityDay(REF, { grade: 'C' }), 1)).toEqual({
      newAntiPatterns: [],
      gradeDrop: { from: 'B', to: 'C', steps: 1 },
    });
    expect(entityChange(b, entityDay(REF, { grade: 'C' }), 2)).toBeUndefined();
    expect(entityChange(b, entityDay(REF, { grade: 'E' }), 2)).toEqual({
      newAntiPatterns: [],
      gradeDrop: { from: 'B', to: 'E', steps: 3 },
    });
    // Better is not a drop.
    expect(entityChange(b, entityDay(REF, { grade: 'A' }), 1)).toBeUndefined();
  });

  it('counts no drop to or from "not scored"', () => {
    const b = entityDay(REF, { grade: 'B' });
    const unscored = entityDay(REF, { grade: null, score: null });
    expect(entityChange(b, unscored, 1)).toBeUndefined();
    expect(
      entityChange(unscored, entityDay(REF, { grade: 'F' }), 1),
    ).toBeUndefined();
  });
});
