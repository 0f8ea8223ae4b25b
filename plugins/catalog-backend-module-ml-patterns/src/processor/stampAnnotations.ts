import { Entity } from '@backstage/catalog-model';
import {
  EntityReport,
  EntityRole,
  OUTPUT_ANNOTATIONS,
  RULESET_VERSION,
  Verdict,
  toStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';

const OUTPUT_KEYS = new Set<string>(Object.values(OUTPUT_ANNOTATIONS));

/**
 * The summary of a report as annotations. Nothing volatile (no
 * timestamps), so an unchanged entity produces the same annotations and
 * hash. Waived checks are left out of the failed and unknown lists, and
 * listed on their own.
 */
export function summaryAnnotations(
  report: EntityReport,
): Record<string, string> {
  const byVerdict = (verdict: Verdict) =>
    report.checks
      .filter(c => c.verdict === verdict && !c.waiver)
      .map(c => c.ruleId);
  return toStampAnnotations({
    role: report.role,
    score: report.score,
    grade: report.grade,
    coverage: report.coverage,
    antiPatterns: report.antiPatterns,
    releasePattern: report.releasePattern,
    failedChecks: byVerdict('fail'),
    unknownChecks: byVerdict('unknown'),
    rulesetVersion: report.rulesetVersion,
    evidenceStatus: report.evidenceSource.status,
    waivedChecks: report.checks.filter(c => c.waiver).map(c => c.ruleId),
  });
}

/**
 * What is stamped when scoring itself failed: the entity is in scope but
 * nothing could be verified. Never a made-up score.
 */
export function unknownAnnotations(
  role: EntityRole,
  rulesetVersion: string = RULESET_VERSION,
): Record<string, string> {
  return toStampAnnotations({
    role,
    score: null,
    grade: null,
    coverage: 0,
    antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
    releasePattern: 'unknown',
    failedChecks: [],
    unknownChecks: [],
    rulesetVersion,
    evidenceStatus: 'unavailable',
  });
}

/**
 * The entity with our output annotations replaced by `stamps` (or removed
 * when `stamps` is undefined): values a user wrote under our keys are
 * overwritten, never merged. Returns the same object when nothing changes.
 * Runs twice for every in-scope entity of every cycle, hence the loops.
 */
export function withStamps(
  entity: Entity,
  stamps: Record<string, string> | undefined,
): Entity {
  const current = entity.metadata.annotations ?? {};
  const keys = Object.keys(current);
  let ours = 0;
  let same = true;
  for (const key of keys) {
    if (OUTPUT_KEYS.has(key)) {
      ours += 1;
      if (stamps?.[key] !== current[key]) same = false;
    }
  }
  // Every key of ours present with the stamped value, and no other.
  if (same && ours === (stamps ? Object.keys(stamps).length : 0)) {
    return entity;
  }
  const next: Record<string, string> = {};
  for (const key of keys) {
    if (!OUTPUT_KEYS.has(key)) next[key] = current[key];
  }
  Object.assign(next, stamps);
  return {
    ...entity,
    metadata: { ...entity.metadata, annotations: next },
  };
}
