import { StampReading } from './stampAnnotations';
import { DeclaredWaiver, WaiverState } from './waivers';
import {
  AntiPatternId,
  CheckResult,
  EntityReport,
  Grade,
  RuleDefinition,
} from './types';

/**
 * One check of a served report: the result plus its rule's text.
 *
 * @public
 */
export type ReportCheck = CheckResult & {
  rule: Pick<
    RuleDefinition,
    'title' | 'pattern' | 'rationale' | 'remediation' | 'references'
  >;
};

/**
 * `GET /api/ml-patterns/v1/entities/{kind}/{namespace}/{name}/report`:
 * the full report, with rule text merged in and browser URLs on evidence.
 *
 * @public
 */
export interface EntityReportResponse {
  report: Omit<EntityReport, 'checks'> & {
    checks: ReportCheck[];
  };
  /** ISO timestamp of the evaluation. */
  evaluatedAt: string;
}

/**
 * `GET /api/ml-patterns/v1/entities/{kind}/{namespace}/{name}/source?path=`:
 * one text file of an entity's local (`dir:`) source folder, for the
 * evidence links of sources that have no SCM to link to.
 *
 * @public
 */
export interface SourceFileResponse {
  entityRef: string;
  /** The evidence location the file belongs to, e.g. `dir:/srv/repos/recsys`. */
  location: string;
  /** Path relative to that folder. */
  path: string;
  content: string;
  /** Size of the whole file in bytes. */
  size: number;
  /** True when the file was longer than the backend shows. */
  truncated: boolean;
}

/**
 * `GET /api/ml-patterns/v1/rules`.
 *
 * @public
 */
export interface RulesResponse {
  rules: Array<
    RuleDefinition & { enabled: boolean; source: 'built-in' | 'extension' }
  >;
  rulesetVersion: string;
}

/** @public */
export type ScorecardGroupBy = 'owner' | 'system' | 'domain';

/**
 * One row of a scorecard: a team (owner), system or domain.
 *
 * @public
 */
export interface ScorecardRow {
  /** Entity ref of the group, e.g. `group:default/vision-team`; `none` for unowned. */
  groupRef: string;
  /** Entities in scope, graded or not. */
  entityCount: number;
  /** Mean score over graded entities, or null. */
  meanScore: number | null;
  grades: Record<Grade, number>;
  /**
   * Entities not scored: without a grade (nothing verifiable, or no grade
   * stamped). They are in no grade and not in the mean score.
   */
  ungraded: number;
  detections: Record<AntiPatternId, number>;
  /** Mean coverage (0–1). */
  meanCoverage: number | null;
  /** Checks an active waiver waives, over the group's entities. */
  waivedChecks: number;
}

/**
 * `GET /api/ml-patterns/v1/scorecards?groupBy=owner|system|domain[&kind=&type=]`.
 *
 * @public
 */
export interface ScorecardsResponse {
  groupBy: ScorecardGroupBy;
  rows: ScorecardRow[];
}

/**
 * One entity of a scorecard drill-down (from the stamped annotations).
 *
 * @public
 */
export interface ScorecardEntity {
  entityRef: string;
  title?: string;
  kind: string;
  type?: string;
  score: number | null;
  grade: Grade | null;
  allInOne: string;
  onlyMe: string;
  releasePattern: string;
  failedChecks: string[];
}

/**
 * `GET /api/ml-patterns/v1/scorecards/{groupRef}/entities`.
 *
 * @public
 */
export interface ScorecardEntitiesResponse {
  groupRef: string;
  entities: ScorecardEntity[];
}

/**
 * One daily snapshot of a group's scorecard.
 *
 * @public
 */
export interface ScorecardSnapshot {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
  entityCount: number;
  /** Mean score over graded entities, or null. */
  meanScore: number | null;
  detections: Record<AntiPatternId, number>;
  /** Entities per grade that day (added by the backend; optional for older clients). */
  grades?: Record<Grade, number>;
  /** Entities not scored that day: no grade, so in no grade and not in the mean. */
  ungraded?: number;
  /** Mean coverage (0–1) that day. */
  meanCoverage?: number | null;
}

/**
 * `GET /api/ml-patterns/v1/scorecards/{groupRef}/history?days=N`.
 *
 * @public
 */
export interface ScorecardHistoryResponse {
  groupRef: string;
  snapshots: ScorecardSnapshot[];
}

/**
 * One UTC day of an entity's history: its stamps as the daily history task
 * found them (a null grade: not scored that day; failed checks without the
 * waived ones).
 *
 * @public
 */
export interface EntityHistoryDay
  extends Pick<
    StampReading,
    | 'score'
    | 'grade'
    | 'coverage'
    | 'antiPatterns'
    | 'releasePattern'
    | 'failedChecks'
  > {
  /** `YYYY-MM-DD` (UTC). */
  day: string;
}

/**
 * `GET /api/ml-patterns/v1/entities/{kind}/{namespace}/{name}/history?days=N`.
 *
 * @public
 */
export interface EntityHistoryResponse {
  entityRef: string;
  /** Oldest first; days without a row (not scored then) are left out. */
  days: EntityHistoryDay[];
}

/**
 * How many of a group's entities failed a rule on the first and on the
 * last day of a window.
 *
 * @public
 */
export interface RuleChange {
  ruleId: string;
  first: number;
  last: number;
}

/**
 * `GET /api/ml-patterns/v1/scorecards/{groupRef}/rule-changes?days=N`.
 *
 * @public
 */
export interface RuleChangesResponse {
  groupRef: string;
  /** The first and last day of the window with history; absent when none. */
  firstDay?: string;
  lastDay?: string;
  /** Every rule failing on either day, most regressed first. */
  rules: RuleChange[];
}

/**
 * One waiver in the audit list: a waiver an entity declares, with the
 * entity.
 *
 * @public
 */
export type WaiverListItem = DeclaredWaiver & {
  /** Full ref of the entity that declares it. */
  entityRef: string;
  /** The entity's title, when it has one. */
  entityTitle?: string;
  /** Full lower-case ref of the entity's owner, or `none`. */
  ownerRef: string;
};

/**
 * `GET /api/ml-patterns/v1/waivers[?state=active|expired|invalid][&owner=]`:
 * the waivers of the entities the caller may read.
 *
 * @public
 */
export interface WaiversResponse {
  /** Ordered by `until` (invalid ones without a date last), then entity and rule. */
  waivers: WaiverListItem[];
  /** How many waivers there are in each state, before the state filter. */
  counts: Record<WaiverState, number>;
}
