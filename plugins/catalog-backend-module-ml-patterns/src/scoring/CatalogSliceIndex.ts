import { stringifyError } from '@backstage/errors';
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
  RELATED_FIELDS,
  relatedView,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { SliceMisses } from './SliceMisses';
import { SliceSnapshot } from './SliceSnapshot';

/** Entities per catalog page while reading the slice. */
const PAGE_SIZE = 1000;

/** How long a catalog found too large to index is left unindexed before trying again. */
const TOO_LARGE_RECHECK_MS = 10 * 60_000;

/**
 * Changes to the slice an index takes in one by one (see `observe`) from
 * which it counts itself behind: at least this many entities, and
 * {@link BEHIND_SHARE} of the slice. A replica that changes that much of
 * the slice itself is in a mass change (an ingestion, a large edit) that
 * the other replicas are taking part in, and it sees only its own part of
 * it until it reads the slice again. Until then the replicas stamp a
 * model's serving units or a server's peers differently, and each
 * disagreement is a catalog write and stitch at every processing. A few
 * changes (a day's edits) are not worth a read of the whole slice.
 */
const BEHIND_MIN_CHANGES = 50;
const BEHIND_SHARE = 0.01;

/**
 * How long after the start of its last full read an index that is behind
 * reads again: enough for the catalog to stitch what the other replicas
 * processed meanwhile, and for a mass change to cost a read of the slice
 * at most this often.
 */
export const BEHIND_REREAD_MS = 30_000;

/** The fields of an entity the index keeps (see `relatedView`). */
const SLICE_FIELDS = [...RELATED_FIELDS, 'spec.dependencyOf'];

/** A catalog whose slice is over the limit is not indexed. */
type Snapshot = SliceSnapshot | 'too-large';

/** Lookups answered from the index, and what their answers rest on. */
export interface VersionedLookups {
  lookups: CatalogLookups;
  /** The index's version when they were handed out. */
  version: number;
  /**
   * Until when the catalog's word that an entity asked for by ref does not
   * exist holds, if an answer so far rested on it (see `SliceMisses`).
   */
  absentUntil(): number | undefined;
}

/**
 * The part of the catalog that cross-entity checks can ever look at,
 * answered from memory: every entity of a kind in `mlPatterns.scope` (and
 * every Component, since a model's code entities are Components), plus
 * entities put in scope by annotation. Only for the scorer's own service
 * credentials — a user's report is never answered from it.
 *
 * This is what keeps the catalog processor cheap: without it, each scored
 * entity asks the catalog up to four questions over HTTP. The index is
 * kept current two ways:
 *
 * - every entity the processor sees is written through (`observe`), so a
 *   change is known as soon as this replica has processed the entity;
 * - a full read (one paged, field-projected query) replaces it every
 *   refresh interval, for what this replica does not see: entities other
 *   replicas process, deletions. In the interval after that one the old
 *   index is still used while the read runs in the background, so a
 *   processing cycle never waits for it. An index that has taken in many
 *   changes itself since its last read counts itself behind (see
 *   {@link BEHIND_MIN_CHANGES}) and reads again sooner, in the background.
 *
 * An entity asked for by ref that the index does not hold is asked of the
 * catalog (see `SliceMisses`): whether an entity is in scope at all can
 * rest on its dependencies, and a read made before another replica's work
 * was stitched must not put it out of scope.
 *
 * A catalog whose slice is larger than `maxEntities` is not indexed (to
 * bound memory); lookups then fall back to queries.
 *
 * The index has a version that changes whenever something a cross-entity
 * check can see has changed (an observed or re-read entity differs, one
 * appears or goes): facts gathered at one version hold while it lasts.
 */
export class CatalogSliceIndex {
  private current: { snapshot: Snapshot; loadedAt: number } | undefined;
  private loading:
    | {
        promise: Promise<Snapshot>;
        /** Descriptors seen meanwhile, by ref (undefined: outside the slice). */
        observed: Map<string, Entity | undefined>;
      }
    | undefined;
  private warnedTooLarge = false;
  private version = 0;
  /** Entities changed in the slice as this replica took them in, since the last full read started. */
  private changesSinceRead = 0;
  private readonly sliceKinds: Set<string>;
  private readonly misses: SliceMisses;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      scope: ScopeConfig;
      credentials: () => Promise<BackstageCredentials>;
      logger: LoggerService;
      /** How long a full read is used before the next one is made. */
      refreshMs: number;
      maxEntities: number;
      now?: () => number;
    },
  ) {
    this.sliceKinds = new Set(['component']);
    for (const entries of Object.values(options.scope)) {
      for (const entry of entries) {
        this.sliceKinds.add(entry.kind.toLowerCase());
      }
    }
    this.misses = new SliceMisses({
      catalog: options.catalog,
      credentials: options.credentials,
      sliceKinds: this.sliceKinds,
      fields: SLICE_FIELDS,
      now: () => this.now(),
    });
  }

  /** Lookups answered from the index, or undefined when it is too large. */
  async lookups(): Promise<CatalogLookups | undefined> {
    return (await this.versionedLookups())?.lookups;
  }

  /**
   * Lookups answered from the index and the index's version when they
   * were handed out (see the class comment); undefined when it is too large.
   */
  async versionedLookups(): Promise<VersionedLookups | undefined> {
    const snapshot = await this.snapshot();
    if (snapshot === 'too-large') {
      return undefined;
    }
    const answers = snapshot.lookups();
    let absentUntil: number | undefined;
    return {
      version: this.version,
      absentUntil: () => absentUntil,
      lookups: {
        byRefs: async refs => {
          const missing = snapshot.missing(refs);
          if (missing.length > 0) {
            const asked = await this.misses.find(missing);
            for (const entity of asked.found) {
              this.learn(snapshot, entity);
            }
            if (asked.absentUntil !== undefined) {
              absentUntil = Math.min(
                absentUntil ?? asked.absentUntil,
                asked.absentUntil,
              );
            }
          }
          return snapshot.byRefs(refs);
        },
        dependentsOf: answers.dependentsOf,
        groupMembers: answers.groupMembers,
      },
    };
  }

  /**
   * Takes in the related view of an entity the catalog has and the index
   * lacked, in the snapshot that answered and in the current one.
   */
  private learn(answering: SliceSnapshot, entity: Entity) {
    let changed = answering.upsert(entity);
    const current = this.current?.snapshot;
    if (current && current !== 'too-large' && current !== answering) {
      changed = current.upsert(entity) || changed;
    }
    if (changed) this.changed();
  }

  /** Something a cross-entity check can see changed, not by a full read. */
  private changed() {
    this.version += 1;
    this.changesSinceRead += 1;
  }

  /**
   * Takes in the latest descriptor of an entity the processor has just
   * processed. Entities outside the slice are ignored (or dropped, when an
   * annotation that had put them in is gone).
   */
  observe(full: Entity) {
    const ref = stringifyEntityRef(full);
    const inSlice = this.inSlice(full);
    const snapshot = this.current?.snapshot;
    if (
      inSlice &&
      !this.loading &&
      snapshot &&
      snapshot !== 'too-large' &&
      snapshot.holds(ref, full)
    ) {
      // The usual case: an unchanged entity processed again.
      return;
    }
    // Projected only when kept: most entities a catalog processes (users,
    // groups, APIs) are outside the slice and just need a removal check.
    const entity = inSlice ? relatedView(full) : undefined;
    if (snapshot && snapshot !== 'too-large') {
      if (this.apply(snapshot, ref, entity)) this.changed();
    }
    // A read in flight may predate this descriptor: it is applied on top.
    this.loading?.observed.set(ref, entity);
  }

  /** Takes in an entity's latest descriptor (undefined: it is outside the slice). */
  private apply(
    snapshot: SliceSnapshot,
    ref: string,
    entity: Entity | undefined,
  ): boolean {
    return entity ? snapshot.upsert(entity) : snapshot.remove(ref);
  }

  private inSlice(entity: Entity): boolean {
    return (
      this.sliceKinds.has(entity.kind.toLowerCase()) ||
      Boolean(entity.metadata.annotations?.[INPUT_ANNOTATIONS.scope])
    );
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * The current index. Within the refresh interval it is used as is
   * (while a fresh read runs in the background when it is behind, see
   * {@link BEHIND_MIN_CHANGES}); in the interval after that it is still
   * used while a fresh read runs in the background, and past both,
   * callers wait for the fresh read.
   */
  private async snapshot(): Promise<Snapshot> {
    const ttl =
      this.current?.snapshot === 'too-large'
        ? TOO_LARGE_RECHECK_MS
        : this.options.refreshMs;
    const age = this.current ? this.now() - this.current.loadedAt : Infinity;
    if (age < ttl && !(age >= BEHIND_REREAD_MS && this.behind())) {
      return this.current!.snapshot;
    }
    const fresh = this.refresh();
    if (age < 2 * ttl) {
      fresh.catch(() => {
        // Logged by refresh(); the older index is used meanwhile.
      });
      return this.current!.snapshot;
    }
    return fresh;
  }

  /** Whether it has taken in enough changes itself to count itself behind. */
  private behind(): boolean {
    const snapshot = this.current?.snapshot;
    return (
      snapshot !== undefined &&
      snapshot !== 'too-large' &&
      this.changesSinceRead >=
        Math.max(BEHIND_MIN_CHANGES, BEHIND_SHARE * snapshot.size)
    );
  }

  /** One read at a time; a failed read keeps the previous index. */
  private refresh(): Promise<Snapshot> {
    if (this.loading) {
      return this.loading.promise;
    }
    const startedAt = this.now();
    // Counted afresh: a mass change still under way shows again in what
    // is taken in during and after this read.
    this.changesSinceRead = 0;
    const observed = new Map<string, Entity | undefined>();
    const promise = this.load()
      .then(
        snapshot => {
          if (snapshot !== 'too-large') {
            for (const [ref, entity] of observed) {
              this.apply(snapshot, ref, entity);
            }
          }
          const previous = this.current?.snapshot;
          if (
            snapshot === 'too-large' ||
            previous === undefined ||
            previous === 'too-large' ||
            !snapshot.sameAs(previous)
          ) {
            this.version += 1;
          }
          this.current = { snapshot, loadedAt: startedAt };
          this.misses.clear();
          return snapshot;
        },
        error => {
          this.options.logger.warn(
            `ml-patterns: reading the catalog's ML slice failed: ${stringifyError(
              error,
            )}`,
          );
          throw error;
        },
      )
      .finally(() => {
        this.loading = undefined;
      });
    this.loading = { promise, observed };
    return promise;
  }

  /** The catalog filter of the slice: its kinds, or scoped by annotation. */
  private filter() {
    return [
      { kind: [...this.sliceKinds] },
      {
        [`metadata.annotations.${INPUT_ANNOTATIONS.scope}`]:
          CATALOG_FILTER_EXISTS,
      },
    ];
  }

  private async load(): Promise<Snapshot> {
    const { catalog, maxEntities, logger } = this.options;
    const snapshot = new SliceSnapshot();
    const credentials = await this.options.credentials();
    for await (const page of catalog.streamEntities(
      {
        filter: this.filter(),
        // Not `relations`: every relation of every entity would be read
        // for the one type needed, which the two spec lists give.
        fields: SLICE_FIELDS,
        pageSize: PAGE_SIZE,
      },
      { credentials },
    )) {
      for (const entity of page) {
        snapshot.upsert(relatedView(entity));
      }
      if (snapshot.size > maxEntities) {
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
