import {
  EntityReport,
  Grade,
  GRADES,
} from '@ml-patterns/plugin-ml-patterns-common';
import { UsageError } from './UsageError';

/** A `--fail-under` threshold: a grade letter or a score. */
export type FailUnder = { grade: Grade } | { score: number };

export function parseFailUnder(value: string): FailUnder {
  const trimmed = value.trim();
  const letter = trimmed.toUpperCase();
  if ((GRADES as string[]).includes(letter)) {
    return { grade: letter as Grade };
  }
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const score = Number(trimmed);
    if (score >= 0 && score <= 100) {
      return { score };
    }
  }
  throw new UsageError(
    `--fail-under expects a grade (A–F) or a score (0–100), got "${value}"`,
  );
}

/**
 * Why the report is under the threshold, or undefined when it is not. A
 * report with no score (nothing could be verified) is under any threshold:
 * a CI gate fails closed.
 */
export function belowThreshold(
  report: EntityReport,
  threshold: FailUnder,
): string | undefined {
  if ('grade' in threshold) {
    if (report.grade === null) {
      return `no grade (nothing could be verified); required ${threshold.grade} or better`;
    }
    return GRADES.indexOf(report.grade) > GRADES.indexOf(threshold.grade)
      ? `grade ${report.grade} is worse than ${threshold.grade}`
      : undefined;
  }
  if (report.score === null) {
    return `no score (nothing could be verified); required ${threshold.score}`;
  }
  return report.score < threshold.score
    ? `score ${report.score} is under ${threshold.score}`
    : undefined;
}
