import fc from 'fast-check';
import { CheckResult, Verdict } from '@ml-patterns/plugin-ml-patterns-common';
import { computeScore } from './score';

type ScoredCheck = Pick<CheckResult, 'ruleId' | 'verdict' | 'waiver'>;

const check = (ruleId: string, verdict: Verdict, waived = false): ScoredCheck =>
  waived
    ? {
        ruleId,
        verdict,
        waiver: {
          reason: 'x',
          approvedBy: 'group:default/a',
          until: '2026-12-31',
        },
      }
    : { ruleId, verdict };

describe('computeScore', () => {
  const weights: Record<string, number> = { a: 3, b: 1, c: 2 };
  const weightOf = (id: string) => weights[id] ?? 1;

  it('is the weighted mean of pass (1) and fail (0), rounded', () => {
    expect(
      computeScore([check('a', 'pass'), check('b', 'fail')], weightOf),
    ).toEqual({
      score: 75,
      grade: 'B',
      coverage: 1,
    });
    expect(
      computeScore(
        [check('a', 'fail'), check('b', 'pass'), check('c', 'pass')],
        weightOf,
      ).score,
    ).toBe(50);
  });

  it('leaves unknown, not-applicable and waived checks out of the score', () => {
    const summary = computeScore(
      [
        check('a', 'pass'),
        check('b', 'unknown'),
        check('c', 'not-applicable'),
        check('d', 'fail', true),
      ],
      weightOf,
    );
    expect(summary.score).toBe(100);
    // coverage: 1 verified of 2 applicable, non-waived checks
    expect(summary.coverage).toBe(0.5);
  });

  it('is null with no grade when nothing was verified', () => {
    expect(computeScore([check('a', 'unknown')], weightOf)).toEqual({
      score: null,
      grade: null,
      coverage: 0,
    });
    expect(computeScore([], weightOf)).toEqual({
      score: null,
      grade: null,
      coverage: 0,
    });
  });

  it('uses the grade bands given', () => {
    const bands = [{ grade: 'A' as const, min: 50 }];
    expect(
      computeScore([check('a', 'pass'), check('b', 'fail')], weightOf, bands)
        .grade,
    ).toBe('A');
    expect(
      computeScore([check('a', 'fail'), check('b', 'pass')], weightOf, bands)
        .grade,
    ).toBe('F');
  });

  describe('properties', () => {
    const verdicts: Verdict[] = ['pass', 'fail', 'unknown', 'not-applicable'];
    const arbChecks = fc.array(
      fc.record({
        verdict: fc.constantFrom(...verdicts),
        weight: fc.integer({ min: 0, max: 10 }),
        waived: fc.boolean(),
      }),
      { maxLength: 20 },
    );
    const toChecks = (
      rows: Array<{ verdict: Verdict; weight: number; waived: boolean }>,
    ) => {
      const checks = rows.map((row, i) =>
        check(`r${i}`, row.verdict, row.waived),
      );
      const weightOfRow = (id: string) => rows[Number(id.slice(1))].weight;
      return { checks, weightOfRow };
    };

    it('the score is an integer within 0–100, or null', () => {
      fc.assert(
        fc.property(arbChecks, rows => {
          const { checks, weightOfRow } = toChecks(rows);
          const { score, coverage } = computeScore(checks, weightOfRow);
          expect(coverage).toBeGreaterThanOrEqual(0);
          expect(coverage).toBeLessThanOrEqual(1);
          expect(
            score === null ||
              (Number.isInteger(score) && score >= 0 && score <= 100),
          ).toBe(true);
        }),
      );
    });

    it('fixing a failing check never lowers the score', () => {
      fc.assert(
        fc.property(arbChecks, fc.nat(), (rows, pick) => {
          const failing = rows
            .map((r, i) => (r.verdict === 'fail' ? i : -1))
            .filter(i => i >= 0);
          fc.pre(failing.length > 0);
          const index = failing[pick % failing.length];
          const { checks, weightOfRow } = toChecks(rows);
          const before = computeScore(checks, weightOfRow).score;
          const fixed = checks.map((c, i) =>
            i === index ? { ...c, verdict: 'pass' as const } : c,
          );
          const after = computeScore(fixed, weightOfRow).score;
          // fast-check reports the counterexample when this is false.
          expect(before === null || (after !== null && after >= before)).toBe(
            true,
          );
        }),
      );
    });

    it('an unknown check scores between the same check passing and failing', () => {
      fc.assert(
        fc.property(arbChecks, fc.nat(), (rows, pick) => {
          fc.pre(rows.length > 0);
          const index = pick % rows.length;
          const { checks, weightOfRow } = toChecks(rows);
          const withVerdict = (verdict: Verdict) =>
            computeScore(
              checks.map((c, i) =>
                i === index ? { ruleId: c.ruleId, verdict } : c,
              ),
              weightOfRow,
            ).score;
          const unknown = withVerdict('unknown');
          const passing = withVerdict('pass');
          const failingScore = withVerdict('fail');
          const comparable =
            unknown !== null && passing !== null && failingScore !== null;
          expect(
            !comparable || (unknown <= passing! && unknown >= failingScore!),
          ).toBe(true);
        }),
      );
    });
  });
});
