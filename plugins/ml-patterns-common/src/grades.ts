import { Grade } from './types';

/**
 * Lowest score for each grade, best grade first. Scores under the last
 * band get `F`.
 *
 * @public
 */
export type GradeBands = Array<{ grade: Exclude<Grade, 'F'>; min: number }>;

/** @public */
export const DEFAULT_GRADE_BANDS: GradeBands = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 75 },
  { grade: 'C', min: 60 },
  { grade: 'D', min: 45 },
  { grade: 'E', min: 30 },
];

/**
 * The grade of a score under the given bands.
 *
 * @public
 */
export function gradeForScore(
  score: number,
  bands: GradeBands = DEFAULT_GRADE_BANDS,
): Grade {
  for (const band of bands) {
    if (score >= band.min) {
      return band.grade;
    }
  }
  return 'F';
}
