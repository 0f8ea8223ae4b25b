import { Grade } from '@ml-patterns/plugin-ml-patterns-common';

/**
 * One colour per grade, green to red, readable on light and dark themes
 * (Material palette 600 shades).
 */
export const GRADE_COLORS: Record<Grade, string> = {
  A: '#43a047',
  B: '#7cb342',
  C: '#fdd835',
  D: '#fb8c00',
  E: '#f4511e',
  F: '#e53935',
};

/** Colour for a 0–100 score, following the default grade bands. */
export function scoreColor(score: number): string {
  if (score >= 90) return GRADE_COLORS.A;
  if (score >= 75) return GRADE_COLORS.B;
  if (score >= 60) return GRADE_COLORS.C;
  if (score >= 45) return GRADE_COLORS.D;
  if (score >= 30) return GRADE_COLORS.E;
  return GRADE_COLORS.F;
}
