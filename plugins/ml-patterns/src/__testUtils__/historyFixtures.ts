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
 * The All-in-one service's history as the backend serves it: three models
 * in one image at 38 (E), the repository unreadable for two days (not
 * scored), then a dependency fix and the models split out: 70 (C), All-in-one
 * cleared.
 */
export const servingEntityHistory: EntityHistoryDay[] = [
  historyDay(0, 38),
  historyDay(7, 38),
  historyDay(14, 38),
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
  historyDay(28, 52, { failedChecks: [RULE_IDS.oneModelPerServer] }),
  historyDay(42, 52, { failedChecks: [RULE_IDS.oneModelPerServer] }),
  historyDay(56, 64, {
    antiPatterns: { 'all-in-one': 'clear', 'only-me': 'clear' },
    releasePattern: 'model-load',
    failedChecks: [RULE_IDS.codeReview],
  }),
  historyDay(70, 70, {
    antiPatterns: { 'all-in-one': 'clear', 'only-me': 'clear' },
    releasePattern: 'model-load',
    failedChecks: [RULE_IDS.codeReview],
  }),
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
