import { Entity } from '@backstage/catalog-model';
import {
  AntiPatternVerdict,
  EntityRole,
  EvidenceStatus,
  Grade,
  OUTPUT_ANNOTATIONS,
  ReleasePattern,
  readStampAnnotations,
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
  /** Null when the stamped role is not a role. */
  role: EntityRole | null;
  score: number | null;
  grade: Grade | null;
  /** 0–1, null when the annotation is missing or malformed. */
  coverage: number | null;
  allInOne: AntiPatternVerdict;
  onlyMe: AntiPatternVerdict;
  releasePattern: ReleasePattern;
  failedChecks: string[];
  /** Rules that could not be verified (read for the history only). */
  unknownChecks: string[];
  /** Whether the repository evidence could be read; null when not stamped. */
  evidenceStatus: EvidenceStatus | null;
  /** Rules an active waiver waives. */
  waivedChecks: string[];
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
    OUTPUT_ANNOTATIONS.waivedChecks,
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

/**
 * Reads one projected entity. Malformed annotation values (hand-written or
 * from an older processor) count as missing rather than as a wrong number.
 */
export function toStampedEntity(entity: Entity): StampedEntity {
  const namespace = entity.metadata.namespace ?? 'default';
  const kind = entity.kind;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const stamp = readStampAnnotations(entity.metadata.annotations);
  return {
    // Kinds, namespaces and names are ASCII (catalog validation).
    entityRef: `${kind}:${namespace}/${entity.metadata.name}`.toLowerCase(),
    kind,
    type: typeof spec.type === 'string' ? spec.type : undefined,
    title: entity.metadata.title,
    role: stamp.role,
    score: stamp.score,
    grade: stamp.grade,
    coverage: stamp.coverage,
    allInOne: stamp.antiPatterns['all-in-one'],
    onlyMe: stamp.antiPatterns['only-me'],
    releasePattern: stamp.releasePattern,
    failedChecks: stamp.failedChecks,
    unknownChecks: stamp.unknownChecks,
    evidenceStatus: stamp.evidenceStatus,
    waivedChecks: stamp.waivedChecks,
    ownerRef: normalizeRef(spec.owner, 'group', namespace) ?? NO_GROUP,
    systemRef: normalizeRef(spec.system, 'system', namespace) ?? NO_GROUP,
  };
}
