// The public type this alpha API returns is imported by the package's name,
// as its users import it.
import type { RelatedFacts } from '@ml-patterns/plugin-ml-patterns-node';

/**
 * Cross-entity facts naming no related entity: `ok` when there are none
 * (an entity outside the catalog has none), or `unavailable` with the
 * reason the catalog could not be asked.
 *
 * @alpha
 */
export function noRelatedFacts(unavailableReason?: string): RelatedFacts {
  return {
    ...(unavailableReason === undefined
      ? { status: 'ok' }
      : { status: 'unavailable', reason: unavailableReason }),
    servedModels: [],
    servingUnits: [],
    serverGroupPeers: [],
    datasets: [],
    codeEntities: [],
  };
}
