import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { changingCatalog } from '../__testUtils__/changingCatalog';
import { entityDay } from '../__testUtils__/entityDays';
import { visionTeamOnly } from '../__testUtils__/ownerConditionalDecision';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { ScorecardService } from '../scorecards/ScorecardService';
import { HistoryStore } from './HistoryStore';
import { ScorecardHistory } from './ScorecardHistory';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TEAM = 'group:default/vision-team';
const RESTRICTED = 'user:default/restricted';
const alice = mockCredentials.user('user:default/alice');
const restricted = mockCredentials.user(RESTRICTED);

/** The catalog today: the detector, visible to everyone; a new team. */
const catalogEntities = [
  stampedEntity({
    name: 'detector',
    owner: 'vision-team',
    stamp: { score: 40, grade: 'e' },
  }),
  stampedEntity({
    name: 'newcomer',
    owner: 'new-team',
    stamp: { score: 90, grade: 'a' },
  }),
];
/** Only this one is hidden from RESTRICTED. */
const HIDDEN = 'component:default/classifier';

describe.each(databases.eachSupportedId())(
  'ScorecardHistory on %s',
  databaseId => {
    async function setup(options: { withPermissions: boolean }) {
      const knex = await databases.init(databaseId);
      const store = await HistoryStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const { catalog } = changingCatalog(
        [
          ...catalogEntities,
          stampedEntity({
            name: 'classifier',
            owner: 'vision-team',
            stamp: { score: 90, grade: 'a' },
          }),
        ],
        {
          visibleTo: (entity, caller) =>
            (caller.principal as { userEntityRef?: string }).userEntityRef !==
              RESTRICTED ||
            stringifyEntityRef(entity).toLocaleLowerCase('en-US') !== HIDDEN,
        },
      );
      const permissions = mockServices.permissions.mock({
        async authorizeConditional(queries, request) {
          const principal = request.credentials.principal as {
            userEntityRef?: string;
          };
          return queries.map(() =>
            principal.userEntityRef === RESTRICTED
              ? visionTeamOnly
              : { result: AuthorizeResult.ALLOW },
          );
        },
      });
      const history = new ScorecardHistory({
        store,
        catalog,
        permissions: options.withPermissions ? permissions : undefined,
        scorecards: new ScorecardService(catalog),
      });

      // Earlier versions' aggregated rows up to the 19th, entity rows from
      // the 20th on.
      const legacy = (day: string) => ({
        group_by: 'owner',
        group_ref: TEAM,
        day,
        entity_count: 3,
        mean_score: 50,
        mean_coverage: 1,
        ungraded: 0,
        all_in_one: 0,
        only_me: 0,
        grades: JSON.stringify({ A: 1, B: 0, C: 0, D: 0, E: 1, F: 0 }),
      });
      await knex('scorecard_snapshots').insert([
        legacy('2026-11-19'),
        legacy('2026-11-20'),
      ]);
      await store.writeDay('2026-11-20', [
        entityDay('component:default/detector', {
          ownerRef: TEAM,
          score: 40,
          grade: 'E',
        }),
        entityDay(HIDDEN, { ownerRef: TEAM, score: 90, grade: 'A' }),
      ]);

      const historyOf = (groupRef: string, credentials: BackstageCredentials) =>
        history.history({
          groupBy: 'owner',
          groupRef,
          fromDay: '2026-11-01',
          credentials,
        });
      return { historyOf };
    }

    const daysAndCounts = (result: {
      snapshots: { day: string; entityCount: number; meanScore: unknown }[];
    }) => result.snapshots.map(s => [s.day, s.entityCount, s.meanScore]);

    it("gives an ALLOW caller earlier versions' snapshots for the days before the entity rows", async () => {
      const { historyOf } = await setup({ withPermissions: true });
      // The 20th from the entity rows, not the aggregated row of that day.
      expect(daysAndCounts(await historyOf(TEAM, alice))).toEqual([
        ['2026-11-19', 3, 50],
        ['2026-11-20', 2, 65],
      ]);
    });

    it('gives a CONDITIONAL caller only entity rows, which can be filtered', async () => {
      const { historyOf } = await setup({ withPermissions: true });
      expect(daysAndCounts(await historyOf(TEAM, restricted))).toEqual([
        ['2026-11-20', 1, 40],
      ]);
    });

    it('counts every caller as CONDITIONAL without a permission service', async () => {
      const { historyOf } = await setup({ withPermissions: false });
      expect(daysAndCounts(await historyOf(TEAM, alice))).toEqual([
        ['2026-11-20', 2, 65],
      ]);
      expect(daysAndCounts(await historyOf(TEAM, restricted))).toEqual([
        ['2026-11-20', 1, 40],
      ]);
    });

    it('answers a visible group without history yet with no snapshots, a missing one with a 404', async () => {
      const { historyOf } = await setup({ withPermissions: true });
      for (const caller of [alice, restricted]) {
        await expect(
          historyOf('group:default/new-team', caller),
        ).resolves.toEqual({
          groupRef: 'group:default/new-team',
          snapshots: [],
        });
        await expect(
          historyOf('group:default/no-such-team', caller),
        ).rejects.toThrow(NotFoundError);
      }
    });
  },
);
