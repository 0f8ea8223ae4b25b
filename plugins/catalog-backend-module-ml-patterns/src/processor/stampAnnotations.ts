import { Entity } from '@backstage/catalog-model';
import {
  EntityReport,
  OUTPUT_ANNOTATIONS,
  RULESET_VERSION,
} from '@ml-patterns/plugin-ml-patterns-common';

const OUTPUT_KEYS = new Set<string>(Object.values(OUTPUT_ANNOTATIONS));

/**
 * The summary of a report as annotations: short, lower-case, stable values
 * the catalog can filter on by equality. Nothing volatile (no timestamps),
 * so an unchanged entity produces the same annotations and hash.
 */
export function summaryAnnotations(
  report: EntityReport,
): Record<string, string> {
  const byVerdict = (verdict: string) =>
    report.checks
      .filter(c => c.verdict === verdict && !c.waiver)
      .map(c => c.ruleId)
      .sort()
      .join(',');
  const annotations: Record<string, string> = {
    [OUTPUT_ANNOTATIONS.role]: report.role,
    [OUTPUT_ANNOTATIONS.coverage]: String(Math.round(report.coverage * 100)),
    [OUTPUT_ANNOTATIONS.allInOne]: report.antiPatterns['all-in-one'],
    [OUTPUT_ANNOTATIONS.onlyMe]: report.antiPatterns['only-me'],
    [OUTPUT_ANNOTATIONS.releasePattern]: report.releasePattern,
    [OUTPUT_ANNOTATIONS.failedChecks]: byVerdict('fail'),
    [OUTPUT_ANNOTATIONS.unknownChecks]: byVerdict('unknown'),
    [OUTPUT_ANNOTATIONS.rulesetVersion]: report.rulesetVersion,
    [OUTPUT_ANNOTATIONS.evidenceStatus]: report.evidenceSource.status,
  };
  if (report.score !== null) {
    annotations[OUTPUT_ANNOTATIONS.score] = String(report.score);
  }
  if (report.grade !== null) {
    annotations[OUTPUT_ANNOTATIONS.grade] =
      report.grade.toLocaleLowerCase('en-US');
  }
  return annotations;
}

/**
 * What is stamped when scoring itself failed: the entity is in scope but
 * nothing could be verified. Never a made-up score.
 */
export function unknownAnnotations(
  role: string,
  rulesetVersion: string = RULESET_VERSION,
): Record<string, string> {
  return {
    [OUTPUT_ANNOTATIONS.role]: role,
    [OUTPUT_ANNOTATIONS.coverage]: '0',
    [OUTPUT_ANNOTATIONS.allInOne]: 'unknown',
    [OUTPUT_ANNOTATIONS.onlyMe]: 'unknown',
    [OUTPUT_ANNOTATIONS.releasePattern]: 'unknown',
    [OUTPUT_ANNOTATIONS.failedChecks]: '',
    [OUTPUT_ANNOTATIONS.unknownChecks]: '',
    [OUTPUT_ANNOTATIONS.rulesetVersion]: rulesetVersion,
    [OUTPUT_ANNOTATIONS.evidenceStatus]: 'unavailable',
  };
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
