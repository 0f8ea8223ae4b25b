import { Knex } from 'knex';
import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { retryOnDeadlock } from './retryOnDeadlock';

/** Refs per `UPDATE … WHERE entity_ref IN (…)`, well under PostgreSQL's bind limit. */
const CHUNK = 1000;

/**
 * Makes due again only the `refresh_state` rows of the in-scope entities
 * that carry no role stamp (`ml-patterns.io/role`) yet, and returns how
 * many. Entities in scope through a relation (a service serving a model
 * another replica processed) are stamped at their next processing once
 * the relation is stitched; the catalog's own loop would reprocess them
 * then, and nothing else needs to run again for them. Stamps are read
 * from the catalog's search table, as the catalog answers queries.
 */
export async function makeUnstampedDue(
  db: Knex,
  inScopeRefs: readonly string[],
): Promise<number> {
  const stamped = new Set(
    (
      await db('refresh_state')
        .whereIn(
          'entity_id',
          db('search')
            .where('key', `metadata.annotations.${OUTPUT_ANNOTATIONS.role}`)
            .select('entity_id'),
        )
        .select('entity_ref')
    ).map((row: { entity_ref: string }) => row.entity_ref),
  );
  const unstamped = inScopeRefs.filter(ref => !stamped.has(ref));
  for (let i = 0; i < unstamped.length; i += CHUNK) {
    const chunk = unstamped.slice(i, i + CHUNK);
    await retryOnDeadlock(() =>
      db('refresh_state')
        .whereIn('entity_ref', chunk)
        .update({ next_update_at: db.fn.now() }),
    );
  }
  return unstamped.length;
}
