/*
 * Rows of the real catalog's tables (its migrations) written as its
 * processing and stitching write them, for the harness's database tests.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';

/** The catalog's tables, migrated. */
export async function migrateCatalog(knex: Knex) {
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@backstage/plugin-catalog-backend',
      'migrations',
    ),
  });
}

/** A Component of the default namespace with these annotations. */
export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-0', lifecycle: 'production' },
  };
}

/**
 * One processed entity whose row is not due (processed an hour from now,
 * as the parked loop leaves it); stitched too unless `stitched` is false,
 * with its annotations searchable. Returns its ref.
 */
export async function store(
  knex: Knex,
  entity: Entity,
  stitched = true,
): Promise<string> {
  const ref = `component:default/${entity.metadata.name}`;
  const id = `id-${entity.metadata.name}`;
  await knex('refresh_state').insert({
    entity_id: id,
    entity_ref: ref,
    unprocessed_entity: JSON.stringify(entity),
    errors: '[]',
    next_update_at: new Date(Date.now() + 3600_000),
    last_discovery_at: knex.fn.now(),
  });
  if (!stitched) return ref;
  await knex('final_entities').insert({
    entity_id: id,
    entity_ref: ref,
    final_entity: JSON.stringify(entity),
    hash: id,
  });
  const annotations = entity.metadata.annotations ?? {};
  const rows = Object.entries(annotations).map(([key, value]) => ({
    entity_id: id,
    key: `metadata.annotations.${key}`.toLowerCase(),
    value: value.toLowerCase(),
    original_value: value,
  }));
  if (rows.length) await knex('search').insert(rows);
  return ref;
}

/** The refs of the rows due now, sorted. */
export async function dueRefs(knex: Knex): Promise<string[]> {
  const rows: Array<{ entity_ref: string }> = await knex('refresh_state')
    .where('next_update_at', '<=', knex.fn.now())
    .select('entity_ref');
  return rows.map(r => r.entity_ref).sort();
}
