import { Entity } from '@backstage/catalog-model';
import {
  Grade,
  GRADES,
  OUTPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { NO_GROUP, normalizeRef } from '../service/refs';

/**
 * What the scorecards need of one catalog entity, read from the annotations
 * the catalog processor stamped.
 */
export interface StampedEntity {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  role: string;
  score: number | null;
  grade: Grade | null;
  /** 0–1, null when the annotation is missing or malformed. */
  coverage: number | null;
  allInOne: string;
  onlyMe: string;
  releasePattern: string;
  failedChecks: string[];
  /** Rules that could not be verified (read for the history only). */
  unknownChecks: string[];
  /** Whether the repository evidence could be read, when stamped. */
  evidenceStatus: string | undefined;
  /** Full lower-case refs, or `none`. */
  ownerRef: string;
  systemRef: string;
}

/**
 * Catalog fields the scorecards read: only the stamped annotations (the
 * catalog projects single annotation keys, dots and all) and the grouping
 * fields, so 10,000 entities stay a small response.
 */
export const SCORECARD_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  ...[
    OUTPUT_ANNOTATIONS.role,
    OUTPUT_ANNOTATIONS.score,
    OUTPUT_ANNOTATIONS.grade,
    OUTPUT_ANNOTATIONS.coverage,
    OUTPUT_ANNOTATIONS.allInOne,
    OUTPUT_ANNOTATIONS.onlyMe,
  ].map(key => `metadata.annotations.${key}`),
  'spec.owner',
  'spec.system',
  'spec.type',
];

/** The drill-down also shows titles, release patterns and failed checks. */
export const DRILL_DOWN_FIELDS = [
  ...SCORECARD_FIELDS,
  `metadata.annotations.${OUTPUT_ANNOTATIONS.releasePattern}`,
  `metadata.annotations.${OUTPUT_ANNOTATIONS.failedChecks}`,
  'metadata.title',
];

/**
 * The daily history keeps each entity's stamps: unverifiable rules and
 * whether the evidence could be read too.
 */
export const HISTORY_FIELDS = [
  ...DRILL_DOWN_FIELDS,
  `metadata.annotations.${OUTPUT_ANNOTATIONS.unknownChecks}`,
  `metadata.annotations.${OUTPUT_ANNOTATIONS.evidenceStatus}`,
];

/** A comma-separated list of rule ids, as the processor stamps it. */
function idList(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [];
}

function parseInteger(
  value: string | undefined,
  min: number,
  max: number,
): number | null {
  if (value === undefined || !/^\d{1,3}$/.test(value.trim())) {
    return null;
  }
  const n = Number(value.trim());
  return n >= min && n <= max ? n : null;
}

function parseGrade(value: string | undefined): Grade | null {
  // Plain toUpperCase: grades are ASCII, and the locale-aware variant is
  // slow enough to show on 10,000 entities.
  const upper = value?.trim().toUpperCase();
  return GRADES.find(g => g === upper) ?? null;
}

/**
 * Reads one projected entity. Malformed annotation values (hand-written or
 * from an older processor) count as missing rather than as a wrong number.
 */
export function toStampedEntity(entity: Entity): StampedEntity {
  const annotations = entity.metadata.annotations ?? {};
  const namespace = entity.metadata.namespace ?? 'default';
  const kind = entity.kind;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const score = parseInteger(annotations[OUTPUT_ANNOTATIONS.score], 0, 100);
  const coverage = parseInteger(
    annotations[OUTPUT_ANNOTATIONS.coverage],
    0,
    100,
  );
  return {
    // Kinds, namespaces and names are ASCII (catalog validation).
    entityRef: `${kind}:${namespace}/${entity.metadata.name}`.toLowerCase(),
    kind,
    type: typeof spec.type === 'string' ? spec.type : undefined,
    title: entity.metadata.title,
    role: annotations[OUTPUT_ANNOTATIONS.role] ?? 'unknown',
    score,
    grade:
      score === null ? null : parseGrade(annotations[OUTPUT_ANNOTATIONS.grade]),
    coverage: coverage === null ? null : coverage / 100,
    allInOne: annotations[OUTPUT_ANNOTATIONS.allInOne] ?? 'unknown',
    onlyMe: annotations[OUTPUT_ANNOTATIONS.onlyMe] ?? 'unknown',
    releasePattern: annotations[OUTPUT_ANNOTATIONS.releasePattern] ?? 'unknown',
    failedChecks: idList(annotations[OUTPUT_ANNOTATIONS.failedChecks]),
    unknownChecks: idList(annotations[OUTPUT_ANNOTATIONS.unknownChecks]),
    evidenceStatus: annotations[OUTPUT_ANNOTATIONS.evidenceStatus],
    ownerRef: normalizeRef(spec.owner, 'group', namespace) ?? NO_GROUP,
    systemRef: normalizeRef(spec.system, 'system', namespace) ?? NO_GROUP,
  };
}
