import { fileCounts, RepositoryEvidence } from '../evidence/types';

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
 * Storage for {@link CachedEvidence}, one entity's copy: the catalog module
 * keeps it in the entity's processor cache.
 *
 * @public
 */
export interface EvidenceCache {
  get(location: string): Promise<CachedEvidence | undefined>;
  set(value: CachedEvidence): Promise<void>;
  /**
   * Waits for this reader's turn to read `location` from its source (a
   * revalidation of `etag`, and a download if the location has changed),
   * for a cache shared by readers in several processes (catalog
   * replicas): without turns, replicas that meet a new commit at the same
   * moment all download it. Optional: a cache of one process needs none.
   */
  takeTurn?(
    location: string,
    etag: string | undefined,
  ): Promise<EvidenceReadTurn>;
}

/**
 * A reader's turn to read a location from its source (see
 * {@link EvidenceCache.takeTurn}).
 *
 * @public
 */
export interface EvidenceReadTurn {
  /**
   * Evidence of the location another reader stored, at an ETag other than
   * the one to revalidate, while this one waited: use it instead of
   * reading the source.
   */
  latest?: CachedEvidence;
  /** Ends the turn, once what was read is `set`: the next reader may go. */
  end(): Promise<void>;
}

/**
 * Entries kept of the file lists in the cached copy: rules show a few of
 * them and count them all (`counts`). The lists are most of the evidence
 * of a large repository, and the catalog reads, parses and compares every
 * entity's cached copy on every processing cycle.
 */
const MAX_LISTED_FILES = 20;

/** Parse problems kept in the cached copy. */
const MAX_PROBLEMS = 200;

/**
 * A copy of the evidence small enough to cache for every entity: the file
 * lists (code files, notebooks, model files) keep their first entries and
 * their full counts.
 */
export function compactEvidence(
  evidence: RepositoryEvidence,
): RepositoryEvidence {
  return {
    ...evidence,
    counts: fileCounts(evidence),
    codeFiles: evidence.codeFiles.slice(0, MAX_LISTED_FILES),
    notebooks: evidence.notebooks.slice(0, MAX_LISTED_FILES),
    modelFiles: evidence.modelFiles.slice(0, MAX_LISTED_FILES),
    problems: evidence.problems.slice(0, MAX_PROBLEMS),
  };
}
