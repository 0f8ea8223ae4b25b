import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import {
  CachedEvidence,
  EvidenceCache,
} from '@ml-patterns/plugin-ml-patterns-node';

const EVIDENCE_CACHE_KEY = 'evidence';

/**
 * What the processor cache holds: the evidence as one JSON string. The
 * catalog compares every entity's cache state before and after processing
 * with a key-sorting stringify; a string costs it one escape pass where the
 * evidence object would cost a walk of every nested key, on every cycle.
 */
interface StoredEvidence {
  location: string;
  etag?: string;
  evidence: string;
}

/** The processor cache of one entity, holding its last evidence and ETag. */
export function processorEvidenceCache(
  cache: CatalogProcessorCache,
): EvidenceCache {
  return {
    async get(location: string) {
      const stored = await cache.get<any>(EVIDENCE_CACHE_KEY);
      if (!stored || stored.location !== location) {
        return undefined;
      }
      if (typeof stored.evidence !== 'string') {
        // Written by an older version, as an object.
        return stored as CachedEvidence;
      }
      try {
        return { ...stored, evidence: JSON.parse(stored.evidence) };
      } catch {
        return undefined; // unreadable: read the repository again
      }
    },
    async set(value: CachedEvidence) {
      const stored: StoredEvidence = {
        location: value.location,
        etag: value.etag,
        evidence: JSON.stringify(value.evidence),
      };
      await cache.set(EVIDENCE_CACHE_KEY, stored as any);
    },
  };
}
