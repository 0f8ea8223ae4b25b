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
  if ((GRADES as readonly string[]).includes(letter)) {
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
 * Why the report has no score, in the words the CLI and the card use:
 * its repository could not be read, or nothing could be verified.
 */
export function notScoredReason(report: EntityReport): string {
  const source = report.evidenceSource;
  if (source.status === 'unavailable') {
    return `not scored: repository unreadable (${
      source.reason ?? 'no reason given'
    })`;
  }
  return 'not scored: nothing could be verified';
}

/**
 * Parses `--min-coverage`: a share (0–1) or a percentage (`80%`, `80`).
 */
export function parseMinCoverage(value: string): number {
  const trimmed = value.trim();
  const percent = trimmed.endsWith('%');
  const number = Number(percent ? trimmed.slice(0, -1) : trimmed);
  if (trimmed !== '' && Number.isFinite(number) && number >= 0) {
    const share = percent || number > 1 ? number / 100 : number;
    if (share <= 1) return share;
  }
  throw new UsageError(
    `--min-coverage expects a share (0–1) or a percentage (0–100%), got "${value}"`,
  );
}

/** Why the report's coverage is under `min`, or undefined when it is not. */
export function belowCoverage(
  report: EntityReport,
  min: number,
): string | undefined {
  if (report.evidenceSource.status === 'unavailable') {
    return notScoredReason(report);
  }
  return report.coverage < min
    ? `coverage ${Math.round(report.coverage * 100)}% is under ${Math.round(
        min * 100,
      )}% (checks that could not be verified)`
    : undefined;
}

/**
 * Why the report is under the threshold, or undefined when it is not. A
 * report with no score (its repository unreadable, or nothing verified)
 * is under any threshold: a CI gate fails closed.
 */
export function belowThreshold(
  report: EntityReport,
  threshold: FailUnder,
): string | undefined {
  if (report.score === null) {
    return `${notScoredReason(report)}; required ${
      'grade' in threshold ? threshold.grade : threshold.score
    }`;
  }
  if ('grade' in threshold) {
    if (report.grade === null) {
      return `${notScoredReason(report)}; required ${threshold.grade}`;
    }
    return GRADES.indexOf(report.grade) > GRADES.indexOf(threshold.grade)
      ? `grade ${report.grade} is worse than ${threshold.grade}`
      : undefined;
  }
  return report.score < threshold.score
    ? `score ${report.score} is under ${threshold.score}`
    : undefined;
}
