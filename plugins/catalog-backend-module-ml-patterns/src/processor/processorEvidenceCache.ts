import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import {
  CachedEvidence,
  EvidenceCache,
} from '@ml-patterns/plugin-ml-patterns-node';
import { SharedRepositoryEvidence } from './SharedRepositoryEvidence';

const EVIDENCE_CACHE_KEY = 'evidence';

/**
 * What an entity's processor cache holds: which location's evidence it
 * was scored with, at which ETag. The evidence itself is the location's,
 * in {@link SharedRepositoryEvidence}.
 */
type EvidencePointer = {
  location: string;
  etag: string;
};

/**
 * The processor cache of one entity as an {@link EvidenceCache}: the
 * entity's last evidence and ETag, the evidence shared by every entity of
 * its location.
 */
export function processorEvidenceCache(
  cache: CatalogProcessorCache,
  shared: SharedRepositoryEvidence,
): EvidenceCache {
  const point = (location: string, etag: string) =>
    cache.set(EVIDENCE_CACHE_KEY, { location, etag } as EvidencePointer);
  return {
    async get(location: string) {
      const stored = await cache.get<Partial<EvidencePointer>>(
        EVIDENCE_CACHE_KEY,
      );
      // Without a pointer to this location (a new entity, a moved source),
      // the location's latest evidence is still worth revalidating: another
      // entity or replica may have downloaded it already.
      const etag =
        stored?.location === location && typeof stored.etag === 'string'
          ? stored.etag
          : undefined;
      const latest = await shared.get(location, etag);
      if (latest && latest.etag !== etag) {
        // Another entity (or replica) has read the location since.
        await point(location, latest.etag!);
      }
      return latest;
    },
    async set(value: CachedEvidence) {
      if (await shared.put(value)) await point(value.location, value.etag!);
    },
    takeTurn: (location, etag) => shared.takeTurn(location, etag),
  };
}
