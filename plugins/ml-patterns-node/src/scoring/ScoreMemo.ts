import { EntityReport } from '@ml-patterns/plugin-ml-patterns-common';
import { createHash } from 'node:crypto';
import { Entity } from '@backstage/catalog-model';
import { SourceLocation } from '../evidence/read';
import { RepositoryEvidence } from '../evidence/types';
import { setNewest } from './setNewest';

/** What a summary was computed from; the same inputs give the same report. */
export interface ScoreInputs {
  /** Version of the scorer's index of related entities (see `CatalogSliceIndex`). */
  version: number;
  /** Digest of the entity's descriptor as scored. */
  entityKey: string;
  /** Where its evidence was read from, if anywhere. */
  location?: SourceLocation;
  /**
   * The evidence it was scored with. Compared by identity: evidence of an
   * unchanged repository is the same object (parsed once per ETag), and
   * anything read anew is a different one.
   */
  evidence?: RepositoryEvidence;
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
 * The last summary of each entity's report (the catalog processor keeps
 * its stamps here) with the inputs it came from, so that an entity whose
 * descriptor, related entities and evidence are all unchanged is not
 * scored again: in a steady catalog that is nearly every entity of every
 * cycle. See {@link MlPatternsScorer.summarize}.
 *
 * @public
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

  /** The remembered entry of an entity, if any. @internal */
  get(entityRef: string): { inputs: ScoreInputs; value: T } | undefined {
    return this.entries.get(entityRef);
  }

  /** @internal */
  set(entityRef: string, inputs: ScoreInputs, value: T) {
    setNewest(this.entries, entityRef, { inputs, value }, this.maxEntries);
  }

  /** @internal */
  forget(entityRef: string) {
    this.entries.delete(entityRef);
  }
}
