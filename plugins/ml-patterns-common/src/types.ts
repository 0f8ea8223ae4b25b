import { DeclaredWaiver, WaiverTerms } from './waivers';

/** Every {@link Verdict}. @public */
export const VERDICTS = ['pass', 'fail', 'unknown', 'not-applicable'] as const;
/**
 * The outcome of one check on one entity.
 *
 * - `pass` / `fail`: verified from the descriptor, the catalog or the repository.
 * - `unknown`: the evidence could not be read, or it is contradictory.
 * - `not-applicable`: the check does not concern this entity.
 *
 * @public
 */
export type Verdict = (typeof VERDICTS)[number];

/**
 * What a check shows on screen: its verdict, or `waived` when an active
 * waiver of the entity applies to it.
 *
 * @public
 */
export type CheckStatus = Verdict | 'waived';

/** Every {@link PatternId}. @public */
export const PATTERN_IDS = ['all-in-one', 'only-me', 'model-load'] as const;
/**
 * The groups rules belong to.
 *
 * @public
 */
export type PatternId = (typeof PATTERN_IDS)[number];

/** Every {@link AntiPatternId}. @public */
export const ANTI_PATTERN_IDS = ['all-in-one', 'only-me'] as const;
/**
 * The anti-patterns an entity is judged on.
 *
 * @public
 */
export type AntiPatternId = (typeof ANTI_PATTERN_IDS)[number];

/** Every {@link AntiPatternVerdict}. @public */
export const ANTI_PATTERN_VERDICTS = [
  'detected',
  'clear',
  'unknown',
  'not-applicable',
] as const;
/**
 * Whether an entity shows an anti-pattern.
 *
 * @public
 */
export type AntiPatternVerdict = (typeof ANTI_PATTERN_VERDICTS)[number];

/** Every {@link ReleasePattern}. @public */
export const RELEASE_PATTERNS = [
  'model-load',
  'model-in-image',
  'mixed',
  'unknown',
  'not-applicable',
] as const;
/**
 * How a serving unit gets its model (see the Model-load and Model-in-image
 * patterns). `not-applicable` for entities that serve nothing.
 *
 * @public
 */
export type ReleasePattern = (typeof RELEASE_PATTERNS)[number];

/**
 * Every {@link EntityRole}, in the order the scope tries them: an entity
 * that matches several roles' entries gets the first.
 *
 * @public
 */
export const ENTITY_ROLES = [
  'model',
  'serving-unit',
  'repository',
  'dataset',
] as const;
/**
 * What an entity is to ml-patterns, decided by the configurable scope.
 *
 * @public
 */
export type EntityRole = (typeof ENTITY_ROLES)[number];

/** Every {@link Grade}, best first. @public */
export const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
/**
 * Letter grades, best first.
 *
 * @public
 */
export type Grade = (typeof GRADES)[number];

/**
 * One piece of evidence behind a verdict: a place in the source repository
 * (path relative to the entity's source root, 1-based line) or a field of an
 * entity in the catalog.
 *
 * @public
 */
export interface EvidenceItem {
  /** Path relative to the scored source folder, with `/` separators. */
  path?: string;
  /** 1-based line in `path`. */
  line?: number;
  /** A field of the entity, e.g. `spec.owner`, `relations.dependsOn`. */
  field?: string;
  /** Another entity the evidence is about, e.g. a model the service serves. */
  entityRef?: string;
  /** A short human-readable description of what was seen. */
  note?: string;
  /** A browser URL to the line, filled in by the backend for known SCMs. */
  url?: string;
}

/**
 * The result of one rule on one entity.
 *
 * @public
 */
export interface CheckResult {
  ruleId: string;
  verdict: Verdict;
  /** One line saying what was found. */
  message: string;
  evidence: EvidenceItem[];
  /** Set when an active waiver of the entity waives this check; it then does not count. */
  waiver?: WaiverTerms;
  /**
   * Why a waiver of this check does not apply: it expired, or it is
   * invalid (see the report's `waivers`).
   */
  waiverProblem?: string;
}

/**
 * A reference for further reading.
 *
 * @public
 */
export interface RuleReference {
  title: string;
  url: string;
}

/**
 * A rule as data: what it checks, why, and how to fix a failure.
 *
 * @public
 */
export interface RuleDefinition {
  /** Stable id, e.g. `all-in-one/one-model-per-server`. */
  id: string;
  pattern: PatternId;
  title: string;
  /** Which entities the rule concerns. */
  appliesTo: EntityRole[];
  /** Default weight in the score (config can override). */
  weight: number;
  /** Why it matters, traced to the pattern documents. */
  rationale: string;
  /** Steps to fix a failure, in order. */
  remediation: string[];
  references: RuleReference[];
}

/** Every {@link EvidenceStatus}. @public */
export const EVIDENCE_STATUSES = [
  'ok',
  'stale',
  'unavailable',
  'not-configured',
] as const;
/**
 * Whether the repository evidence behind a report could be read:
 *
 * - `ok`: read (or revalidated) just now;
 * - `stale`: the latest read failed (SCM error, rate limit, time-out), so
 *   the last good evidence is used, up to a configured age;
 * - `unavailable`: nothing usable could be read; the entity is not scored;
 * - `not-configured`: the entity has no source to read.
 *
 * @public
 */
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/**
 * Where the repository evidence came from and whether it could be read.
 *
 * @public
 */
export interface EvidenceSource {
  status: EvidenceStatus;
  /** The location read, e.g. `url:https://github.com/o/r/tree/main/svc`. */
  location?: string;
  /** Why the repository could not be read (`unavailable`), or why the latest read failed (`stale`). */
  reason?: string;
  /** When the evidence used was last read or confirmed unchanged (ISO 8601); set when `stale`. */
  readAt?: string;
}

/**
 * The full result of scoring one entity.
 *
 * @public
 */
export interface EntityReport {
  entityRef: string;
  role: EntityRole;
  /**
   * 0–100 from the verified checks, or null when the entity is not scored:
   * nothing could be verified, or its repository evidence is unavailable
   * (a partial score would leave out exactly the checks that could fail).
   */
  score: number | null;
  grade: Grade | null;
  /** Share (0–1) of the applicable, non-waived checks that are not unknown. */
  coverage: number;
  antiPatterns: Record<AntiPatternId, AntiPatternVerdict>;
  releasePattern: ReleasePattern;
  checks: CheckResult[];
  evidenceSource: EvidenceSource;
  rulesetVersion: string;
  /**
   * Every waiver the entity declares, in the order declared, with its
   * state: the invalid ones are problems of the entity to fix.
   */
  waivers: DeclaredWaiver[];
}
