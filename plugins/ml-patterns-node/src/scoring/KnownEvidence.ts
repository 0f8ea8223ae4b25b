import { CachedEvidence } from './EvidenceCache';
import { setNewest } from './setNewest';

/** Locations remembered by default; beyond that the oldest are forgotten. */
const DEFAULT_MAX_LOCATIONS = 2_000;

/**
 * The last evidence the processor saw of each location, with its ETag.
 *
 * Entities of one repository each keep their own copy in their processor
 * cache, but an entity that has none yet (new, or whose source became
 * known only once a related entity was stitched) can revalidate another
 * entity's copy instead of downloading the repository again.
 */
export class KnownEvidence {
  private readonly entries = new Map<string, CachedEvidence>();

  constructor(private readonly maxLocations = DEFAULT_MAX_LOCATIONS) {}

  get(location: string): CachedEvidence | undefined {
    return this.entries.get(location);
  }

  /**
   * Remembers `value` as the location's latest evidence; with
   * `onlyIfUnknown`, only when nothing is known of the location yet (a copy
   * from one entity's cache may be older than what another entity read).
   */
  remember(value: CachedEvidence, options: { onlyIfUnknown?: boolean } = {}) {
    if (!value.etag) return; // nothing to revalidate it with
    const current = this.entries.get(value.location);
    if (current && options.onlyIfUnknown) return;
    if (current?.etag === value.etag && current.evidence === value.evidence) {
      return; // the usual case: an unchanged location revalidated
    }
    setNewest(this.entries, value.location, value, this.maxLocations);
  }
}
