import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { PgConnection } from './replica/ReplicaOptions';

/** The PostgreSQL server the replicas share, and the prefix of their catalog's database. */
export interface SharedCatalog {
  connection: PgConnection;
  prefix: string;
}

/** A fresh database name prefix, so that runs never meet each other's rows. */
export function freshPrefix(label: string): string {
  return `mlp_${label}_${randomBytes(4).toString('hex')}_`;
}

function withoutDatabase(connection: SharedCatalog['connection']) {
  if (typeof connection === 'string') return connection;
  const { database: _database, ...rest } = connection;
  return rest;
}

/** The catalog's database, once a replica has created it. */
export function openCatalogDatabase(shared: SharedCatalog): Knex {
  return openPluginDatabase(shared, 'catalog');
}

/** A plugin's database (`<prefix><pluginId>`), once a replica has created it. */
export function openPluginDatabase(
  shared: SharedCatalog,
  pluginId: string,
): Knex {
  const database = `${shared.prefix}${pluginId}`;
  let connection: PgConnection;
  if (typeof shared.connection === 'string') {
    const url = new URL(shared.connection);
    url.pathname = `/${database}`;
    connection = url.toString();
  } else {
    connection = { ...shared.connection, database };
  }
  return knexFactory({ client: 'pg', connection, pool: { min: 0, max: 2 } });
}

/** Drops every database of the replicas' plugins (the catalog's, the backend plugin's). */
export async function dropCatalogDatabase(shared: SharedCatalog) {
  const admin = knexFactory({
    client: 'pg',
    connection: withoutDatabase(shared.connection),
  });
  try {
    const { rows } = await admin.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [shared.prefix],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}

/** The `ml-patterns.io/*` annotations of a stored entity, as one line (sorted keys). */
function stampsOf(finalEntity: string): string {
  const annotations: Record<string, string> =
    JSON.parse(finalEntity).metadata.annotations ?? {};
  return Object.keys(annotations)
    .filter(key => key.startsWith('ml-patterns.io/'))
    .sort()
    .map(key => `${key}=${annotations[key]}`)
    .join(' ');
}

/**
 * The `ml-patterns.io/*` annotations of every entity that has any, by
 * entity ref, as one line (sorted keys): what a replica stamped.
 */
export async function readStamps(knex: Knex): Promise<Map<string, string>> {
  const rows: Array<{ entity_ref: string; final_entity: string | null }> =
    await knex('final_entities').select('entity_ref', 'final_entity');
  const stamps = new Map<string, string>();
  for (const { entity_ref, final_entity } of rows) {
    if (!final_entity) continue;
    const ours = stampsOf(final_entity);
    if (ours) stamps.set(entity_ref, ours);
  }
  return stamps;
}

/**
 * How many entities carry the role stamp (`ml-patterns.io/role`), counted in
 * the catalog's search table: an index read of the stamped entities alone,
 * cheap enough to poll. {@link readStamps} reads and parses every stored
 * entity, a cost that grows with the whole catalog on every call.
 */
export async function countStamped(knex: Knex): Promise<number> {
  const [{ n }] = await knex('search')
    .where('key', `metadata.annotations.${OUTPUT_ANNOTATIONS.role}`)
    .countDistinct({ n: 'entity_id' });
  return Number(n);
}

/** The stamps of one entity (as {@link readStamps}); '' when it has none. */
export async function readStamp(
  knex: Knex,
  entityRef: string,
): Promise<string> {
  const row = await knex('final_entities')
    .where({ entity_ref: entityRef })
    .first('final_entity');
  return row?.final_entity ? stampsOf(row.final_entity) : '';
}

/** One row of the module's evidence table, checked. */
export interface EvidenceRow {
  location: string;
  etag: string;
  /**
   * The commit the row was read at: the stand-in GitHub's ETag, which the
   * module stores behind its analyzers' version (`analysis-<n>:<sha>`).
   */
  commit: string;
  /** Whether the stored evidence decodes (deflated JSON in base64) and names its location. */
  readable: boolean;
  bytes: number;
}

/** The module's evidence table, every row decoded. */
export async function readEvidenceRows(knex: Knex): Promise<EvidenceRow[]> {
  const rows: Array<{ location: string; etag: string; evidence: string }> =
    await knex('ml_patterns_repository_evidence').select(
      'location',
      'etag',
      'evidence',
    );
  return rows.map(({ location, etag, evidence }) => {
    let readable = false;
    try {
      const decoded = JSON.parse(
        inflateRawSync(Buffer.from(evidence, 'base64')).toString('utf8'),
      );
      readable = decoded?.status === 'ok' && decoded?.location === location;
    } catch {
      readable = false;
    }
    const commit = etag.slice(etag.lastIndexOf(':') + 1);
    return { location, etag, commit, readable, bytes: evidence.length };
  });
}
