/**
 * Every {@link WaiverState}. @public
 */
export const WAIVER_STATES = ['active', 'expired', 'invalid'] as const;

/**
 * Where a waiver an entity declares stands:
 *
 * - `active`: complete and not past its `until` day: the check it names is
 *   waived;
 * - `expired`: complete, but its `until` day is over: it no longer applies;
 * - `invalid`: it cannot apply — no reason, no approver, no valid `until`
 *   day, a rule id no rule has, or an annotation that is not valid YAML.
 *
 * @public
 */
export type WaiverState = (typeof WAIVER_STATES)[number];

/**
 * What a waiver says: why, who agreed, and until when.
 *
 * @public
 */
export interface WaiverTerms {
  /** Why the check does not apply to this entity, or not yet. */
  reason: string;
  /** Full ref of the user or group that approved it, e.g. `group:default/ml-platform`. */
  approvedBy: string;
  /** The last day (UTC) the waiver applies, `YYYY-MM-DD`. */
  until: string;
  /** An http(s) link to the ticket or decision record. */
  ticket?: string;
}

/**
 * One waiver an entity declares in its `ml-patterns.io/waivers`
 * annotation, as read. An invalid one carries what is wrong with it and
 * whatever of its terms could be read.
 *
 * @public
 */
export interface DeclaredWaiver extends Partial<WaiverTerms> {
  /** The rule waived; absent when the annotation itself could not be read. */
  ruleId?: string;
  state: WaiverState;
  /** What is wrong with an invalid waiver; absent otherwise. */
  problem?: string;
}
