import { Entity } from '@backstage/catalog-model';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';

/**
 * True when the catalog processor put the entity in scope (it stamped a
 * role). Use it to show the entity card only on ML entities.
 *
 * @public
 */
export function isMlPatternsAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[OUTPUT_ANNOTATIONS.role]);
}
