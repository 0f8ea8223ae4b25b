import { Knex } from 'knex';
import { FieldFilter } from './catalogConditionFilter';
import { FACTS, FactSource } from './StampTable';

/** The rows a filter narrows: their ref and kind columns, whose fields. */
export interface FilteredTable {
  refColumn: string;
  /** The lower-cased kind. */
  kindColumn: string;
  source: FactSource;
}

/**
 * Narrows `query` to the entities (their ref in `refColumn`) whose search
 * rows pass `filter`, the way the catalog applies a permission filter
 * (there with one `EXISTS` over its search rows per field test): here the
 * ref is among those having the field, and the tests are combined with
 * AND, OR and NOT (an empty AND holds, an empty OR does not).
 */
export function applyFieldFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: FieldFilter,
  table: FilteredTable,
): void {
  const { refColumn, kindColumn, source } = table;
  if ('key' in filter && filter.key === 'kind') {
    // Every entity has exactly one `kind` row, its lower-cased kind, which
    // the table keeps in a column: no lookup of the field rows.
    if (filter.values) {
      query.whereIn(kindColumn, filter.values);
    } else {
      query.whereRaw('1 = 1');
    }
    return;
  }
  if ('key' in filter) {
    // The refs having the field, as one uncorrelated set: the database
    // reads it once (a hash or an index of it) rather than once per row.
    const having = db(FACTS)
      .select('entity_ref')
      .where('source', source)
      .where('key', filter.key);
    if (filter.values) {
      having.whereIn('value', filter.values);
    }
    query.whereIn(refColumn, having);
    return;
  }
  if ('not' in filter) {
    query.whereNot(inner => applyFieldFilter(db, inner, filter.not, table));
    return;
  }
  if ('allOf' in filter) {
    if (filter.allOf.length === 0) {
      query.whereRaw('1 = 1');
      return;
    }
    query.where(outer => {
      for (const child of filter.allOf) {
        outer.andWhere(inner => applyFieldFilter(db, inner, child, table));
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
      outer.orWhere(inner => applyFieldFilter(db, inner, child, table));
    }
  });
}
