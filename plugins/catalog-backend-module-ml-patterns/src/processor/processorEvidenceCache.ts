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

/** Parsed evidence kept per location and ETag; at most this many. */
const MAX_PARSED = 2_000;

/**
 * Evidence already parsed, by location and ETag. The entities of one
 * repository carry the same evidence, and an unchanged repository gives
 * the same evidence every cycle: parsing it once is enough.
 */
export class ParsedEvidenceMemo {
  private readonly entries = new Map<string, CachedEvidence['evidence']>();

  parse(stored: StoredEvidence): CachedEvidence['evidence'] {
    if (!stored.etag) {
      return JSON.parse(stored.evidence);
    }
    const key = `${stored.location}\n${stored.etag}`;
    let evidence = this.entries.get(key);
    if (!evidence) {
      evidence = JSON.parse(stored.evidence) as CachedEvidence['evidence'];
      if (this.entries.size >= MAX_PARSED) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, evidence);
    }
    return evidence;
  }
}

/** The processor cache of one entity, holding its last evidence and ETag. */
export function processorEvidenceCache(
  cache: CatalogProcessorCache,
  memo: ParsedEvidenceMemo = new ParsedEvidenceMemo(),
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
        return { ...stored, evidence: memo.parse(stored) };
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
