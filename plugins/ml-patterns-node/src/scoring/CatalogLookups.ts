import { Entity } from '@backstage/catalog-model';
import {
  BACKSTAGE_ANNOTATIONS,
  INPUT_ANNOTATIONS,
  OUTPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * The fields cross-entity checks need; nothing else is fetched.
 *
 * @alpha
 */
export const RELATED_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.dependsOn',
];

/**
 * The annotations of other entities that cross-entity checks read: scope,
 * server group, required libraries, where their source is (a model's code
 * entity) and the role they were stamped with (server-group peers).
 *
 * @alpha
 */
export const RELATED_ANNOTATIONS: ReadonlySet<string> = new Set([
  ...Object.values(INPUT_ANNOTATIONS),
  ...Object.values(BACKSTAGE_ANNOTATIONS),
  OUTPUT_ANNOTATIONS.role,
]);

/**
 * What cross-entity checks can see of an entity: {@link RELATED_FIELDS},
 * `spec.dependencyOf` and the {@link RELATED_ANNOTATIONS} only. Other
 * annotations (our own verdicts among them) change without changing any
 * related fact, so they are left out.
 *
 * @alpha
 */
export function relatedView(entity: Entity): Entity {
  const { type, dependsOn, dependencyOf } = entity.spec ?? {};
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    entity.metadata.annotations ?? {},
  )) {
    if (RELATED_ANNOTATIONS.has(key)) annotations[key] = value;
  }
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name: entity.metadata.name,
      namespace: entity.metadata.namespace,
      annotations,
    },
    spec: { type, dependsOn, dependencyOf },
  };
}

/**
 * Annotations that name the server group a serving unit is deployed in.
 *
 * @alpha
 */
export const GROUP_ANNOTATIONS = [
  BACKSTAGE_ANNOTATIONS.kubernetesId,
  INPUT_ANNOTATIONS.serverGroup,
];

/**
 * One server-group annotation of an entity.
 *
 * @alpha
 */
export interface GroupKey {
  key: string;
  value: string;
}

export function groupKeys(entity: Entity): GroupKey[] {
  const annotations = entity.metadata.annotations ?? {};
  return GROUP_ANNOTATIONS.flatMap(key =>
    annotations[key] ? [{ key, value: annotations[key] }] : [],
  );
}

/**
 * The three questions cross-entity checks ask the catalog, as seen by one
 * caller. Entities come with {@link RELATED_FIELDS} only.
 *
 * @alpha
 */
export interface CatalogLookups {
  /** The entities with these refs that exist and can be seen. */
  byRefs(refs: string[]): Promise<Entity[]>;
  /** Entities with a `dependsOn` relation to the entity. */
  dependentsOf(entityRef: string): Promise<Entity[]>;
  /** Entities carrying any of the server-group annotations. */
  groupMembers(keys: GroupKey[]): Promise<Entity[]>;
}
