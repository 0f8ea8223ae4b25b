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
import { TestDatabases } from '@backstage/backend-test-utils';
import { countStamped, readStamps } from './sharedCatalog';
import { component, migrateCatalog, store } from './testing/catalogRows';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('countStamped', () => {
  it.each(databases.eachSupportedId())(
    'counts the entities stamped with a role, as the stored entities say (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateCatalog(knex);
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
