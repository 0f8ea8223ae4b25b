import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { StampedEntity, toStampedEntity } from './stampedEntity';

/** Entities per catalog page, unless told otherwise. */
const PAGE_SIZE = 1000;

/**
 * Scored entities, as `credentials` may see them: those carrying the role
 * annotation, `kind` and `type` filtered by the catalog. Datasets get a role
 * but no rule judges them, so they would only add ungraded rows.
 */
export async function readStampedEntities(options: {
  catalog: CatalogService;
  kind?: string;
  type?: string;
  fields: string[];
  credentials: BackstageCredentials;
  /** Entities per catalog page (default 1000). */
  pageSize?: number;
}): Promise<StampedEntity[]> {
  const catalogFilter: Record<string, string | symbol> = {
    [`metadata.annotations.${OUTPUT_ANNOTATIONS.role}`]: CATALOG_FILTER_EXISTS,
  };
  if (options.kind) {
    catalogFilter.kind = options.kind;
  }
  if (options.type) {
    catalogFilter['spec.type'] = options.type;
  }
  // Cursor pages rather than one unpaged read: steadier memory and, on
  // the benchmark, faster too.
  const stamped: StampedEntity[] = [];
  for await (const page of options.catalog.streamEntities(
    {
      filter: catalogFilter,
      fields: options.fields,
      pageSize: options.pageSize ?? PAGE_SIZE,
    },
    { credentials: options.credentials },
  )) {
    for (const item of page) {
      const entity = toStampedEntity(item);
      if (entity.role !== 'dataset') {
        stamped.push(entity);
      }
    }
  }
  return stamped;
}
