/*
 * Between the passes of the first cycle with the module, the harness makes
 * due again only the in-scope entities still without stamps: what the
 * catalog's own loop would have to reprocess for them, not every row.
 *
 * Needs PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (scripts/postgres.sh starts one); without it, TestDatabases leaves the
 * PostgreSQL case out, as in the repository's other database tests.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import { makeUnstampedDue } from './makeUnstampedDue';
import {
  component,
  dueRefs,
  migrateCatalog,
  store,
} from './testing/catalogRows';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe('makeUnstampedDue', () => {
  it.each(databases.eachSupportedId())(
    'makes due the in-scope entities without a role stamp, and no other row (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateCatalog(knex);
      const stamped = await store(
        knex,
        component('model-stamped', { 'ml-patterns.io/role': 'model' }),
      );
      // In scope, stitched, but not stamped yet (an input annotation is no stamp).
      const waiting = await store(
        knex,
        component('serving-waiting', {
          'ml-patterns.io/required-libraries': 'torch==2.2.2',
        }),
      );
      // In scope, processed, not stitched yet.
      const unstitched = await store(
        knex,
        component('serving-unstitched', { 'ml-patterns.io/role': 'serving' }),
        false,
      );
      // Out of scope, never stamped.
      await store(knex, component('plain', {}));
      const inScope = [stamped, waiting, unstitched];

      expect(await makeUnstampedDue(knex, inScope)).toBe(2);
      expect(await dueRefs(knex)).toEqual([unstitched, waiting].sort());
    },
  );

  it.each(databases.eachSupportedId())(
    'makes nothing due once every in-scope entity is stamped (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateCatalog(knex);
      const refs = [];
      for (let i = 0; i < 3; i++) {
        refs.push(
          await store(
            knex,
            component(`model-${i}`, { 'ml-patterns.io/role': 'model' }),
          ),
        );
      }
      await store(knex, component('plain', {}));

      expect(await makeUnstampedDue(knex, refs)).toBe(0);
      expect(await dueRefs(knex)).toEqual([]);
    },
  );
});
