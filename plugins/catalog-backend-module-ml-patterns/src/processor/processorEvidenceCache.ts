import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import {
  CachedEvidence,
  EvidenceCache,
} from '@ml-patterns/plugin-ml-patterns-node';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const EVIDENCE_CACHE_KEY = 'evidence';

/**
 * What the processor cache holds: the evidence as one string, its JSON
 * deflated and in base64. The catalog reads, parses and compares (with a
 * key-sorting stringify) every entity's cache state on every cycle: a string
 * costs it one pass where the evidence object would cost a walk of every
 * nested key, and base64 has nothing to escape and is a third of the JSON.
 * Written without `encoding` (plain JSON) by earlier versions.
 */
interface StoredEvidence {
  location: string;
  etag?: string;
  evidence: string;
  encoding?: 'deflate-base64';
}

/** Inflated evidence beyond this is not ours: read the source again. */
const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

function encode(evidence: CachedEvidence['evidence']): string {
  return deflateRawSync(JSON.stringify(evidence)).toString('base64');
}

function decode(stored: StoredEvidence): CachedEvidence['evidence'] {
  const json =
    stored.encoding === 'deflate-base64'
      ? inflateRawSync(Buffer.from(stored.evidence, 'base64'), {
          maxOutputLength: MAX_INFLATED_BYTES,
        }).toString('utf8')
      : stored.evidence;
  return JSON.parse(json);
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
      return decode(stored);
    }
    const key = `${stored.location}\n${stored.etag}`;
    let evidence = this.entries.get(key);
    if (!evidence) {
      evidence = decode(stored);
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
        return {
          location: stored.location,
          etag: stored.etag,
          evidence: memo.parse(stored),
        };
      } catch {
        return undefined; // unreadable: read the repository again
      }
    },
    async set(value: CachedEvidence) {
      const stored: StoredEvidence = {
        location: value.location,
        etag: value.etag,
        evidence: encode(value.evidence),
        encoding: 'deflate-base64',
      };
      await cache.set(EVIDENCE_CACHE_KEY, stored as any);
    },
  };
}
