import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { relatedView } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { fold } from './SliceSnapshot';

/**
 * How long the catalog's answer that an entity does not exist is reused:
 * long enough that the entities of one processing batch naming the same
 * unregistered entity ask once, short enough that an entity another
 * replica has just processed (a model a service names) is found at the
 * next processing of the entities naming it.
 */
export const ABSENT_RECHECK_MS = 10_000;

/**
 * A ref the catalog keeps saying it lacks (a dependency nobody registered)
 * is asked about half as often each time, up to this: otherwise every
 * processing of an entity naming it would cost a catalog query and a
 * fresh scoring. A full read of the slice starts over.
 */
const MAX_ABSENT_RECHECK_MS = 16 * ABSENT_RECHECK_MS;

/**
 * Entities the slice index is asked for by ref and does not hold, asked
 * of the catalog instead.
 *
 * The index knows what its last full read found and what this replica has
 * processed since; an entity another replica processed and the catalog
 * stitched meanwhile is missing from it until the next read. An entity's
 * own dependencies decide whether it is in scope at all (a service that
 * serves a model), so they are never judged absent on the index's word
 * alone: a ref it does not hold is looked up. Only refs of the slice's
 * kinds are: a dependency of another kind (an API, a system) is outside
 * the slice unless an annotation puts it in, which the index learns at its
 * next read.
 */
export class SliceMisses {
  /** Folded ref → until when the catalog's "no such entity" holds, and for how long it was last held. */
  private absent = new Map<string, { until: number; heldMs: number }>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      credentials: () => Promise<BackstageCredentials>;
      /** The kinds of the slice, lower-cased. */
      sliceKinds: ReadonlySet<string>;
      /** The fields a full read of the slice asks for. */
      fields: string[];
      now: () => number;
    },
  ) {}

  /**
   * Of `refs` (none of them held by the index), the related views of those
   * the catalog has, and until when the answer that the others are absent
   * holds (undefined: no answer depended on the catalog's absence).
   */
  async find(
    refs: string[],
  ): Promise<{ found: Entity[]; absentUntil?: number }> {
    const now = this.options.now();
    let absentUntil: number | undefined;
    const toAsk: string[] = [];
    for (const ref of refs) {
      if (!this.isSliceKind(ref)) continue;
      const until = this.absent.get(fold(ref))?.until;
      if (until !== undefined && until > now) {
        absentUntil = Math.min(absentUntil ?? until, until);
      } else {
        toAsk.push(ref);
      }
    }
    if (toAsk.length === 0) {
      return { found: [], absentUntil };
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: toAsk, fields: this.options.fields },
      { credentials: await this.options.credentials() },
    );
    const found: Entity[] = [];
    const answeredAt = this.options.now();
    toAsk.forEach((ref, i) => {
      const item = items[i];
      if (item) {
        this.absent.delete(fold(ref));
        found.push(relatedView(item));
      } else {
        const held = this.absent.get(fold(ref))?.heldMs;
        const heldMs =
          held === undefined
            ? ABSENT_RECHECK_MS
            : Math.min(2 * held, MAX_ABSENT_RECHECK_MS);
        const until = answeredAt + heldMs;
        this.absent.set(fold(ref), { until, heldMs });
        absentUntil = Math.min(absentUntil ?? until, until);
      }
    });
    return { found, absentUntil };
  }

  /** After a full read of the slice: what exists was read, ask afresh. */
  clear() {
    this.absent = new Map();
  }

  private isSliceKind(ref: string): boolean {
    try {
      return this.options.sliceKinds.has(
        parseEntityRef(ref).kind.toLowerCase(),
      );
    } catch {
      return false;
    }
  }
}
