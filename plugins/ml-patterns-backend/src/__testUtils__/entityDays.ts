import { EntityDay } from '../history/entityDay';

/** A history row of a graded entity, with no group unless given. */
export function entityDay(
  entityRef: string,
  overrides: Partial<EntityDay> = {},
): EntityDay {
  return {
    entityRef,
    kind: entityRef.split(':')[0],
    type: null,
    ownerRef: 'none',
    systemRef: 'none',
    domainRef: 'none',
    score: 80,
    grade: 'B',
    coverage: 100,
    allInOne: 'clear',
    onlyMe: 'clear',
    releasePattern: 'not-applicable',
    evidenceStatus: null,
    failedChecks: [],
    unknownChecks: [],
    ...overrides,
  };
}
