/**
 * Annotations ml-patterns reads (inputs) and stamps (outputs).
 *
 * Output values are short, lower-case and stable so that the catalog can
 * filter on them by equality (it lower-cases values and drops values over
 * 200 characters from its search index).
 */

/** @public */
export const ML_PATTERNS_ANNOTATION_PREFIX = 'ml-patterns.io';

/**
 * Output annotations, stamped by the catalog processor. Anything the user
 * writes under these keys is overwritten.
 *
 * @public
 */
export const OUTPUT_ANNOTATIONS = {
  score: 'ml-patterns.io/score',
  grade: 'ml-patterns.io/grade',
  coverage: 'ml-patterns.io/coverage',
  role: 'ml-patterns.io/role',
  allInOne: 'ml-patterns.io/all-in-one',
  onlyMe: 'ml-patterns.io/only-me',
  releasePattern: 'ml-patterns.io/release-pattern',
  failedChecks: 'ml-patterns.io/failed-checks',
  unknownChecks: 'ml-patterns.io/unknown-checks',
  rulesetVersion: 'ml-patterns.io/ruleset-version',
  /**
   * Whether the repository evidence behind the stamps could be read:
   * `ok`, `stale` (the last good read, kept through a failing SCM),
   * `unavailable` (not scored) or `not-configured` (no source to read).
   */
  evidenceStatus: 'ml-patterns.io/evidence-status',
  /**
   * Comma-separated rule ids of the checks an active waiver waives;
   * absent when none is.
   */
  waivedChecks: 'ml-patterns.io/waived-checks',
} as const;

/**
 * Input annotations, written by entity owners.
 *
 * @public
 */
export const INPUT_ANNOTATIONS = {
  /**
   * Waive checks: YAML mapping each rule id to its waiver's `reason`,
   * `approvedBy` (a user or group ref), `until` (the last day it applies,
   * `YYYY-MM-DD`) and optional `ticket` link, e.g.
   *
   * ```yaml
   * all-in-one/one-model-per-server:
   *   reason: KServe ModelMesh serves these models on purpose (ADR-12)
   *   approvedBy: group:default/ml-platform-team
   *   until: 2027-06-30
   * ```
   */
  waivers: 'ml-patterns.io/waivers',
  /** Name of the server group (deployment) the serving unit runs in. */
  serverGroup: 'ml-patterns.io/server-group',
  /** Folder inside the source repository to score (monorepos). */
  sourcePath: 'ml-patterns.io/source-path',
  /** Training/evaluation data, e.g. `dvc://data/train.csv` or `s3://bucket/set`. */
  dataset: 'ml-patterns.io/dataset',
  /**
   * Library versions a model needs, comma-separated requirement pins,
   * e.g. `scikit-learn==1.4.2, numpy==1.26.4`.
   */
  requiredLibraries: 'ml-patterns.io/required-libraries',
  /**
   * Put an entity in or out of scope whatever its kind and type:
   * `model`, `serving-unit`, `repository` or `none`.
   */
  scope: 'ml-patterns.io/scope',
  /** Force the release pattern when it cannot be read from the repository. */
  releasePattern: 'ml-patterns.io/release-pattern-declared',
} as const;

/** Backstage annotations ml-patterns reads. @public */
export const BACKSTAGE_ANNOTATIONS = {
  sourceLocation: 'backstage.io/source-location',
  managedByLocation: 'backstage.io/managed-by-location',
  kubernetesId: 'backstage.io/kubernetes-id',
} as const;
