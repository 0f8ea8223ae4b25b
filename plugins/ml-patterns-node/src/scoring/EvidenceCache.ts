import { RepositoryEvidence } from '../evidence/types';

/**
 * What is kept between two reads of an entity's source: the location read,
 * its ETag and the evidence, so an unchanged repository is revalidated
 * rather than downloaded again.
 *
 * @public
 */
export interface CachedEvidence {
  location: string;
  etag?: string;
  evidence: RepositoryEvidence;
}

/**
 * Storage for {@link CachedEvidence}: the catalog processor cache in the
 * catalog module, the `CacheService` in the backend plugin.
 *
 * @public
 */
export interface EvidenceCache {
  get(location: string): Promise<CachedEvidence | undefined>;
  set(value: CachedEvidence): Promise<void>;
}

/** Lists longer than this are cut in the cached copy; rules only need samples. */
const MAX_LISTED = 200;

/**
 * A copy of the evidence small enough to cache for every entity: long file
 * lists (code files, notebooks, model files) keep their first entries.
 */
export function compactEvidence(
  evidence: RepositoryEvidence,
): RepositoryEvidence {
  return {
    ...evidence,
    codeFiles: evidence.codeFiles.slice(0, MAX_LISTED),
    notebooks: evidence.notebooks.slice(0, MAX_LISTED),
    modelFiles: evidence.modelFiles.slice(0, MAX_LISTED),
    problems: evidence.problems.slice(0, MAX_LISTED),
  };
}
