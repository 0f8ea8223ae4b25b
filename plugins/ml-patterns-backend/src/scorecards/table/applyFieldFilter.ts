import { Knex } from 'knex';
import { FieldFilter } from './catalogConditionFilter';
import { FACTS, FactSource } from './StampTable';

/**
 * Narrows `query` to the entities (their ref in `refColumn`) whose search
 * rows pass `filter`, the way the catalog applies a permission filter:
 * one `EXISTS` over the rows per field test, combined with AND, OR and NOT
 * (an empty AND holds, an empty OR does not).
 */
export function applyFieldFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: FieldFilter,
  refColumn: string,
  source: FactSource,
): void {
  if ('key' in filter) {
    const rows = db(`${FACTS} as fact`)
      .select(db.raw('1'))
      .whereRaw('?? = ??', ['fact.entity_ref', refColumn])
      .where('fact.source', source)
      .where('fact.key', filter.key);
    if (filter.values) {
      rows.whereIn('fact.value', filter.values);
    }
    query.whereExists(rows);
    return;
  }
  if ('not' in filter) {
    query.whereNot(inner =>
      applyFieldFilter(db, inner, filter.not, refColumn, source),
    );
    return;
  }
  if ('allOf' in filter) {
    if (filter.allOf.length === 0) {
      query.whereRaw('1 = 1');
      return;
    }
    query.where(outer => {
      for (const child of filter.allOf) {
        outer.andWhere(inner =>
          applyFieldFilter(db, inner, child, refColumn, source),
        );
      }
    });
    return;
  }
  if (filter.anyOf.length === 0) {
    query.whereRaw('1 = 0');
    return;
  }
  query.where(outer => {
    for (const child of filter.anyOf) {
      outer.orWhere(inner =>
        applyFieldFilter(db, inner, child, refColumn, source),
      );
    }
  });
}
