import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { locationKey } from './RepositoryEvidenceTable';

const TABLE = 'ml_patterns_repository_read_leases';

/**
 * Replicas taking turns to read a repository location from its source.
 */
export interface ReadLeases {
  /**
   * Takes the lease of `location`, or an expired one over. Resolves to a
   * token to release it with, or undefined when another holder has it.
   */
  take(location: string): Promise<string | undefined>;
  /** Resolves once `location`'s lease is released or has expired. */
  waitUntilFree(location: string): Promise<void>;
  release(location: string, token: string): Promise<void>;
}

/**
 * Leases on reading repository locations, in the catalog's database: a row
 * per location being read, saying by which read and until when. Replicas
 * that meet a new commit at the same moment would otherwise all download
 * it (Backstage's SCM readers revalidate an ETag and download in one call,
 * so the commit is not known before the download starts: the lease is on
 * the location's read). One takes the lease and reads; the others wait for
 * it to end, then find the new evidence in the evidence table.
 *
 * A lease ends when its read has stored what it read, or when it expires:
 * a replica killed mid-read blocks the others at most `leaseMs`, after
 * which one takes it over. The expiry is each replica's own clock (kept
 * within seconds of each other, as NTP does), so it is held well beyond
 * the longest read, not to the second.
 */
export class RepositoryReadLeases implements ReadLeases {
  constructor(
    private readonly db: Knex,
    private readonly options: {
      /** How long a read may hold a location before another takes over. */
      leaseMs: number;
      /** How often a waiting replica looks at the lease again. */
      pollMs: number;
      /** The clock (tests). */
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  async take(location: string): Promise<string | undefined> {
    const key = locationKey(location);
    const token = randomUUID();
    const expiresAt = this.now() + this.options.leaseMs;
    await this.db(TABLE)
      .insert({
        location_key: key,
        location,
        holder: token,
        expires_at: expiresAt,
      })
      .onConflict('location_key')
      .ignore();
    const row = await this.db(TABLE)
      .where({ location_key: key })
      .first('holder', 'expires_at');
    if (row?.holder === token) return token;
    // Held by another read (or released just now: the caller tries again).
    if (!row || Number(row.expires_at) > this.now()) return undefined;
    // Expired: its holder died or overran. Taken over only if nobody else
    // took it since (the holder is compared), so one replica gets it.
    const taken = await this.db(TABLE)
      .where({ location_key: key, holder: row.holder })
      .update({ holder: token, expires_at: expiresAt });
    return taken === 1 ? token : undefined;
  }

  async waitUntilFree(location: string): Promise<void> {
    const key = locationKey(location);
    for (;;) {
      const row = await this.db(TABLE)
        .where({ location_key: key })
        .first('expires_at');
      if (!row || Number(row.expires_at) <= this.now()) return;
      await new Promise(resolve => setTimeout(resolve, this.options.pollMs));
    }
  }

  async release(location: string, token: string): Promise<void> {
    await this.db(TABLE)
      .where({ location_key: locationKey(location), holder: token })
      .delete();
  }
}
