import { Entity } from '@backstage/catalog-model';
import {
  EntityReport,
  INPUT_ANNOTATIONS,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  RepositoryEvidence,
  SourceLocation,
} from '@ml-patterns/plugin-ml-patterns-node';
import { setNewest } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { createHash } from 'node:crypto';

/** What a summary was computed from; the same inputs give the same report. */
export interface ScoreInputs {
  /** Version of the scorer's index of related entities (see `CatalogSliceIndex`). */
  version: number;
  /**
   * Digest of the entity's descriptor as scored; for an entity without a
   * report (out of scope, or a dataset), of what its role is decided by
   * only (see {@link roleKeyOf}).
   */
  entityKey: string;
  /** Whether `entityKey` is a {@link roleKeyOf} key. */
  roleOnly?: boolean;
  /** Where its evidence was read from, if anywhere. */
  location?: SourceLocation;
  /**
   * The evidence it was scored with. Compared by identity: evidence of an
   * unchanged repository is the same object (parsed once per ETag), and
   * anything read anew is a different one.
   */
  evidence?: RepositoryEvidence;
  /**
   * When (epoch ms) a waiver the report applied expires: from then on the
   * same inputs give another report.
   */
  reusableUntil?: number;
}

/** Entities remembered by default; beyond that the oldest are forgotten. */
const DEFAULT_MAX_ENTRIES = 100_000;

/**
 * A digest of an entity descriptor. The catalog hands processors a fresh
 * parse of the same stored text every cycle, so an unchanged entity
 * serializes the same; a different key order only costs a re-score.
 */
export function entityKeyOf(entity: Entity): string {
  return createHash('sha1').update(JSON.stringify(entity)).digest('base64');
}

/**
 * What decides whether an entity has a report at all: its role comes from
 * its kind, `spec.type`, `ml-patterns.io/scope` annotation and the entities
 * in `spec.dependsOn` (resolved in its namespace; what those are is
 * covered by the index version). An entity without a report is stamped
 * nothing, whatever else it says, so these few fields are all its memo
 * entry needs — much cheaper than {@link entityKeyOf} for the many
 * Components of a catalog that are not ML.
 */
export function roleKeyOf(entity: Entity): string {
  return JSON.stringify([
    entity.kind,
    entity.metadata.namespace,
    entity.metadata.annotations?.[INPUT_ANNOTATIONS.scope],
    entity.spec?.type,
    entity.spec?.dependsOn,
  ]);
}

/**
 * The last summary of each entity's report (the catalog processor keeps
 * its stamps here) with the inputs it came from, so that an entity whose
 * descriptor, related entities and evidence are all unchanged is not
 * scored again: in a steady catalog that is nearly every entity of every
 * cycle. See {@link IncrementalScorer.summarize}.
 */
export class ScoreMemo<T> {
  private readonly entries = new Map<
    string,
    { inputs: ScoreInputs; value: T }
  >();

  constructor(
    /** What to keep of a report (undefined: the entity is out of scope). */
    readonly summarize: (report: EntityReport | undefined) => T,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The remembered entry of an entity, if any. */
  get(entityRef: string): { inputs: ScoreInputs; value: T } | undefined {
    return this.entries.get(entityRef);
  }

  set(entityRef: string, inputs: ScoreInputs, value: T) {
    setNewest(this.entries, entityRef, { inputs, value }, this.maxEntries);
  }

  forget(entityRef: string) {
    this.entries.delete(entityRef);
  }
}
