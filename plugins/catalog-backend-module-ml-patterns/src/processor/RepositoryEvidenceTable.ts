import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';

const TABLE = 'ml_patterns_repository_evidence';

/**
 * The catalog's database already has knex's default migrations table (the
 * catalog's own): this module keeps its migrations apart.
 */
const MIGRATIONS_TABLE = 'ml_patterns_knex_migrations';

const migrationsDir = resolvePackagePath(
  '@ml-patterns/plugin-catalog-backend-module-ml-patterns',
  'migrations',
);

/**
 * A location's stored evidence, encoded (see `encodeEvidence`).
 */
export interface StoredRepositoryEvidence {
  etag: string;
  evidence: string;
  /** When the evidence was read (ms since the epoch): a row never goes back to an earlier read. */
  readAt?: number;
}

/**
 * Where the processor keeps the latest evidence of each location, once per
 * location.
 */
export interface EvidenceTable {
  read(location: string): Promise<StoredRepositoryEvidence | undefined>;
  /** The ETag of the location's stored evidence, without the evidence. */
  etagOf(location: string): Promise<string | undefined>;
  write(location: string, stored: StoredRepositoryEvidence): Promise<void>;
}

/** A location's key in the module's tables: locations can be long URLs. */
export function locationKey(location: string): string {
  return createHash('sha256').update(location).digest('hex');
}

/**
 * The latest evidence of each repository location, in the catalog's
 * database: one row per location, however many entities share it, so the
 * processing state of each entity need only say which location and ETag it
 * was scored with. Kept across restarts, so that a restarted catalog
 * revalidates instead of downloading. Several replicas may write the same
 * row: a write of evidence read earlier than the row's is refused, so a
 * slow replica cannot move a location back to an older ETag.
 */
export class RepositoryEvidenceTable implements EvidenceTable {
  static async create(options: {
    database: DatabaseService;
  }): Promise<RepositoryEvidenceTable> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new RepositoryEvidenceTable(client);
  }

  constructor(private readonly db: Knex) {}

  async read(location: string): Promise<StoredRepositoryEvidence | undefined> {
    const row = await this.db(TABLE)
      .where({ location_key: locationKey(location) })
      .first('location', 'etag', 'evidence');
    // A hash collision would be another location's row: not ours.
    if (!row || row.location !== location) return undefined;
    return { etag: row.etag, evidence: row.evidence };
  }

  async etagOf(location: string): Promise<string | undefined> {
    const row = await this.db(TABLE)
      .where({ location_key: locationKey(location) })
      .first('location', 'etag');
    return row?.location === location ? row.etag : undefined;
  }

  async write(
    location: string,
    stored: StoredRepositoryEvidence,
  ): Promise<void> {
    const readAt = stored.readAt ?? Date.now();
    await this.db(TABLE)
      .insert({
        location_key: locationKey(location),
        location,
        etag: stored.etag,
        evidence: stored.evidence,
        read_at: readAt,
        updated_at: this.db.fn.now(),
      })
      .onConflict('location_key')
      .merge()
      .where(newer =>
        newer
          .whereNull(`${TABLE}.read_at`)
          .orWhere(`${TABLE}.read_at`, '<=', readAt),
      );
  }
}

/**
 * An {@link EvidenceTable} in memory, for a processor built without a
 * database: evidence is then downloaded again after a restart.
 */
export function inMemoryEvidenceTable(): EvidenceTable {
  const rows = new Map<string, StoredRepositoryEvidence>();
  return {
    async read(location) {
      return rows.get(location);
    },
    async etagOf(location) {
      return rows.get(location)?.etag;
    },
    async write(location, stored) {
      rows.set(location, stored);
    },
  };
}
