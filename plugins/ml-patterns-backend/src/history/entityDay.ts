import { Grade } from '@ml-patterns/plugin-ml-patterns-common';
import { NO_GROUP } from '../service/refs';
import { StampedEntity } from '../scorecards/stampedEntity';
import { StampVerdicts } from '../scorecards/verdictColumns';

/**
 * One scored entity on one UTC day, as the history keeps it: its stamps
 * and the groups the scorecards count it in that day.
 */
export interface EntityDay extends StampVerdicts {
  /** Full lower-case ref. */
  entityRef: string;
  kind: string;
  type: string | null;
  /** Full lower-case refs, or `none`. */
  ownerRef: string;
  systemRef: string;
  domainRef: string;
  /** Null: not scored, whatever the score. */
  grade: Grade | null;
  /** 0–100, null when not stamped. */
  coverage: number | null;
}

/**
 * The history row of a stamped entity, its domain taken from the system
 * it is in (`domains`: system ref to domain ref, as the scorecards use).
 */
export function toEntityDay(
  entity: StampedEntity,
  domains: ReadonlyMap<string, string>,
): EntityDay {
  const graded = entity.score !== null && entity.grade !== null;
  return {
    entityRef: entity.entityRef,
    kind: entity.kind,
    type: entity.type ?? null,
    ownerRef: entity.ownerRef,
    systemRef: entity.systemRef,
    domainRef: domains.get(entity.systemRef) ?? NO_GROUP,
    score: entity.score,
    grade: graded ? entity.grade : null,
    coverage:
      entity.coverage === null ? null : Math.round(entity.coverage * 100),
    allInOne: entity.allInOne,
    onlyMe: entity.onlyMe,
    releasePattern: entity.releasePattern,
    evidenceStatus: entity.evidenceStatus,
    failedChecks: entity.failedChecks,
    unknownChecks: entity.unknownChecks,
  };
}
