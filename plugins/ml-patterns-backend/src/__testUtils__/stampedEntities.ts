import { Entity } from '@backstage/catalog-model';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';

/** What the catalog processor would stamp, as plain values. */
export interface Stamp {
  role?: string;
  score?: number;
  grade?: string;
  coverage?: number;
  allInOne?: string;
  onlyMe?: string;
  releasePattern?: string;
  failedChecks?: string[];
  unknownChecks?: string[];
  evidenceStatus?: string;
  waivedChecks?: string[];
}

/** A catalog entity carrying the annotations the processor stamps. */
export function stampedEntity(options: {
  kind?: string;
  name: string;
  namespace?: string;
  title?: string;
  type?: string;
  owner?: string;
  system?: string;
  stamp?: Stamp;
  extraAnnotations?: Record<string, string>;
}): Entity {
  const stamp = options.stamp;
  const annotations: Record<string, string> = {
    ...options.extraAnnotations,
  };
  if (stamp) {
    annotations[OUTPUT_ANNOTATIONS.role] = stamp.role ?? 'serving-unit';
    if (stamp.score !== undefined) {
      annotations[OUTPUT_ANNOTATIONS.score] = String(stamp.score);
    }
    if (stamp.grade !== undefined) {
      annotations[OUTPUT_ANNOTATIONS.grade] = stamp.grade;
    }
    if (stamp.coverage !== undefined) {
      annotations[OUTPUT_ANNOTATIONS.coverage] = String(stamp.coverage);
    }
    annotations[OUTPUT_ANNOTATIONS.allInOne] = stamp.allInOne ?? 'clear';
    annotations[OUTPUT_ANNOTATIONS.onlyMe] = stamp.onlyMe ?? 'clear';
    annotations[OUTPUT_ANNOTATIONS.releasePattern] =
      stamp.releasePattern ?? 'not-applicable';
    if (stamp.failedChecks?.length) {
      annotations[OUTPUT_ANNOTATIONS.failedChecks] =
        stamp.failedChecks.join(',');
    }
    if (stamp.unknownChecks?.length) {
      annotations[OUTPUT_ANNOTATIONS.unknownChecks] =
        stamp.unknownChecks.join(',');
    }
    if (stamp.waivedChecks?.length) {
      annotations[OUTPUT_ANNOTATIONS.waivedChecks] =
        stamp.waivedChecks.join(',');
    }
    if (stamp.evidenceStatus !== undefined) {
      annotations[OUTPUT_ANNOTATIONS.evidenceStatus] = stamp.evidenceStatus;
    }
    annotations[OUTPUT_ANNOTATIONS.rulesetVersion] = '1';
  }
  const spec: Record<string, string> = {};
  if (options.type) spec.type = options.type;
  if (options.owner) spec.owner = options.owner;
  if (options.system) spec.system = options.system;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations,
    },
    spec,
  };
}
