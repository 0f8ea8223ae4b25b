import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { changingCatalog } from '../__testUtils__/changingCatalog';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { ScorecardService } from './ScorecardService';
import { StampedSnapshot } from './StampedSnapshot';
import { toStampedEntity } from './stampedEntity';
import { entitySearchRows } from './table/entitySearchRows';
import { StampTable } from './table/StampTable';
import { StampTableAccess } from './table/StampTableAccess';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TTL = 30_000;
/** How old the table may be and answer: shorter than half the snapshot's TTL. */
const TABLE_MAX_AGE = 5_000;

const detector = (score: number) =>
  stampedEntity({
    name: 'detector',
    type: 'model-server',
    owner: 'vision-team',
    stamp: { score, grade: 'c' },
  });

describe('ScorecardService with the stamp table and the shared snapshot', () => {
  it('lets the snapshot go once the table answers, and reads afresh when the table falls behind', async () => {
    const knex = await databases.init('SQLITE_3');
    const table = await StampTable.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const { catalog, state, reads } = changingCatalog([detector(40)]);
    let now = 1_000_000;
    const permissions = mockServices.permissions.mock({
      async authorizeConditional(queries) {
        return queries.map(() => ({ result: AuthorizeResult.ALLOW }));
      },
    });
    const snapshot = new StampedSnapshot({
      catalog,
      auth: mockServices.auth({ pluginId: 'ml-patterns' }),
      logger: mockServices.logger.mock(),
      ttlMs: TTL,
      now: () => now,
    });
    const service = new ScorecardService(catalog, {
      cacheTtlMs: TTL,
      shared: { snapshot, permissions },
      table: new StampTableAccess(table, {
        permissions,
        maxAgeMs: TABLE_MAX_AGE,
        now: () => now,
      }),
    });
    const credentials = mockCredentials.user('user:default/alice');
    const score = async () =>
      (await service.scorecards({ groupBy: 'owner', credentials })).rows[0]
        ?.meanScore;

    // Before the table's first refresh: the snapshot answers.
    expect(await score()).toBe(40);
    expect(reads).toHaveLength(1);

    // The table refreshed (with a newer stamp): it answers, not the snapshot.
    const entity = detector(55);
    await table.writeStamped([
      {
        entity: toStampedEntity(entity),
        etag: 'v2',
        facts: entitySearchRows(entity),
      },
    ]);
    await table.markRefreshed(now);
    state.entities = [detector(70)];
    expect(await score()).toBe(55);
    expect(reads).toHaveLength(1);

    // The table falls behind while the snapshot's read would still serve: it
    // was let go, so the catalog is read again rather than the old read served.
    now += TABLE_MAX_AGE + 1;
    expect(await score()).toBe(70);
    expect(reads).toHaveLength(2);
  });
});
