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
import { specRefs } from './CatalogRelatedFacts';

/** Entities per catalog page while reading the slice. */
const PAGE_SIZE = 1000;

/** How long a catalog found too large to index is left unindexed before trying again. */
const TOO_LARGE_RECHECK_MS = 10 * 60_000;

/**
 * The catalog compares refs and annotation values case-insensitively; the
 * index does too. (`toLowerCase` folds like the catalog's
 * `toLocaleLowerCase('en-US')`, several times faster.)
 */
function fold(value: string): string {
  return value.toLowerCase();
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

/** A catalog whose slice is over the limit is not indexed. */
type Snapshot = SliceSnapshot | 'too-large';

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Who depends on whom, as the catalog's `dependsOn` relations say: declared
 * by the dependent (`spec.dependsOn`) or by the dependency
 * (`spec.dependencyOf`). A dependent outside the slice is no serving unit,
 * so nothing is lost by leaving it out.
 */
function indexDependents(snapshot: SliceSnapshot) {
  const seen = new Set<string>();
  const add = (dependencyRef: string, dependentRef: string) => {
    const dependent = snapshot.byRef.get(dependentRef);
    const key = `${dependencyRef}\n${dependentRef}`;
    if (!dependent || seen.has(key)) return;
    seen.add(key);
    push(snapshot.dependents, dependencyRef, dependent);
  };
  for (const [ref, entity] of snapshot.byRef) {
    for (const target of specRefs(entity, 'dependsOn')) {
      add(fold(target), ref);
    }
    for (const dependent of specRefs(entity, 'dependencyOf')) {
      add(ref, fold(dependent));
    }
  }
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
  private current: { snapshot: Snapshot; loadedAt: number } | undefined;
  private loading: Promise<Snapshot> | undefined;
  private warnedTooLarge = false;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      scope: ScopeConfig;
      credentials: () => Promise<BackstageCredentials>;
      logger: LoggerService;
      /** How long a read is used as is; after it, a fresh read is made. */
      cacheTtlMs: number;
      maxEntities: number;
      now?: () => number;
    },
  ) {}

  /** Lookups answered from the index, or undefined when it is too large. */
  async lookups(): Promise<CatalogLookups | undefined> {
    const snapshot = await this.snapshot();
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

  /**
   * The current read. Within the cache window it is used as is; in the
   * window after that it is still used while a fresh read runs in the
   * background (so a processing cycle never stalls on the read), and past
   * both, callers wait for the fresh read. Facts are thus at most two
   * windows old — far less than a catalog processing interval.
   */
  private async snapshot(): Promise<Snapshot> {
    const now = (this.options.now ?? Date.now)();
    const ttl =
      this.current?.snapshot === 'too-large'
        ? TOO_LARGE_RECHECK_MS
        : this.options.cacheTtlMs;
    const age = this.current ? now - this.current.loadedAt : Infinity;
    if (age < ttl) {
      return this.current!.snapshot;
    }
    const fresh = this.refresh();
    if (age < 2 * ttl) {
      fresh.catch(() => {
        // Logged by refresh(); the stale read is used meanwhile.
      });
      return this.current!.snapshot;
    }
    return fresh;
  }

  /** One read at a time; a failed read keeps the previous one. */
  private refresh(): Promise<Snapshot> {
    if (!this.loading) {
      const startedAt = (this.options.now ?? Date.now)();
      this.loading = this.load()
        .then(
          snapshot => {
            this.current = { snapshot, loadedAt: startedAt };
            return snapshot;
          },
          error => {
            this.options.logger.warn(
              `ml-patterns: reading the catalog's ML slice failed: ${
                (error as Error).message
              }`,
            );
            throw error;
          },
        )
        .finally(() => {
          this.loading = undefined;
        });
    }
    return this.loading;
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

  private async load(): Promise<Snapshot> {
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
        // Not `relations`: every relation of every entity would be read
        // for the one type needed, which the two spec lists give.
        fields: [...RELATED_FIELDS, 'spec.dependencyOf'],
        pageSize: PAGE_SIZE,
      },
      { credentials },
    )) {
      for (const entity of page) {
        snapshot.byRef.set(fold(stringifyEntityRef(entity)), entity);
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
    indexDependents(snapshot);
    return snapshot;
  }
}
