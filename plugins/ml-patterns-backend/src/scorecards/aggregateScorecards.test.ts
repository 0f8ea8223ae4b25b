import { stampedEntity } from '../__testUtils__/stampedEntities';
import { aggregateScorecards } from './aggregateScorecards';
import { toStampedEntity } from './stampedEntity';

describe('toStampedEntity', () => {
  it('reads the stamped annotations', () => {
    const entity = toStampedEntity(
      stampedEntity({
        name: 'Svc',
        namespace: 'ML',
        owner: 'Team-A',
        system: 'recsys',
        type: 'model-server',
        stamp: {
          score: 77,
          grade: 'b',
          coverage: 85,
          allInOne: 'detected',
          failedChecks: ['a/b', ' c/d '],
        },
      }),
    );
    expect(entity).toMatchObject({
      entityRef: 'component:ml/svc',
      score: 77,
      grade: 'B',
      coverage: 0.85,
      allInOne: 'detected',
      failedChecks: ['a/b', 'c/d'],
      ownerRef: 'group:ml/team-a',
      systemRef: 'system:ml/recsys',
    });
  });

  it.each([
    ['not a number', 'abc'],
    ['a negative number', '-5'],
    ['over 100', '150'],
    ['a fraction', '50.5'],
  ])('treats a score that is %s as missing', (_, value) => {
    const entity = toStampedEntity(
      stampedEntity({
        name: 'svc',
        stamp: { grade: 'a' },
        extraAnnotations: { 'ml-patterns.io/score': value },
      }),
    );
    expect(entity.score).toBeNull();
    // a grade without a valid score is not counted either
    expect(entity.grade).toBeNull();
  });

  it('gives `none` for missing or malformed owner and system refs', () => {
    const entity = toStampedEntity(
      stampedEntity({ name: 'svc', owner: 'a:b:c/d/e', stamp: {} }),
    );
    expect(entity.ownerRef).toBe('none');
    expect(entity.systemRef).toBe('none');
  });
});

describe('aggregateScorecards', () => {
  it('returns no rows for no entities', () => {
    expect(aggregateScorecards([], () => 'x')).toEqual([]);
  });

  it('keeps means null when nothing in a group is scored', () => {
    const rows = aggregateScorecards(
      [toStampedEntity(stampedEntity({ name: 'a', stamp: {} }))],
      () => 'group:default/x',
    );
    expect(rows).toEqual([
      {
        groupRef: 'group:default/x',
        entityCount: 1,
        meanScore: null,
        grades: { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 },
        ungraded: 1,
        detections: { 'all-in-one': 0, 'only-me': 0 },
        meanCoverage: null,
        waivedChecks: 0,
      },
    ]);
  });

  it('counts the waived checks of each group', () => {
    const rows = aggregateScorecards(
      [
        stampedEntity({
          name: 'a',
          owner: 'team-a',
          stamp: { waivedChecks: ['only-me/code-review', 'a/b'] },
        }),
        stampedEntity({
          name: 'b',
          owner: 'team-a',
          stamp: { waivedChecks: ['only-me/code-review'] },
        }),
        stampedEntity({ name: 'c', owner: 'team-b', stamp: {} }),
      ].map(toStampedEntity),
      entity => entity.ownerRef,
    );
    expect(rows.map(row => [row.groupRef, row.waivedChecks])).toEqual([
      ['group:default/team-a', 3],
      ['group:default/team-b', 0],
    ]);
  });

  it('counts an entity with a score but no grade stamp as not scored', () => {
    const rows = aggregateScorecards(
      [
        stampedEntity({ name: 'graded', stamp: { score: 40, grade: 'e' } }),
        stampedEntity({ name: 'half-stamped', stamp: { score: 90 } }),
        stampedEntity({
          name: 'bad-grade',
          stamp: { score: 90, grade: 'excellent' },
        }),
      ].map(toStampedEntity),
      () => 'g',
    );
    expect(rows[0]).toMatchObject({
      entityCount: 3,
      meanScore: 40,
      grades: { A: 0, B: 0, C: 0, D: 0, E: 1, F: 0 },
      ungraded: 2,
    });
  });

  it('rounds the mean score to one decimal', () => {
    const rows = aggregateScorecards(
      [10, 20, 21].map((score, i) =>
        toStampedEntity(
          stampedEntity({ name: `e${i}`, stamp: { score, grade: 'f' } }),
        ),
      ),
      () => 'g',
    );
    expect(rows[0].meanScore).toBe(17);
    expect(rows[0].grades.F).toBe(3);
  });
});
