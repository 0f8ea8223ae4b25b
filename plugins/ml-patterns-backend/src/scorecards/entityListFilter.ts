import { InputError } from '@backstage/errors';
import {
  AntiPatternVerdict,
  Grade,
} from '@ml-patterns/plugin-ml-patterns-common';
import { normalizeRef } from '../service/refs';
import { ScorecardFilter } from './filterStamped';
import { StampedEntity } from './stampedEntity';

/** Which scored entities a list keeps; every given condition must hold. */
export interface EntityListFilter extends ScorecardFilter {
  /** An owner ref, full (`group:default/vision-team`) or short (a group). */
  owner?: string;
  /** Any of these grades; `ungraded` for entities without one. */
  grades?: Array<Grade | 'ungraded'>;
  allInOne?: AntiPatternVerdict;
  onlyMe?: AntiPatternVerdict;
  /** A rule id the entity fails. */
  failingRule?: string;
}

/**
 * The conditions of a list the scorecard read does not apply already
 * (kind, type and system are), as one test. A malformed owner is an
 * InputError rather than an empty list.
 */
export function matchesEntityList(
  filter: EntityListFilter,
): (entity: StampedEntity) => boolean {
  let ownerRef: string | undefined;
  if (filter.owner?.trim()) {
    ownerRef = normalizeRef(filter.owner, 'group', 'default');
    if (!ownerRef) {
      throw new InputError(
        `Malformed owner ref '${filter.owner}': expected e.g. 'group:default/my-team' or 'my-team'`,
      );
    }
  }
  const grades = filter.grades?.length ? new Set(filter.grades) : undefined;
  const rule = filter.failingRule?.trim();
  return entity =>
    (ownerRef === undefined || entity.ownerRef === ownerRef) &&
    (!grades || grades.has(entity.grade ?? 'ungraded')) &&
    (!filter.allInOne || entity.allInOne === filter.allInOne) &&
    (!filter.onlyMe || entity.onlyMe === filter.onlyMe) &&
    (!rule || entity.failedChecks.includes(rule));
}
