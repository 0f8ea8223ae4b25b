import { Entity } from '@backstage/catalog-model';
import {
  BACKSTAGE_ANNOTATIONS,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';

/** The fields cross-entity checks need; nothing else is fetched. */
export const RELATED_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.dependsOn',
];

/** Annotations that name the server group a serving unit is deployed in. */
export const GROUP_ANNOTATIONS = [
  BACKSTAGE_ANNOTATIONS.kubernetesId,
  INPUT_ANNOTATIONS.serverGroup,
];

/** One server-group annotation of an entity. */
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
 */
export interface CatalogLookups {
  /** The entities with these refs that exist and can be seen. */
  byRefs(refs: string[]): Promise<Entity[]>;
  /** Entities with a `dependsOn` relation to the entity. */
  dependentsOf(entityRef: string): Promise<Entity[]>;
  /** Entities carrying any of the server-group annotations. */
  groupMembers(keys: GroupKey[]): Promise<Entity[]>;
}
