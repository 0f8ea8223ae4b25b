import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { callerKey } from './callerKey';
import { CatalogLookups, GroupKey, RELATED_FIELDS } from './CatalogLookups';
import { TtlCache } from './TtlCache';

/**
 * Cross-entity lookups as catalog queries made with the caller's
 * credentials: what a report for a user needs. Each answer is cached for a
 * short time and only reused for the same caller, so a report never shows
 * related entities its reader may not see.
 */
export class QueryCatalogLookups {
  /** Query results: dependents of an entity, members of server groups. */
  private readonly queries: TtlCache<Entity[]>;
  /**
   * Entities by ref (null: not found), so that entities naming overlapping
   * dependencies share lookups; only refs not cached are asked for.
   */
  private readonly entities: TtlCache<Entity | null>;

  constructor(private readonly catalog: CatalogService, cacheTtlMs: number) {
    this.queries = new TtlCache(cacheTtlMs);
    this.entities = new TtlCache(cacheTtlMs);
  }

  forCaller(credentials: BackstageCredentials): CatalogLookups {
    const caller = `${callerKey(credentials) ?? 'anonymous'}\n`;
    const { catalog, entities, queries } = this;
    return {
      async byRefs(refs) {
        const found = await entities.getOrLoadMany(
          [...refs].sort().map(ref => caller + ref),
          async missing => {
            const { items } = await catalog.getEntitiesByRefs(
              {
                entityRefs: missing.map(key => key.slice(caller.length)),
                fields: RELATED_FIELDS,
              },
              { credentials },
            );
            return missing.map((_, i) => items[i] ?? null);
          },
        );
        return found.filter((e): e is Entity => Boolean(e));
      },
      dependentsOf(entityRef) {
        return queries.getOrLoad(
          `${caller}dependents:${entityRef}`,
          async () =>
            (
              await catalog.getEntities(
                {
                  filter: { 'relations.dependsOn': entityRef },
                  fields: RELATED_FIELDS,
                },
                { credentials },
              )
            ).items,
        );
      },
      groupMembers(keys: GroupKey[]) {
        const id = keys
          .map(k => `${k.key}=${k.value}`)
          .sort()
          .join('|');
        return queries.getOrLoad(
          `${caller}group:${id}`,
          async () =>
            (
              await catalog.getEntities(
                {
                  filter: keys.map(k => ({
                    [`metadata.annotations.${k.key}`]: k.value,
                  })),
                  fields: RELATED_FIELDS,
                },
                { credentials },
              )
            ).items,
        );
      },
    };
  }
}
