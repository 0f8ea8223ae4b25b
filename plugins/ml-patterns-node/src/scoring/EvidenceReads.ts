import { LoggerService } from '@backstage/backend-plugin-api';
import { isError, stringifyError } from '@backstage/errors';
import {
  RepositoryEvidenceReader,
  RepositoryEvidenceReadResult,
  SourceLocation,
} from '../evidence/read';
import { RepositoryEvidence, unavailableEvidence } from '../evidence/types';
import { compactEvidence, EvidenceCache } from './EvidenceCache';
import { KnownEvidence } from './KnownEvidence';
import { setNewest } from './setNewest';
import { TtlCache } from './TtlCache';

/**
 * How long the outcome of reading a local folder is shared by the entities
 * that read it: the services and models of one repository read it once per
 * processing cycle, not once each, and a change is seen within seconds.
 */
const LOCAL_READ_SHARING_MS = 15_000;

/** Locations whose last confirmation time is remembered. */
const MAX_CONFIRMED_LOCATIONS = 5_000;

/**
 * Reads entities' repository evidence for one scorer, sparing the sources:
 * entities that read the same location within a short time share one read,
 * and a location read before is revalidated (a conditional request on its
 * ETag) instead of downloaded again. When a read fails for a reason that
 * may pass (an SCM error, a rate limit, a time-out), the last good evidence
 * is used, marked stale, until it is older than `maxStaleAgeMs`.
 */
export class EvidenceReads {
  /** Read outcomes of SCM locations, shared for `scmSharingMs`. */
  private readonly scmReads: TtlCache<RepositoryEvidenceReadResult>;
  /** Read outcomes of local folders (no ETags to spare: read fresh). */
  private readonly localReads = new TtlCache<RepositoryEvidenceReadResult>(
    LOCAL_READ_SHARING_MS,
    1_000,
  );
  /** The latest evidence read of each SCM location, to revalidate. */
  private readonly known = new KnownEvidence();
  /** When each location's evidence was last read or confirmed unchanged. */
  private readonly confirmedAt = new Map<string, number>();
  /** Stale copies handed out, one per evidence object, so an unchanged outage scores once. */
  private readonly staleCopies = new WeakMap<
    RepositoryEvidence,
    RepositoryEvidence
  >();

  constructor(
    private readonly options: {
      reader: RepositoryEvidenceReader;
      logger: LoggerService;
      /**
       * How long the outcome of reading an SCM location (a download or a
       * revalidation) is shared: each read is an API call against the
       * integration's rate limit, and a push is noticed at most this much
       * later.
       */
      scmSharingMs: number;
      /** See `mlPatterns.evidence.maxStaleAge`. */
      maxStaleAgeMs: number;
      /** The clock (tests). */
      now: () => number;
    },
  ) {
    this.scmReads = new TtlCache(options.scmSharingMs, 2_000);
  }

  /**
   * The evidence at `location` for the entity `entityRef` (named in log
   * lines). `cache` is the entity's own copy of it, if it keeps one: it is
   * revalidated first, and updated with what is read.
   */
  async read(
    entityRef: string,
    location: SourceLocation,
    cache?: EvidenceCache,
  ): Promise<RepositoryEvidence> {
    const { reader, logger } = this.options;
    const locationRef = `${location.type}:${location.target}`;
    // A local folder is read confined to the repository of the catalog
    // file naming it: reads of one folder for different catalog files are
    // not the same read.
    const readKey =
      location.type === 'url'
        ? locationRef
        : `${locationRef}\n${location.repositoryRoot ?? ''}\n${
            location.catalogFolder ?? ''
          }`;
    // The latest copy of a SCM location is revalidated; local folders are
    // read fresh (no ETags to spare).
    const known = location.type === 'url' ? this.known : undefined;
    const sharing = location.type === 'url' ? this.scmReads : this.localReads;
    try {
      const own = await cache?.get(locationRef);
      if (own) known?.remember(own, { onlyIfUnknown: true });
      // Without a copy of its own, an entity revalidates the latest one
      // another entity of the same location holds.
      const cached = own ?? known?.get(locationRef);
      const etag = cached?.etag;
      const result = await sharing.getOrLoad(
        `${readKey}\n${etag ?? ''}`,
        async () => {
          // Other processes sharing the cache (catalog replicas) read the
          // location one at a time, so a new commit is downloaded once.
          const turn =
            location.type === 'url'
              ? await cache?.takeTurn?.(locationRef, etag)
              : undefined;
          if (turn?.latest) {
            // Read by another process while this one waited: no second read.
            sharing.prime(`${readKey}\n${turn.latest.etag}`, {
              notModified: true,
            });
            return {
              notModified: false as const,
              etag: turn.latest.etag,
              evidence: turn.latest.evidence,
            };
          }
          try {
            const read = await reader.read(location, { etag });
            if (read.notModified) {
              return read;
            }
            if (read.etag) {
              // The location is now known to be at this ETag: entities that
              // hold it need not ask again within the interval either.
              sharing.prime(`${readKey}\n${read.etag}`, {
                notModified: true,
              });
            }
            const evidence = compactEvidence(read.evidence);
            if (evidence.status === 'ok') {
              evidence.readAt = new Date(this.options.now()).toISOString();
            }
            if (turn && read.etag && !read.transient) {
              // Stored before the turn ends: the next process finds it.
              await cache!.set({
                location: locationRef,
                etag: read.etag,
                evidence,
              });
            }
            return { ...read, evidence };
          } finally {
            await turn?.end();
          }
        },
      );
      if (result.notModified && cached) {
        this.confirm(locationRef);
        known?.remember(cached);
        if (!own && cache) await cache.set(cached);
        return cached.evidence;
      }
      if (result.notModified) {
        // An ETag without cached evidence cannot happen; read again in full.
        const fresh = await reader.read(location);
        return fresh.notModified
          ? unavailableEvidence(
              'repository unchanged but no cached evidence',
              locationRef,
            )
          : fresh.evidence;
      }
      const evidence = result.evidence; // compacted when read
      if (result.transient && cached && cached.evidence.status === 'ok') {
        return this.staleOrUnavailable(cached.evidence, evidence, locationRef);
      }
      if (evidence.status === 'ok') this.confirm(locationRef);
      if (result.etag) {
        const read = { location: locationRef, etag: result.etag, evidence };
        known?.remember(read);
        if (cache) await cache.set(read);
      }
      return evidence;
    } catch (error) {
      logger.warn(
        `ml-patterns: ${entityRef}: reading ${locationRef} failed: ${stringifyError(
          error,
        )}`,
      );
      return unavailableEvidence(
        `could not read ${locationRef}: ${
          isError(error) ? error.message : String(error)
        }`,
        locationRef,
      );
    }
  }

  private confirm(locationRef: string) {
    setNewest(
      this.confirmedAt,
      locationRef,
      this.options.now(),
      MAX_CONFIRMED_LOCATIONS,
    );
  }

  /**
   * The last good evidence of a location whose latest read failed for a
   * reason that may pass, marked stale; past `maxStaleAge` since it was
   * last read or confirmed, the failure itself (not scored).
   */
  private staleOrUnavailable(
    good: RepositoryEvidence,
    failed: RepositoryEvidence,
    locationRef: string,
  ): RepositoryEvidence {
    const { now, maxStaleAgeMs } = this.options;
    const reason = failed.reason ?? 'the repository could not be read';
    let since = this.confirmedAt.get(locationRef);
    if (since === undefined) {
      const readAt = good.readAt ? Date.parse(good.readAt) : NaN;
      // Evidence without a read time: its age counts from this failure.
      since = Number.isNaN(readAt) ? now() : readAt;
      this.confirmedAt.set(locationRef, since);
    }
    if (now() - since > maxStaleAgeMs) {
      return unavailableEvidence(
        `${reason} (the last good read, ${new Date(
          since,
        ).toISOString()}, is older than the maximum age of stale evidence)`,
        locationRef,
      );
    }
    const readAt = new Date(since).toISOString();
    const copy = this.staleCopies.get(good);
    if (copy?.stale?.reason === reason && copy.stale.readAt === readAt) {
      return copy;
    }
    const stale = { ...good, stale: { reason, readAt } };
    this.staleCopies.set(good, stale);
    return stale;
  }
}
