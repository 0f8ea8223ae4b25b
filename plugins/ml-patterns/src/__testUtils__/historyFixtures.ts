import {
  EntityHistoryDay,
  gradeForScore,
  RULE_IDS,
  RuleChangesResponse,
} from '@ml-patterns/plugin-ml-patterns-common';

/** `YYYY-MM-DD` of the day `offset` days after 2026-09-01. */
function dayAfterStart(offset: number): string {
  const date = new Date(Date.UTC(2026, 8, 1 + offset));
  return date.toISOString().slice(0, 10);
}

function historyDay(
  offset: number,
  score: number | null,
  overrides: Partial<EntityHistoryDay> = {},
): EntityHistoryDay {
  const grade = score === null ? null : gradeForScore(score);
  return {
    day: dayAfterStart(offset),
    score,
    grade,
    coverage: 0.8,
    antiPatterns: { 'all-in-one': 'detected', 'only-me': 'clear' },
    releasePattern: 'model-in-image',
    failedChecks: [RULE_IDS.oneModelPerServer, RULE_IDS.ownDependencies],
    ...overrides,
  };
}

/**
 * The All-in-one service's history as the backend serves it, ending on the
 * day of its report (52, D): three models in one image at 38 (E); two days
 * with the repository unreadable (not scored); then its library versions
 * pinned and a code owners file added. It still serves three models.
 */
export const servingEntityHistory: EntityHistoryDay[] = [
  historyDay(0, 38, {
    failedChecks: [
      RULE_IDS.oneModelPerServer,
      RULE_IDS.ownDependencies,
      RULE_IDS.pinnedDependencies,
      RULE_IDS.teamOwnership,
    ],
  }),
  historyDay(7, 38, {
    failedChecks: [
      RULE_IDS.oneModelPerServer,
      RULE_IDS.ownDependencies,
      RULE_IDS.pinnedDependencies,
      RULE_IDS.teamOwnership,
    ],
  }),
  historyDay(14, 41, {
    failedChecks: [
      RULE_IDS.oneModelPerServer,
      RULE_IDS.ownDependencies,
      RULE_IDS.teamOwnership,
    ],
  }),
  historyDay(20, null, {
    coverage: 0.3,
    antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
    failedChecks: [],
  }),
  historyDay(21, null, {
    coverage: 0.3,
    antiPatterns: { 'all-in-one': 'unknown', 'only-me': 'unknown' },
    failedChecks: [],
  }),
  historyDay(28, 45, {
    failedChecks: [
      RULE_IDS.oneModelPerServer,
      RULE_IDS.ownDependencies,
      RULE_IDS.teamOwnership,
    ],
  }),
  historyDay(42, 45, {
    failedChecks: [
      RULE_IDS.oneModelPerServer,
      RULE_IDS.ownDependencies,
      RULE_IDS.teamOwnership,
    ],
  }),
  historyDay(56, 52),
  historyDay(70, 52),
];

/** The recsys team's rule changes over 30 days. */
export const recsysRuleChanges: RuleChangesResponse = {
  groupRef: 'group:default/recsys-team',
  firstDay: '2026-10-22',
  lastDay: '2026-11-20',
  rules: [
    { ruleId: RULE_IDS.codeReview, first: 0, last: 2 },
    { ruleId: RULE_IDS.pinnedDependencies, first: 1, last: 1 },
    { ruleId: RULE_IDS.ownDependencies, first: 2, last: 1 },
    { ruleId: RULE_IDS.oneModelPerServer, first: 3, last: 1 },
  ],
};
