import { stringifyError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CachedEvidence,
  EvidenceReadTurn,
} from '@ml-patterns/plugin-ml-patterns-node';
import { decodeEvidence, encodeEvidence } from './evidenceCodec';
import { EvidenceTable } from './RepositoryEvidenceTable';
import { ReadLeases } from './RepositoryReadLeases';

/** Locations whose parsed evidence is kept in memory; the oldest go first. */
const MAX_PARSED = 2_000;

/**
 * Most leases a replica waits out for one read before it reads without a
 * turn: with two replicas it waits at most once.
 */
const MAX_WAITS = 3;

/** A turn that holds nothing (no leases, or they could not be used). */
const NO_TURN: EvidenceReadTurn = { end: async () => {} };

type Evidence = CachedEvidence['evidence'];

/**
 * The evidence of every repository location the processor scores from,
 * shared by all entities of a location: kept once in the
 * {@link EvidenceTable} (so that it survives restarts) and once parsed in
 * memory (so that an unchanged location costs nothing per entity and
 * cycle). Each entity's processing state only says which location and
 * ETag it holds: the catalog reads, parses and compares every entity's
 * state on every cycle, and with the evidence itself in it (1.3 KiB an
 * entity, deflated) that cost the catalog 70–80 ms more garbage collection
 * a cycle at 2,000 entities (`yarn bench:processing`, docs/benchmarks.md).
 */
export class SharedRepositoryEvidence {
  private readonly parsed = new Map<
    string,
    { etag: string; evidence: Evidence }
  >();
  private readonly reading = new Map<
    string,
    Promise<{ etag: string; evidence: Evidence } | undefined>
  >();

  constructor(
    private readonly table: EvidenceTable,
    private readonly logger: LoggerService,
    /** Shared with other replicas; one process needs none. */
    private readonly leases?: ReadLeases,
  ) {}

  /**
   * The latest evidence of the location: from memory when it is at
   * `etag` (the usual case: the ETag the entity holds), else from the
   * table, which may have a newer ETag than the entity's (or have the
   * location when the entity holds none).
   */
  async get(
    location: string,
    etag: string | undefined,
  ): Promise<CachedEvidence | undefined> {
    const known = this.parsed.get(location);
    if (known && known.etag === etag) {
      return { location, etag, evidence: known.evidence };
    }
    let pending = this.reading.get(location);
    if (!pending) {
      pending = this.readTable(location).finally(() =>
        this.reading.delete(location),
      );
      this.reading.set(location, pending);
    }
    const latest = await pending;
    return latest && { location, ...latest };
  }

  /**
   * Waits for this replica's turn to read `location` from its source (see
   * `RepositoryReadLeases`). When another replica has stored the location
   * at an ETag other than `etag` (while this one waited, or since it last
   * looked: a push the other met first), the turn hands that over instead.
   * Never fails: without the leases, a read goes ahead unturned.
   */
  async takeTurn(
    location: string,
    etag: string | undefined,
  ): Promise<EvidenceReadTurn> {
    const leases = this.leases;
    if (!leases) return NO_TURN;
    try {
      for (let waits = 0; waits < MAX_WAITS; waits++) {
        const token = await leases.take(location);
        if (token) {
          const latest = await this.storedOtherThan(location, etag).catch(
            () => undefined, // the table cannot tell: read the source
          );
          if (!latest) {
            return { end: () => this.endTurn(leases, location, token) };
          }
          await this.endTurn(leases, location, token);
          return { latest, end: NO_TURN.end };
        }
        await leases.waitUntilFree(location);
        const latest = await this.storedOtherThan(location, etag);
        if (latest) return { latest, end: NO_TURN.end };
        // Nothing new stored (the source was unchanged, or the read
        // failed or died): this replica's turn to read.
      }
    } catch (error) {
      this.logger.warn(
        `ml-patterns: waiting for the turn to read ${location} failed: ${stringifyError(
          error,
        )}`,
      );
    }
    return NO_TURN;
  }

  /**
   * The location's stored evidence when it is at an ETag other than
   * `etag`; its ETag alone is read first, so an unchanged row costs no
   * decoding.
   */
  private async storedOtherThan(
    location: string,
    etag: string | undefined,
  ): Promise<CachedEvidence | undefined> {
    const stored = await this.table.etagOf(location);
    if (stored === undefined || stored === etag) return undefined;
    const latest = await this.readTable(location);
    return latest && latest.etag !== etag ? { location, ...latest } : undefined;
  }

  private async endTurn(leases: ReadLeases, location: string, token: string) {
    try {
      await leases.release(location, token);
    } catch (error) {
      // The lease expires by itself.
      this.logger.warn(
        `ml-patterns: ending the turn to read ${location} failed: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  /**
   * Stores the location's evidence (read at `value.etag`) for every entity
   * of the location. Returns false when it could not be stored, so that
   * no entity points at evidence that is not there.
   */
  async put(value: CachedEvidence): Promise<boolean> {
    const { location, etag, evidence } = value;
    if (!etag) return false; // nothing to revalidate it with
    const known = this.parsed.get(location);
    if (known?.etag === etag && known.evidence === evidence) {
      return true; // stored already, by this or another entity
    }
    const readAt = evidence.readAt ? Date.parse(evidence.readAt) : NaN;
    try {
      await this.table.write(location, {
        etag,
        evidence: encodeEvidence(evidence),
        readAt: Number.isNaN(readAt) ? undefined : readAt,
      });
    } catch (error) {
      this.logger.warn(
        `ml-patterns: storing the evidence of ${location} failed: ${stringifyError(
          error,
        )}`,
      );
      return false;
    }
    this.remember(location, etag, evidence);
    return true;
  }

  private async readTable(
    location: string,
  ): Promise<{ etag: string; evidence: Evidence } | undefined> {
    let stored;
    try {
      stored = await this.table.read(location);
    } catch (error) {
      this.logger.warn(
        `ml-patterns: reading the stored evidence of ${location} failed: ${stringifyError(
          error,
        )}`,
      );
      return undefined;
    }
    if (!stored) return undefined;
    let evidence: Evidence;
    try {
      evidence = decodeEvidence(stored.evidence);
    } catch {
      return undefined; // unreadable: read the repository again
    }
    this.remember(location, stored.etag, evidence);
    return { etag: stored.etag, evidence };
  }

  private remember(location: string, etag: string, evidence: Evidence) {
    this.parsed.delete(location);
    if (this.parsed.size >= MAX_PARSED) {
      const oldest = this.parsed.keys().next();
      if (!oldest.done) this.parsed.delete(oldest.value);
    }
    this.parsed.set(location, { etag, evidence });
  }
}
