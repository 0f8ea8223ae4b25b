import {
  BUILT_IN_RULES,
  DEFAULT_GRADE_BANDS,
  GradeBands,
  RULESET_VERSION,
} from '@ml-patterns/plugin-ml-patterns-common';
import { createHash } from 'node:crypto';

const BUILT_IN_WEIGHTS = new Map(BUILT_IN_RULES.map(r => [r.id, r.weight]));

/**
 * The ruleset version stamped on entities: the built-in version (`RULESET_VERSION`) with
 * the built-in rules, weights and grade bands; `<version>+<fingerprint>` once rules
 * are added, switched off or re-weighted, or the bands moved, so consumers
 * of the stamped scores can tell that they were computed differently. The
 * same configuration always gives the same version (no re-stitching).
 */
export function rulesetVersionOf(
  enabledRuleIds: readonly string[],
  weightOf: (ruleId: string) => number,
  gradeBands: GradeBands | undefined,
): string {
  const bands = gradeBands ?? DEFAULT_GRADE_BANDS;
  const isBuiltIn =
    enabledRuleIds.length === BUILT_IN_WEIGHTS.size &&
    enabledRuleIds.every(id => BUILT_IN_WEIGHTS.get(id) === weightOf(id)) &&
    JSON.stringify(bands) === JSON.stringify(DEFAULT_GRADE_BANDS);
  if (isBuiltIn) {
    return RULESET_VERSION;
  }
  const fingerprint = JSON.stringify([
    [...enabledRuleIds].sort().map(id => [id, weightOf(id)]),
    bands,
  ]);
  const hash = createHash('sha256').update(fingerprint).digest('hex');
  return `${RULESET_VERSION}+${hash.slice(0, 8)}`;
}
