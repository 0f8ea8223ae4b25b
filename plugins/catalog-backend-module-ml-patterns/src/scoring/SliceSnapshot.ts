import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogLookups,
  GROUP_ANNOTATIONS,
  GroupKey,
  RELATED_ANNOTATIONS,
  specRefs,
} from '@ml-patterns/plugin-ml-patterns-node/alpha';

/**
 * The catalog compares refs and annotation values case-insensitively; the
 * snapshot does too. (`toLowerCase` folds like the catalog's
 * `toLocaleLowerCase('en-US')`, several times faster.)
 */
export function fold(value: string): string {
  return value.toLowerCase();
}

function groupId(key: string, value: string): string {
  return `${key}=${fold(value)}`;
}

function groupIdsOf(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  return GROUP_ANNOTATIONS.flatMap(key =>
    annotations[key] ? [groupId(key, annotations[key])] : [],
  );
}

function link(map: Map<string, Set<string>>, key: string, ref: string) {
  const refs = map.get(key);
  if (refs) refs.add(ref);
  else map.set(key, new Set([ref]));
}

function unlink(map: Map<string, Set<string>>, key: string, ref: string) {
  const refs = map.get(key);
  if (!refs) return;
  refs.delete(ref);
  if (refs.size === 0) map.delete(key);
}

function sameList(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) {
    return !Array.isArray(a) && !Array.isArray(b);
  }
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Whether two descriptors of one entity link it to the same entities and groups. */
function sameLinks(a: Entity, b: Entity): boolean {
  return (
    a.metadata.namespace === b.metadata.namespace &&
    sameList(a.spec?.dependsOn, b.spec?.dependsOn) &&
    GROUP_ANNOTATIONS.every(
      key => a.metadata.annotations?.[key] === b.metadata.annotations?.[key],
    )
  );
}

function sameRecord(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean {
  const aKeys = Object.keys(a ?? {});
  return (
    aKeys.length === Object.keys(b ?? {}).length &&
    aKeys.every(key => a![key] === b?.[key])
  );
}

/**
 * Whether two related views of one entity with the same links say the
 * same otherwise (see `relatedView`; `apiVersion` is not read from the
 * catalog, nor used). `b` may be a full descriptor when its annotations
 * are compared with {@link sameRelatedAnnotations}.
 */
function sameBesidesLinks(
  a: Entity,
  b: Entity,
  sameAnnotations: (
    a: Record<string, string> | undefined,
    b: Record<string, string> | undefined,
  ) => boolean = sameRecord,
): boolean {
  return (
    a.kind === b.kind &&
    a.metadata.name === b.metadata.name &&
    a.spec?.type === b.spec?.type &&
    sameList(a.spec?.dependencyOf, b.spec?.dependencyOf) &&
    sameAnnotations(a.metadata.annotations, b.metadata.annotations)
  );
}

/**
 * Whether a full descriptor's related annotations (see `relatedView`) are
 * exactly a held view's, without projecting it first.
 */
function sameRelatedAnnotations(
  view: Record<string, string> | undefined,
  full: Record<string, string> | undefined,
): boolean {
  let related = 0;
  for (const key in full) {
    if (!RELATED_ANNOTATIONS.has(key)) continue;
    related += 1;
    if (view?.[key] !== full[key]) return false;
  }
  return related === Object.keys(view ?? {}).length;
}

/**
 * Entities of the catalog's ML slice, indexed the three ways cross-entity
 * lookups need them: by ref, by what they depend on, by server group. Kept
 * up to date entity by entity as well as rebuilt from full reads.
 */
export class SliceSnapshot {
  private readonly byRef = new Map<string, Entity>();
  /** Dependency ref → refs of the entities whose `spec.dependsOn` names it. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Server group → refs of its members. */
  private readonly groups = new Map<string, Set<string>>();

  /** One object for every caller: asked for once per scored entity. */
  private readonly answers: CatalogLookups = {
    byRefs: async refs => this.byRefs(refs),
    dependentsOf: async ref => this.dependentsOf(ref),
    groupMembers: async keys => this.groupMembers(keys),
  };

  get size(): number {
    return this.byRef.size;
  }

  /**
   * Adds an entity's related view (see `relatedView`), or replaces what was
   * known of it. Returns whether anything a cross-entity check can see has
   * changed.
   */
  upsert(entity: Entity): boolean {
    const ref = fold(stringifyEntityRef(entity));
    const old = this.byRef.get(ref);
    if (old && sameLinks(old, entity)) {
      // The usual case (an unchanged entity processed again): no re-linking,
      // and the view already held is kept. Replacing it would move a fresh
      // copy of every entity into the long-lived heap on every cycle, for
      // the garbage collector to sweep up the old ones.
      if (sameBesidesLinks(old, entity)) return false;
      this.byRef.set(ref, entity);
      return true;
    }
    this.remove(ref);
    this.byRef.set(ref, entity);
    for (const target of specRefs(entity, 'dependsOn')) {
      link(this.dependents, fold(target), ref);
    }
    for (const id of groupIdsOf(entity)) {
      link(this.groups, id, ref);
    }
    return true;
  }

  /**
   * Whether the snapshot already holds what `relatedView(full)` would be:
   * for the processor's write-through, where nearly every entity of every
   * cycle is unchanged, this answers without building the view.
   */
  holds(entityRef: string, full: Entity): boolean {
    const held = this.byRef.get(fold(entityRef));
    return (
      held !== undefined &&
      sameLinks(held, full) &&
      sameBesidesLinks(held, full, sameRelatedAnnotations)
    );
  }

  /** Forgets the entity; returns whether it was known. */
  remove(entityRef: string): boolean {
    const ref = fold(entityRef);
    const old = this.byRef.get(ref);
    if (!old) return false;
    this.byRef.delete(ref);
    for (const target of specRefs(old, 'dependsOn')) {
      unlink(this.dependents, fold(target), ref);
    }
    for (const id of groupIdsOf(old)) {
      unlink(this.groups, id, ref);
    }
    return true;
  }

  /** Whether the two snapshots hold the same related views of the same entities. */
  sameAs(other: SliceSnapshot): boolean {
    if (other.byRef.size !== this.byRef.size) return false;
    for (const [ref, entity] of this.byRef) {
      const theirs = other.byRef.get(ref);
      if (
        !theirs ||
        !sameLinks(entity, theirs) ||
        !sameBesidesLinks(entity, theirs)
      ) {
        return false;
      }
    }
    return true;
  }

  /** The refs it holds no entity for. */
  missing(refs: string[]): string[] {
    return refs.filter(ref => !this.byRef.has(fold(ref)));
  }

  byRefs(refs: string[]): Entity[] {
    return refs.flatMap(ref => {
      const found = this.byRef.get(fold(ref));
      return found ? [found] : [];
    });
  }

  /**
   * Who depends on the entity, as the catalog's `dependsOn` relations say:
   * declared by the dependent (`spec.dependsOn`) or by the entity itself
   * (`spec.dependencyOf`). A dependent outside the slice is no serving
   * unit, so nothing is lost by leaving it out.
   */
  dependentsOf(entityRef: string): Entity[] {
    const ref = fold(entityRef);
    const refs = new Set(this.dependents.get(ref));
    const self = this.byRef.get(ref);
    for (const dependent of self ? specRefs(self, 'dependencyOf') : []) {
      refs.add(fold(dependent));
    }
    return this.byRefs([...refs]);
  }

  groupMembers(keys: GroupKey[]): Entity[] {
    const refs = new Set<string>();
    for (const { key, value } of keys) {
      for (const ref of this.groups.get(groupId(key, value)) ?? []) {
        refs.add(ref);
      }
    }
    return this.byRefs([...refs]);
  }

  lookups(): CatalogLookups {
    return this.answers;
  }
}
