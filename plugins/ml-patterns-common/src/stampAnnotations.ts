import { OUTPUT_ANNOTATIONS } from './annotations';
import {
  ANTI_PATTERN_VERDICTS,
  AntiPatternId,
  AntiPatternVerdict,
  ENTITY_ROLES,
  EntityReport,
  EntityRole,
  EVIDENCE_STATUSES,
  EvidenceStatus,
  Grade,
  GRADES,
  RELEASE_PATTERNS,
  ReleasePattern,
} from './types';

/**
 * The summary of a report the catalog processor stamps on an in-scope
 * entity, as the {@link OUTPUT_ANNOTATIONS}.
 *
 * @public
 */
export interface EntityStamp
  extends Pick<
    EntityReport,
    | 'role'
    | 'score'
    | 'grade'
    | 'coverage'
    | 'antiPatterns'
    | 'releasePattern'
    | 'rulesetVersion'
  > {
  /** Rule ids of the failed checks that are not waived. */
  failedChecks: string[];
  /** Rule ids of the checks that could not be verified and are not waived. */
  unknownChecks: string[];
  evidenceStatus: EvidenceStatus;
  /** Rule ids of the checks an active waiver waives; none when omitted. */
  waivedChecks?: string[];
}

/**
 * The stamps read back from an entity's annotations. Anyone can write under
 * these keys (by hand, or an older processor), so a missing or malformed
 * value reads as `null` — anti-pattern verdicts and the release pattern as
 * `unknown` — never as a made-up value.
 *
 * @public
 */
export interface StampReading {
  /** Null when the entity was not put in scope. */
  role: EntityRole | null;
  score: number | null;
  /** Null when there is no valid score too: a grade goes with its score. */
  grade: Grade | null;
  /** 0–1. */
  coverage: number | null;
  antiPatterns: Record<AntiPatternId, AntiPatternVerdict>;
  releasePattern: ReleasePattern;
  failedChecks: string[];
  unknownChecks: string[];
  rulesetVersion: string | null;
  evidenceStatus: EvidenceStatus | null;
  /** Empty when none is stamped. */
  waivedChecks: string[];
}

/** Sorted, so the same checks always give the same value (and entity hash). */
function joinIds(ids: readonly string[]): string {
  return [...ids].sort().join(',');
}

/**
 * The annotations of a stamp: short, lower-case, stable values the catalog
 * can filter on by equality. Score and grade are left out when the entity
 * is not scored.
 *
 * @public
 */
export function toStampAnnotations(stamp: EntityStamp): Record<string, string> {
  // Keys in the order the processor has always written them: a reorder
  // would change every stamped entity's hash once, for nothing.
  const annotations: Record<string, string> = {
    [OUTPUT_ANNOTATIONS.role]: stamp.role,
    [OUTPUT_ANNOTATIONS.coverage]: String(Math.round(stamp.coverage * 100)),
    [OUTPUT_ANNOTATIONS.allInOne]: stamp.antiPatterns['all-in-one'],
    [OUTPUT_ANNOTATIONS.onlyMe]: stamp.antiPatterns['only-me'],
    [OUTPUT_ANNOTATIONS.releasePattern]: stamp.releasePattern,
    [OUTPUT_ANNOTATIONS.failedChecks]: joinIds(stamp.failedChecks),
    [OUTPUT_ANNOTATIONS.unknownChecks]: joinIds(stamp.unknownChecks),
    [OUTPUT_ANNOTATIONS.rulesetVersion]: stamp.rulesetVersion,
    [OUTPUT_ANNOTATIONS.evidenceStatus]: stamp.evidenceStatus,
  };
  if (stamp.score !== null) {
    annotations[OUTPUT_ANNOTATIONS.score] = String(stamp.score);
  }
  if (stamp.grade !== null) {
    annotations[OUTPUT_ANNOTATIONS.grade] = stamp.grade.toLowerCase();
  }
  // Only on entities with a waived check: the others' hashes stay as they were.
  if (stamp.waivedChecks && stamp.waivedChecks.length > 0) {
    annotations[OUTPUT_ANNOTATIONS.waivedChecks] = joinIds(stamp.waivedChecks);
  }
  return annotations;
}

/** An entity's `metadata.annotations`, as read: anything may be in it. */
type Annotations = Readonly<Record<string, unknown>> | undefined;

function text(annotations: Annotations, key: string): string | undefined {
  const value = annotations?.[key];
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Case-insensitive: the values are ASCII, so no locale is needed (and it is faster). */
function oneOf<T extends string>(
  value: string | undefined,
  allowed: ReadonlyArray<T>,
): T | null {
  const lower = value?.toLowerCase();
  return allowed.find(candidate => candidate === lower) ?? null;
}

/** A whole number 0–100, as the processor writes scores and coverage. */
function percent(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,3}$/.test(value)) {
    return null;
  }
  const parsed = Number(value);
  return parsed <= 100 ? parsed : null;
}

function idList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(id => id.trim())
    .filter(Boolean);
}

/**
 * The role stamped on an entity, or null when the processor did not put it
 * in scope (or the value is not a role).
 *
 * @public
 */
export function readStampedRole(
  annotations: Readonly<Record<string, unknown>> | undefined,
): EntityRole | null {
  return oneOf(text(annotations, OUTPUT_ANNOTATIONS.role), ENTITY_ROLES);
}

/**
 * Reads the stamps of an entity (`entity.metadata.annotations`). Never
 * throws; see {@link StampReading} for what a bad value reads as.
 *
 * @public
 */
export function readStampAnnotations(
  annotations: Readonly<Record<string, unknown>> | undefined,
): StampReading {
  const score = percent(text(annotations, OUTPUT_ANNOTATIONS.score));
  const coverage = percent(text(annotations, OUTPUT_ANNOTATIONS.coverage));
  const grade = text(annotations, OUTPUT_ANNOTATIONS.grade)?.toUpperCase();
  const verdict = (key: string) =>
    oneOf(text(annotations, key), ANTI_PATTERN_VERDICTS) ?? 'unknown';
  return {
    role: readStampedRole(annotations),
    score,
    grade:
      score === null ? null : GRADES.find(letter => letter === grade) ?? null,
    coverage: coverage === null ? null : coverage / 100,
    antiPatterns: {
      'all-in-one': verdict(OUTPUT_ANNOTATIONS.allInOne),
      'only-me': verdict(OUTPUT_ANNOTATIONS.onlyMe),
    },
    releasePattern:
      oneOf(
        text(annotations, OUTPUT_ANNOTATIONS.releasePattern),
        RELEASE_PATTERNS,
      ) ?? 'unknown',
    failedChecks: idList(text(annotations, OUTPUT_ANNOTATIONS.failedChecks)),
    unknownChecks: idList(text(annotations, OUTPUT_ANNOTATIONS.unknownChecks)),
    rulesetVersion:
      text(annotations, OUTPUT_ANNOTATIONS.rulesetVersion) || null,
    evidenceStatus: oneOf(
      text(annotations, OUTPUT_ANNOTATIONS.evidenceStatus),
      EVIDENCE_STATUSES,
    ),
    waivedChecks: idList(text(annotations, OUTPUT_ANNOTATIONS.waivedChecks)),
  };
}
