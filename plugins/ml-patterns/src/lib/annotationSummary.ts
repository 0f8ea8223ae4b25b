import { Entity } from '@backstage/catalog-model';
import {
  AntiPatternVerdict,
  EntityRole,
  EvidenceStatus,
  Grade,
  GRADES,
  OUTPUT_ANNOTATIONS,
  ReleasePattern,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * What the catalog processor stamped on an entity, read back defensively:
 * a value that is missing or malformed becomes `null` / `unknown` rather
 * than a made-up score.
 */
export interface AnnotationSummary {
  role: EntityRole | null;
  score: number | null;
  grade: Grade | null;
  /** 0–1, like the report's coverage. */
  coverage: number | null;
  antiPatterns: {
    'all-in-one': AntiPatternVerdict;
    'only-me': AntiPatternVerdict;
  };
  releasePattern: ReleasePattern;
  failedChecks: string[];
  unknownChecks: string[];
  rulesetVersion: string | null;
  /** Whether the repository evidence could be read; null when not stamped. */
  evidenceStatus: EvidenceStatus | null;
}

const ROLES: EntityRole[] = ['model', 'serving-unit', 'repository', 'dataset'];
const VERDICTS: AntiPatternVerdict[] = [
  'detected',
  'clear',
  'unknown',
  'not-applicable',
];
const EVIDENCE_STATUSES: EvidenceStatus[] = [
  'ok',
  'stale',
  'unavailable',
  'not-configured',
];
const RELEASE_PATTERNS: ReleasePattern[] = [
  'model-load',
  'model-in-image',
  'mixed',
  'unknown',
  'not-applicable',
];

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
): T | null {
  const normalized = value?.trim().toLowerCase();
  return allowed.find(candidate => candidate === normalized) ?? null;
}

function integerInRange(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d{1,3}\s*$/.test(value)) {
    return null;
  }
  const parsed = Number(value);
  return parsed >= 0 && parsed <= 100 ? parsed : null;
}

function idList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(id => id.trim())
    .filter(Boolean);
}

/** The role stamped on the entity, or null when it is not in scope. */
export function readRole(entity: Entity): EntityRole | null {
  return oneOf(entity.metadata.annotations?.[OUTPUT_ANNOTATIONS.role], ROLES);
}

/** Reads the ml-patterns output annotations of an entity. */
export function readAnnotationSummary(entity: Entity): AnnotationSummary {
  const annotations = entity.metadata.annotations ?? {};
  const coverage = integerInRange(annotations[OUTPUT_ANNOTATIONS.coverage]);
  const gradeLetter = annotations[OUTPUT_ANNOTATIONS.grade]
    ?.trim()
    .toUpperCase();
  return {
    role: readRole(entity),
    score: integerInRange(annotations[OUTPUT_ANNOTATIONS.score]),
    grade: GRADES.find(grade => grade === gradeLetter) ?? null,
    coverage: coverage === null ? null : coverage / 100,
    antiPatterns: {
      'all-in-one':
        oneOf(annotations[OUTPUT_ANNOTATIONS.allInOne], VERDICTS) ?? 'unknown',
      'only-me':
        oneOf(annotations[OUTPUT_ANNOTATIONS.onlyMe], VERDICTS) ?? 'unknown',
    },
    releasePattern:
      oneOf(annotations[OUTPUT_ANNOTATIONS.releasePattern], RELEASE_PATTERNS) ??
      'unknown',
    failedChecks: idList(annotations[OUTPUT_ANNOTATIONS.failedChecks]),
    unknownChecks: idList(annotations[OUTPUT_ANNOTATIONS.unknownChecks]),
    rulesetVersion: annotations[OUTPUT_ANNOTATIONS.rulesetVersion] ?? null,
    evidenceStatus: oneOf(
      annotations[OUTPUT_ANNOTATIONS.evidenceStatus],
      EVIDENCE_STATUSES,
    ),
  };
}
