import { StampedEntity } from './stampedEntity';

/** The stamped verdicts that both the stamp table and the history keep. */
export type StampVerdicts = Pick<
  StampedEntity,
  | 'score'
  | 'grade'
  | 'coverage'
  | 'allInOne'
  | 'onlyMe'
  | 'releasePattern'
  | 'evidenceStatus'
  | 'failedChecks'
  | 'unknownChecks'
>;

/**
 * An entity's verdicts as table columns, named alike in the stamp table and
 * the history (check lists as JSON arrays).
 */
export function verdictColumns(entity: StampVerdicts) {
  return {
    score: entity.score,
    grade: entity.grade,
    coverage: entity.coverage,
    all_in_one: entity.allInOne,
    only_me: entity.onlyMe,
    release_pattern: entity.releasePattern,
    evidence_status: entity.evidenceStatus,
    failed_checks: JSON.stringify(entity.failedChecks),
    unknown_checks: JSON.stringify(entity.unknownChecks),
  };
}
