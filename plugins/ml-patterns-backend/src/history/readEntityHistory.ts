import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityHistoryDay,
  EntityHistoryResponse,
} from '@ml-patterns/plugin-ml-patterns-common';
import { EntityDay } from './entityDay';
import { HistoryStore } from './HistoryStore';

function toHistoryDay(day: string, entity: EntityDay): EntityHistoryDay {
  return {
    day,
    score: entity.score,
    grade: entity.grade,
    coverage: entity.coverage === null ? null : entity.coverage / 100,
    antiPatterns: { 'all-in-one': entity.allInOne, 'only-me': entity.onlyMe },
    releasePattern: entity.releasePattern,
    failedChecks: entity.failedChecks,
  };
}

/**
 * One entity's daily history, for a caller who may read the entity now:
 * the catalog is asked with the caller's credentials, and an entity it
 * does not show them is a 404, worded as for one that does not exist.
 */
export async function readEntityHistory(options: {
  ref: CompoundEntityRef;
  fromDay: string;
  credentials: BackstageCredentials;
  catalog: CatalogService;
  store: HistoryStore;
}): Promise<EntityHistoryResponse> {
  const { ref, credentials } = options;
  const entity = await options.catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `No entity named '${stringifyEntityRef(ref)}' found`,
    );
  }
  const entityRef = stringifyEntityRef(entity);
  const rows = await options.store.entityDays({
    // The history keys entities by their lower-case ref.
    entityRef: entityRef.toLocaleLowerCase('en-US'),
    fromDay: options.fromDay,
  });
  return {
    entityRef,
    days: rows.map(row => toHistoryDay(row.day, row.entity)),
  };
}
