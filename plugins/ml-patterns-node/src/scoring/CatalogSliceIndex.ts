import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  INPUT_ANNOTATIONS,
  ScopeConfig,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  CatalogLookups,
  GROUP_ANNOTATIONS,
  GroupKey,
  RELATED_FIELDS,
} from './CatalogLookups';
import { TtlCache } from './TtlCache';

/** Entities per catalog page while reading the slice. */
const PAGE_SIZE = 1000;

/**
 * The catalog compares refs and annotation values case-insensitively; the
 * index does too.
 */
function fold(value: string): string {
  return value.toLocaleLowerCase('en-US');
}

function groupId(key: string, value: string): string {
  return `${key}=${fold(value)}`;
}

/** One read of the slice, indexed the three ways lookups need it. */
interface SliceSnapshot {
  byRef: Map<string, Entity>;
  dependents: Map<string, Entity[]>;
  groups: Map<string, Entity[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The part of the catalog that cross-entity checks can ever look at, read
 * with the scorer's own credentials in one paged query and answered from
 * memory: every entity of a kind in `mlPatterns.scope` (and every
 * Component, since a model's code entities are Components), plus entities
 * put in scope by annotation.
 *
 * This is what keeps the catalog processor cheap: without it, each scored
 * entity asks the catalog up to four questions over HTTP. The snapshot is
 * reused for the cache window (as the per-query caches were), so a change
 * in the catalog is seen at most that much later. Only for the scorer's
 * own service credentials — a user's report is never answered from it.
 *
 * A catalog whose slice is larger than `maxEntities` is not indexed (to
 * bound memory); lookups then fall back to queries.
 */
export class CatalogSliceIndex {
  private readonly snapshots: TtlCache<SliceSnapshot | 'too-large'>;
  private warnedTooLarge = false;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      scope: ScopeConfig;
      credentials: () => Promise<BackstageCredentials>;
      logger: LoggerService;
      cacheTtlMs: number;
      maxEntities: number;
    },
  ) {
    this.snapshots = new TtlCache(options.cacheTtlMs, 1);
  }

  /** Lookups answered from the index, or undefined when it is too large. */
  async lookups(): Promise<CatalogLookups | undefined> {
    const snapshot = await this.snapshots.getOrLoad('slice', () => this.load());
    if (snapshot === 'too-large') {
      return undefined;
    }
    return {
      async byRefs(refs) {
        return refs.flatMap(ref => {
          const found = snapshot.byRef.get(fold(ref));
          return found ? [found] : [];
        });
      },
      async dependentsOf(entityRef) {
        return snapshot.dependents.get(fold(entityRef)) ?? [];
      },
      async groupMembers(keys: GroupKey[]) {
        const members = new Map<string, Entity>();
        for (const { key, value } of keys) {
          for (const entity of snapshot.groups.get(groupId(key, value)) ?? []) {
            members.set(stringifyEntityRef(entity), entity);
          }
        }
        return [...members.values()];
      },
    };
  }

  /** The catalog filter of the slice: kinds in scope, or scoped by annotation. */
  private filter() {
    const kinds = new Set(['component']);
    for (const entries of Object.values(this.options.scope)) {
      for (const entry of entries) kinds.add(fold(entry.kind));
    }
    return [
      { kind: [...kinds] },
      {
        [`metadata.annotations.${INPUT_ANNOTATIONS.scope}`]:
          CATALOG_FILTER_EXISTS,
      },
    ];
  }

  private async load(): Promise<SliceSnapshot | 'too-large'> {
    const { catalog, maxEntities, logger } = this.options;
    const snapshot: SliceSnapshot = {
      byRef: new Map(),
      dependents: new Map(),
      groups: new Map(),
    };
    const credentials = await this.options.credentials();
    for await (const page of catalog.streamEntities(
      {
        filter: this.filter(),
        fields: [...RELATED_FIELDS, 'relations'],
        pageSize: PAGE_SIZE,
      },
      { credentials },
    )) {
      for (const item of page) {
        const { relations, ...entity } = item;
        const ref = fold(stringifyEntityRef(entity));
        snapshot.byRef.set(ref, entity);
        for (const relation of relations ?? []) {
          if (relation.type === 'dependsOn') {
            push(snapshot.dependents, fold(relation.targetRef), entity);
          }
        }
        const annotations = entity.metadata.annotations ?? {};
        for (const key of GROUP_ANNOTATIONS) {
          if (annotations[key]) {
            push(snapshot.groups, groupId(key, annotations[key]), entity);
          }
        }
      }
      if (snapshot.byRef.size > maxEntities) {
        if (!this.warnedTooLarge) {
          this.warnedTooLarge = true;
          logger.warn(
            `ml-patterns: more than ${maxEntities} catalog entities could relate to ML entities; ` +
              'cross-entity facts are looked up one query at a time instead of from an index ' +
              '(raise mlPatterns.processing.maxIndexedEntities to index them)',
          );
        }
        return 'too-large';
      }
    }
    return snapshot;
  }
}
