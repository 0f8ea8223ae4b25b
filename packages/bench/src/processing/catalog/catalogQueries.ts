import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { Catalog } from './startCatalog';

/** Rows of a table of the catalog's database. */
export async function countRows(
  knex: any,
  table: string,
  where?: (q: any) => void,
) {
  const query = knex(table).count({ n: '*' });
  if (where) where(query);
  const [{ n }] = await query;
  return Number(n);
}

/** Entities the catalog API finds for `filter`. */
export async function countStamped(
  server: any,
  filter: string,
): Promise<number> {
  const res = await request(server)
    .get('/api/catalog/entities/by-query')
    .query({ filter, limit: 1 })
    .set('Authorization', mockCredentials.service.header());
  if (res.status !== 200) {
    throw new Error(`catalog answered ${res.status} for ${filter}`);
  }
  return res.body.totalItems;
}

/**
 * Entities whose ml-patterns processor cache points at evidence (its
 * location and ETag; the evidence is in the module's table),
 * and the size of all processing state (the catalog reads, parses and
 * compares it for every entity on every pass).
 */
export async function countCachedEvidence(
  knex: any,
): Promise<{ count: number; stateBytes: number }> {
  const rows: Array<{ cache: string | null }> = await knex(
    'refresh_state',
  ).select('cache');
  let n = 0;
  let stateBytes = 0;
  for (const { cache } of rows) {
    stateBytes += Buffer.byteLength(cache ?? '');
    // The processing state: { ttl, cache: { <processor name>: { <key>: … } } }
    if (JSON.parse(cache ?? '{}')?.cache?.MlPatternsProcessor?.evidence?.etag) {
      n++;
    }
  }
  return { count: n, stateBytes };
}

/** The ml-patterns.io annotations of every entity, one line each. */
export async function readStamps(catalog: Catalog): Promise<string[]> {
  const knex = await catalog.knex();
  const rows: Array<{ entity_ref: string; final_entity: string }> = await knex(
    'final_entities',
  ).select('entity_ref', 'final_entity');
  return rows
    .map(({ entity_ref, final_entity }) => {
      const annotations = JSON.parse(final_entity).metadata.annotations ?? {};
      const ours = Object.keys(annotations)
        .filter(k => k.startsWith('ml-patterns.io/'))
        .sort()
        .map(k => `${k}=${annotations[k]}`);
      return `${entity_ref} ${ours.join(' ')}`;
    })
    .sort();
}
