import { normalizeRef } from '../service/refs';
import { StampedEntity } from './stampedEntity';

/** Which stamped entities to count. */
export interface ScorecardFilter {
  kind?: string;
  type?: string;
  /** A system ref, full (`system:default/recsys`) or short (`recsys`). */
  system?: string;
}

/** Keeps the entities of one system, when a system filter is given. */
export function inSystem(
  entities: StampedEntity[],
  system: string | undefined,
): StampedEntity[] {
  if (!system?.trim()) {
    return entities;
  }
  const systemRef = normalizeRef(system, 'system', 'default');
  return entities.filter(e => e.systemRef === systemRef);
}

/**
 * Keeps the entities under the kind, type and system filters, in memory,
 * matching like the catalog's filters do: values trimmed, equal regardless
 * of case (the catalog compares lower-cased values), empty means no filter.
 */
export function filterStamped(
  entities: StampedEntity[],
  filter: ScorecardFilter,
): StampedEntity[] {
  const kind = filter.kind?.trim().toLowerCase();
  const type = filter.type?.trim().toLowerCase();
  const matching =
    kind || type
      ? entities.filter(
          e =>
            (!kind || e.kind.toLowerCase() === kind) &&
            (!type || e.type?.toLowerCase() === type),
        )
      : entities;
  return inSystem(matching, filter.system);
}
