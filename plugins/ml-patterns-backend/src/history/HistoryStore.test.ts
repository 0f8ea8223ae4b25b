import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ScorecardRow } from '@ml-patterns/plugin-ml-patterns-common';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { ScorecardService } from '../scorecards/ScorecardService';
import { HistoryStore } from './HistoryStore';
import { takeSnapshot } from './scheduleSnapshots';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function row(
  groupRef: string,
  overrides: Partial<ScorecardRow> = {},
): ScorecardRow {
  return {
    groupRef,
    entityCount: 3,
    meanScore: 61.7,
    grades: { A: 1, B: 0, C: 1, D: 0, E: 0, F: 0 },
    ungraded: 1,
    detections: { 'all-in-one': 1, 'only-me': 2 },
    meanCoverage: 0.667,
    ...overrides,
  };
}

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await HistoryStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  return { knex, store };
}

describe.each(databases.eachSupportedId())('HistoryStore on %s', databaseId => {
  it('stores and reads back a day of snapshots', async () => {
    const { store } = await createStore(databaseId);
    await store.writeSnapshots('2026-11-20', {
      owner: [
        row('group:default/a'),
        row('none', { meanScore: null, meanCoverage: null }),
      ],
      system: [row('system:default/s', { meanScore: 10 })],
    });

    await expect(
      store.history({
        groupBy: 'owner',
        groupRef: 'group:default/a',
        fromDay: '2026-01-01',
      }),
    ).resolves.toEqual([
      {
        day: '2026-11-20',
        entityCount: 3,
        meanScore: 61.7,
        detections: { 'all-in-one': 1, 'only-me': 2 },
        grades: { A: 1, B: 0, C: 1, D: 0, E: 0, F: 0 },
        meanCoverage: 0.667,
      },
    ]);
    await expect(
      store.history({
        groupBy: 'owner',
        groupRef: 'none',
        fromDay: '2026-01-01',
      }),
    ).resolves.toEqual([
      expect.objectContaining({ meanScore: null, meanCoverage: null }),
    ]);
  });

  it('keeps one row per group and day when a day is written twice', async () => {
    const { store, knex } = await createStore(databaseId);
    await store.writeSnapshots('2026-11-20', {
      owner: [row('group:default/a')],
    });
    await store.writeSnapshots('2026-11-20', {
      owner: [row('group:default/a', { meanScore: 70, entityCount: 4 })],
    });
    await store.writeSnapshots('2026-11-21', {
      owner: [row('group:default/a')],
    });

    const snapshots = await store.history({
      groupBy: 'owner',
      groupRef: 'group:default/a',
      fromDay: '2026-11-01',
    });
    expect(snapshots.map(s => [s.day, s.meanScore, s.entityCount])).toEqual([
      ['2026-11-20', 70, 4],
      ['2026-11-21', 61.7, 3],
    ]);
    const [{ count }] = await knex('scorecard_snapshots').count({ count: '*' });
    expect(Number(count)).toBe(2);
  });

  it('writes many groups in batches', async () => {
    const { store } = await createStore(databaseId);
    const rows = Array.from({ length: 1234 }, (_, i) =>
      row(`group:default/team-${i}`),
    );
    await expect(
      store.writeSnapshots('2026-11-20', { owner: rows }),
    ).resolves.toBe(1234);
    await expect(
      store.history({
        groupBy: 'owner',
        groupRef: 'group:default/team-1233',
        fromDay: '2026-11-20',
      }),
    ).resolves.toHaveLength(1);
  });

  it('reads only from the given day on, and prunes older days', async () => {
    const { store } = await createStore(databaseId);
    for (const day of ['2025-01-01', '2026-11-01', '2026-11-15']) {
      await store.writeSnapshots(day, { owner: [row('group:default/a')] });
    }
    const recent = await store.history({
      groupBy: 'owner',
      groupRef: 'group:default/a',
      fromDay: '2026-11-01',
    });
    expect(recent.map(s => s.day)).toEqual(['2026-11-01', '2026-11-15']);

    await expect(store.prune('2026-11-01')).resolves.toBe(1);
    const all = await store.history({
      groupBy: 'owner',
      groupRef: 'group:default/a',
      fromDay: '2000-01-01',
    });
    expect(all.map(s => s.day)).toEqual(['2026-11-01', '2026-11-15']);
  });

  it('takes a snapshot of every grouping from the stamped entities', async () => {
    const { store } = await createStore(databaseId);
    const catalog = catalogServiceMock({
      entities: [
        stampedEntity({
          name: 'svc',
          owner: 'team-a',
          system: 'recsys',
          stamp: { score: 80, grade: 'b', coverage: 100, onlyMe: 'detected' },
        }),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: 'recsys', namespace: 'default' },
          spec: { owner: 'team-a', domain: 'commerce' },
        },
      ],
    });
    const auth = mockServices.auth();
    const now = new Date('2026-11-21T23:59:00Z');
    const scorecards = new ScorecardService(catalog);

    await expect(
      takeSnapshot({ scorecards, store, auth, now }),
    ).resolves.toEqual({
      day: '2026-11-21',
      rows: 3,
      pruned: 0,
    });
    // idempotent: a second run the same day replaces, not adds
    await takeSnapshot({ scorecards, store, auth, now });

    for (const [groupBy, groupRef] of [
      ['owner', 'group:default/team-a'],
      ['system', 'system:default/recsys'],
      ['domain', 'domain:default/commerce'],
    ] as const) {
      await expect(
        store.history({ groupBy, groupRef, fromDay: '2026-11-21' }),
      ).resolves.toEqual([
        expect.objectContaining({
          day: '2026-11-21',
          entityCount: 1,
          meanScore: 80,
          detections: { 'all-in-one': 0, 'only-me': 1 },
        }),
      ]);
    }
  });
});
