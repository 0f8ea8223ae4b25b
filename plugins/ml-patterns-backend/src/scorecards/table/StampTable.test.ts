import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { stampedEntity } from '../../__testUtils__/stampedEntities';
import { toStampedEntity } from '../stampedEntity';
import { entitySearchRows } from './entitySearchRows';
import { StampTable } from './StampTable';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('StampTable on %s', databaseId => {
  it('writes, replaces and removes entities with all their fields', async () => {
    const knex = await databases.init(databaseId);
    const table = await StampTable.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    expect(await table.refreshedAt()).toBeUndefined();
    // More field rows in one write than SQLite takes in one INSERT.
    const entities = Array.from({ length: 60 }, (_, i) =>
      stampedEntity({
        name: `server-${i}`,
        owner: 'team-a',
        system: `system-${i % 3}`,
        stamp: { score: i, grade: 'C', failedChecks: ['only-me/code-review'] },
      }),
    );
    const entry = (i: number, etag: string) => ({
      entity: toStampedEntity(entities[i]),
      etag,
      facts: entitySearchRows(entities[i]),
    });
    await table.writeStamped(entities.map((_, i) => entry(i, 'v1')));
    const factsPerEntity = entitySearchRows(entities[0]).length;
    const facts = async () =>
      Number((await knex('scorecard_entity_facts').count({ n: '*' }))[0].n);
    expect(await facts()).toBe(60 * factsPerEntity);
    expect(await table.systemRefs()).toHaveLength(3);

    // Written again: replaced, not repeated.
    await table.writeStamped([entry(0, 'v2')]);
    expect(
      (await table.etags('stamped')).get('component:default/server-0'),
    ).toBe('v2');
    expect(await facts()).toBe(60 * factsPerEntity);

    await table.remove('stamped', ['component:default/server-1']);
    expect((await table.etags('stamped')).size).toBe(59);
    expect(await facts()).toBe(59 * factsPerEntity);

    await table.markRefreshed(1000);
    await table.markRefreshed(2000);
    expect(await table.refreshedAt()).toBe(2000);
  });
});
