/*
 * The harness's poll of how many entities are stamped counts them in the
 * catalog's search table; it must agree with the stamps stored in the
 * entities themselves. The tables are the real catalog's (its migrations);
 * the rows are written as the catalog's stitching writes them.
 *
 * Needs PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (scripts/postgres.sh starts one); without it, TestDatabases leaves the
 * PostgreSQL case out, as in the repository's other database tests.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { countStamped, readStamps } from './sharedCatalog';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-0', lifecycle: 'production' },
  };
}

/** One processed and stitched entity, with its annotations searchable. */
async function store(knex: Knex, entity: Entity, stitched = true) {
  const ref = `component:default/${entity.metadata.name}`;
  const id = `id-${entity.metadata.name}`;
  await knex('refresh_state').insert({
    entity_id: id,
    entity_ref: ref,
    unprocessed_entity: JSON.stringify(entity),
    errors: '[]',
    next_update_at: knex.fn.now(),
    last_discovery_at: knex.fn.now(),
  });
  if (!stitched) return;
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
}

describe('countStamped', () => {
  it.each(databases.eachSupportedId())(
    'counts the entities stamped with a role, as the stored entities say (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@backstage/plugin-catalog-backend',
          'migrations',
        ),
      });
      const stamps = {
        'ml-patterns.io/role': 'serving',
        'ml-patterns.io/grade': 'B',
      };
      await store(knex, component('served-a', stamps));
      await store(knex, component('served-b', stamps));
      // An input annotation is no stamp.
      await store(
        knex,
        component('model-input', {
          'ml-patterns.io/required-libraries': 'torch==2.2.2',
        }),
      );
      await store(
        knex,
        component('plain', { 'backstage.io/techdocs-ref': 'dir:.' }),
      );
      // Processed, not stitched yet: not in the catalog's answers either.
      await store(knex, component('unstitched', stamps), false);

      const withRole = [...(await readStamps(knex)).values()].filter(line =>
        line.includes('ml-patterns.io/role='),
      );
      expect(withRole).toHaveLength(2);
      expect(await countStamped(knex)).toBe(withRole.length);
    },
  );
});
