import {
  CheckResult,
  DEFAULT_GRADE_BANDS,
  Grade,
  GradeBands,
  gradeForScore,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * Score, grade and coverage of one entity.
 *
 * @public
 */
export interface ScoreSummary {
  score: number | null;
  grade: Grade | null;
  coverage: number;
}

/**
 * Scores checks: the weighted mean of the verified checks (pass = 1,
 * fail = 0) as an integer 0–100.
 *
 * Unknown, not-applicable and waived checks are left out of the mean
 * altogether. Leaving an unknown out (rather than counting it as 0 or 1)
 * is what guarantees that an unverifiable check never makes an entity look
 * better than a verified pass would, nor worse than a verified failure:
 * the mean without it always lies between the mean with it failing and
 * the mean with it passing.
 *
 * Coverage is the share of applicable, non-waived checks that were
 * verified (0 when there are none).
 *
 * @public
 */
export function computeScore(
  checks: ReadonlyArray<Pick<CheckResult, 'ruleId' | 'verdict' | 'waiver'>>,
  weightOf: (ruleId: string) => number,
  gradeBands: GradeBands = DEFAULT_GRADE_BANDS,
): ScoreSummary {
  let passedWeight = 0;
  let verifiedWeight = 0;
  let verified = 0;
  let unknown = 0;
  for (const check of checks) {
    if (check.waiver || check.verdict === 'not-applicable') {
      continue;
    }
    if (check.verdict === 'unknown') {
      unknown += 1;
      continue;
    }
    verified += 1;
    const weight = weightOf(check.ruleId);
    verifiedWeight += weight;
    if (check.verdict === 'pass') {
      passedWeight += weight;
    }
  }
  const coverage =
    verified + unknown === 0 ? 0 : verified / (verified + unknown);
  if (verifiedWeight <= 0) {
    return { score: null, grade: null, coverage };
  }
  const score = Math.round((100 * passedWeight) / verifiedWeight);
  return { score, grade: gradeForScore(score, gradeBands), coverage };
}
