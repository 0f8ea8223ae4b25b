import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entityDay } from '../__testUtils__/entityDays';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { ScorecardService } from '../scorecards/ScorecardService';
import { HistoryStore } from './HistoryStore';
import { takeSnapshot } from './scheduleSnapshots';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TEAM = 'group:default/team-a';
const noGrades = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const store = await HistoryStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  const rowsOf = async (day: string) =>
    (
      await knex('scorecard_entity_days')
        .where({ day })
        .orderBy('entity_ref')
        .select('entity_ref', 'owner_ref')
    ).map(r => [r.entity_ref, r.owner_ref]);
  return { knex, store, rowsOf };
}

describe.each(databases.eachSupportedId())('HistoryStore on %s', databaseId => {
  it("aggregates a group's entity rows into daily snapshots", async () => {
    const { store } = await createStore(databaseId);
    await store.writeDay('2026-11-20', [
      entityDay('component:default/a', {
        ownerRef: TEAM,
        systemRef: 'system:default/s',
        domainRef: 'domain:default/d',
        score: 40,
        grade: 'E',
        coverage: 100,
        allInOne: 'detected',
      }),
      entityDay('component:default/b', {
        ownerRef: TEAM,
        score: 91,
        grade: 'A',
        coverage: 80,
        onlyMe: 'detected',
      }),
      // Not scored: no grade, whatever its score.
      entityDay('component:default/c', {
        ownerRef: TEAM,
        score: 70,
        grade: null,
        coverage: 50,
      }),
      entityDay('component:default/d', {
        ownerRef: TEAM,
        score: null,
        grade: null,
        coverage: null,
        allInOne: 'unknown',
        onlyMe: 'unknown',
      }),
      entityDay('component:default/other-team', {
        ownerRef: 'group:default/team-b',
      }),
    ]);

    await expect(
      store.groupDays({
        groupBy: 'owner',
        groupRef: TEAM,
        fromDay: '2026-01-01',
      }),
    ).resolves.toEqual([
      {
        day: '2026-11-20',
        entityCount: 4,
        meanScore: 65.5,
        grades: { ...noGrades, A: 1, E: 1 },
        ungraded: 2,
        detections: { 'all-in-one': 1, 'only-me': 1 },
        meanCoverage: 0.767,
      },
    ]);
    for (const [groupBy, groupRef] of [
      ['system', 'system:default/s'],
      ['domain', 'domain:default/d'],
    ] as const) {
      await expect(
        store.groupDays({ groupBy, groupRef, fromDay: '2026-01-01' }),
      ).resolves.toEqual([
        expect.objectContaining({ entityCount: 1, meanScore: 40 }),
      ]);
    }
    // Nothing graded, nothing covered: nulls, not zeros.
    await expect(
      store.groupDays({
        groupBy: 'owner',
        groupRef: TEAM,
        fromDay: '2026-01-01',
        entityRefs: ['component:default/d'],
      }),
    ).resolves.toEqual([
      {
        day: '2026-11-20',
        entityCount: 1,
        meanScore: null,
        grades: noGrades,
        ungraded: 1,
        detections: { 'all-in-one': 0, 'only-me': 0 },
        meanCoverage: null,
      },
    ]);
  });

  it('counts only the entities asked for, however many', async () => {
    const { store } = await createStore(databaseId);
    const refs = Array.from(
      { length: 1234 },
      (_, i) => `component:default/svc-${String(i).padStart(4, '0')}`,
    );
    await expect(
      store.writeDay(
        '2026-11-20',
        refs.map((ref, i) =>
          entityDay(ref, { ownerRef: TEAM, score: i % 2 ? 100 : 0 }),
        ),
      ),
    ).resolves.toBe(1234);

    const all = await store.groupDays({
      groupBy: 'owner',
      groupRef: TEAM,
      fromDay: '2026-11-20',
    });
    expect(all).toEqual([
      expect.objectContaining({ entityCount: 1234, meanScore: 50 }),
    ]);
    // More refs than one query takes, and refs of no row.
    const odd = refs.filter((_, i) => i % 2 === 1);
    const some = await store.groupDays({
      groupBy: 'owner',
      groupRef: TEAM,
      fromDay: '2026-11-20',
      entityRefs: [...odd, 'component:default/not-in-history'],
    });
    expect(some).toEqual([
      expect.objectContaining({ entityCount: 617, meanScore: 100 }),
    ]);
    await expect(
      store.groupEntityRefs({
        groupBy: 'owner',
        groupRef: TEAM,
        fromDay: '2026-11-20',
      }),
    ).resolves.toHaveLength(1234);
  });

  it('keeps one row per entity and day: a day written again is replaced', async () => {
    const { store, rowsOf } = await createStore(databaseId);
    await store.writeDay('2026-11-20', [
      entityDay('component:default/a', { ownerRef: TEAM }),
      entityDay('component:default/b', { ownerRef: TEAM }),
    ]);
    // Later that day: b deleted, a moved to team-b, c new; c listed twice.
    await store.writeDay('2026-11-20', [
      entityDay('component:default/a', { ownerRef: 'group:default/team-b' }),
      entityDay('component:default/c', { ownerRef: TEAM, score: 10 }),
      entityDay('component:default/c', { ownerRef: TEAM, score: 30 }),
    ]);
    await store.writeDay('2026-11-21', [
      entityDay('component:default/a', { ownerRef: TEAM }),
    ]);

    expect(await rowsOf('2026-11-20')).toEqual([
      ['component:default/a', 'group:default/team-b'],
      ['component:default/c', TEAM],
    ]);
    const days = await store.groupDays({
      groupBy: 'owner',
      groupRef: TEAM,
      fromDay: '2026-11-01',
    });
    expect(days.map(s => [s.day, s.entityCount, s.meanScore])).toEqual([
      ['2026-11-20', 1, 30],
      ['2026-11-21', 1, 80],
    ]);
  });

  it('keeps one row per entity when two runs write the same day at once', async () => {
    const { store, rowsOf } = await createStore(databaseId);
    const run = (owner: string) =>
      store.writeDay(
        '2026-11-20',
        Array.from({ length: 300 }, (_, i) =>
          entityDay(`component:default/svc-${i}`, { ownerRef: owner }),
        ),
      );
    await Promise.all([run(TEAM), run('group:default/team-b')]);

    const rows = await rowsOf('2026-11-20');
    expect(rows).toHaveLength(300);
    // All from one run or the other, entity by entity never both.
    expect(new Set(rows.map(([ref]) => ref)).size).toBe(300);
  });

  it("keeps each entity's stamps, for its own trend", async () => {
    const { store, knex } = await createStore(databaseId);
    for (const [day, grade, failed] of [
      ['2026-11-19', 'D', ['only-me/code-review', 'only-me/team-ownership']],
      ['2026-11-20', 'B', ['only-me/team-ownership']],
    ] as const) {
      await store.writeDay(day, [
        entityDay('component:default/a', {
          ownerRef: TEAM,
          type: 'model-server',
          grade,
          releasePattern: 'model-load',
          evidenceStatus: 'stale',
          failedChecks: [...failed],
          unknownChecks: ['all-in-one/one-model-per-server'],
        }),
      ]);
    }
    const trend = await knex('scorecard_entity_days')
      .where({ entity_ref: 'component:default/a' })
      .orderBy('day')
      .select(
        'day',
        'kind',
        'type',
        'grade',
        'release_pattern',
        'evidence_status',
        'failed_checks',
        'unknown_checks',
      );
    expect(
      trend.map(r => ({
        ...r,
        failed_checks: JSON.parse(r.failed_checks),
        unknown_checks: JSON.parse(r.unknown_checks),
      })),
    ).toEqual([
      {
        day: '2026-11-19',
        kind: 'component',
        type: 'model-server',
        grade: 'D',
        release_pattern: 'model-load',
        evidence_status: 'stale',
        failed_checks: ['only-me/code-review', 'only-me/team-ownership'],
        unknown_checks: ['all-in-one/one-model-per-server'],
      },
      expect.objectContaining({
        day: '2026-11-20',
        grade: 'B',
        failed_checks: ['only-me/team-ownership'],
      }),
    ]);
  });

  it("reads an entity's own rows, and each entity's latest row before a day", async () => {
    const { store } = await createStore(databaseId);
    const a = 'component:default/a';
    const b = 'component:default/b';
    await store.writeDay('2026-11-10', [
      entityDay(a, { grade: 'A', score: 95 }),
      entityDay(b, { grade: 'C', failedChecks: ['only-me/code-review'] }),
    ]);
    await store.writeDay('2026-11-12', [
      entityDay(a, {
        grade: 'D',
        score: 55,
        coverage: 75,
        allInOne: 'detected',
        failedChecks: ['all-in-one/one-model-per-server'],
      }),
    ]);
    await store.writeDay('2026-11-13', [entityDay(a, { grade: 'B' })]);

    const days = await store.entityDays({
      entityRef: a,
      fromDay: '2026-11-11',
    });
    expect(days.map(d => d.day)).toEqual(['2026-11-12', '2026-11-13']);
    expect(days[0].entity).toEqual(
      entityDay(a, {
        grade: 'D',
        score: 55,
        coverage: 75,
        allInOne: 'detected',
        failedChecks: ['all-in-one/one-model-per-server'],
      }),
    );

    // b's latest row is days old; c has none; a's of the day itself is not "before".
    const latest = await store.latestBefore('2026-11-13', [
      a,
      b,
      'component:default/c',
    ]);
    expect([...latest.keys()].sort()).toEqual([a, b]);
    expect(latest.get(a)).toMatchObject({
      day: '2026-11-12',
      entity: { grade: 'D', allInOne: 'detected' },
    });
    expect(latest.get(b)).toMatchObject({
      day: '2026-11-10',
      entity: { grade: 'C', failedChecks: ['only-me/code-review'] },
    });
  });

  it("counts a group's failing rules on its first and last day", async () => {
    const { store } = await createStore(databaseId);
    const review = 'only-me/code-review';
    const ownership = 'only-me/team-ownership';
    const oneModel = 'all-in-one/one-model-per-server';
    await store.writeDay('2026-11-01', [
      entityDay('component:default/old', {
        ownerRef: TEAM,
        failedChecks: [oneModel],
      }),
    ]);
    await store.writeDay('2026-11-10', [
      entityDay('component:default/a', {
        ownerRef: TEAM,
        failedChecks: [review, ownership],
      }),
      entityDay('component:default/b', {
        ownerRef: TEAM,
        failedChecks: [review],
      }),
      entityDay('component:default/other', {
        ownerRef: 'group:default/team-b',
        failedChecks: [oneModel],
      }),
    ]);
    await store.writeDay('2026-11-11', [
      entityDay('component:default/a', {
        ownerRef: TEAM,
        failedChecks: [oneModel],
      }),
    ]);
    await store.writeDay('2026-11-12', [
      entityDay('component:default/a', {
        ownerRef: TEAM,
        failedChecks: [ownership, oneModel],
      }),
      entityDay('component:default/b', { ownerRef: TEAM, failedChecks: [] }),
    ]);
    const counts = async (entityRefs?: string[]) => {
      const result = await store.groupFailedRules({
        groupBy: 'owner',
        groupRef: TEAM,
        fromDay: '2026-11-05',
        entityRefs,
      });
      return (
        result && {
          firstDay: result.firstDay,
          lastDay: result.lastDay,
          first: Object.fromEntries(result.first),
          last: Object.fromEntries(result.last),
        }
      );
    };
    await expect(counts()).resolves.toEqual({
      firstDay: '2026-11-10',
      lastDay: '2026-11-12',
      first: { [review]: 2, [ownership]: 1 },
      last: { [ownership]: 1, [oneModel]: 1 },
    });
    await expect(counts(['component:default/b'])).resolves.toEqual({
      firstDay: '2026-11-10',
      lastDay: '2026-11-12',
      first: { [review]: 1 },
      last: {},
    });
    await expect(counts([])).resolves.toBeUndefined();
    await expect(
      store.groupFailedRules({
        groupBy: 'owner',
        groupRef: 'group:default/nobody',
        fromDay: '2026-11-05',
      }),
    ).resolves.toBeUndefined();
  });

  it('claims a notification day once per entity', async () => {
    const { store } = await createStore(databaseId);
    const a = 'component:default/a';
    await expect(store.claimNotificationDay(a, '2026-11-12')).resolves.toBe(
      true,
    );
    await expect(store.claimNotificationDay(a, '2026-11-12')).resolves.toBe(
      false,
    );
    await expect(store.claimNotificationDay(a, '2026-11-13')).resolves.toBe(
      true,
    );
    await expect(
      store.claimNotificationDay('component:default/b', '2026-11-12'),
    ).resolves.toBe(true);
    // Two runs at once: one wins.
    const racing = await Promise.all([
      store.claimNotificationDay(a, '2026-11-14'),
      store.claimNotificationDay(a, '2026-11-14'),
    ]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    // Pruned with the history: the day could be claimed again.
    await store.prune('2026-11-13');
    await expect(store.claimNotificationDay(a, '2026-11-12')).resolves.toBe(
      true,
    );
  });

  it('reads only from the given day on, and prunes older days', async () => {
    const { store } = await createStore(databaseId);
    for (const day of ['2025-01-01', '2026-11-01', '2026-11-15']) {
      await store.writeDay(day, [
        entityDay('component:default/a', { ownerRef: TEAM }),
      ]);
    }
    const daysFrom = async (fromDay: string) =>
      (
        await store.groupDays({ groupBy: 'owner', groupRef: TEAM, fromDay })
      ).map(s => s.day);
    expect(await daysFrom('2026-11-01')).toEqual(['2026-11-01', '2026-11-15']);

    await expect(store.prune('2026-11-01')).resolves.toBe(1);
    expect(await daysFrom('2000-01-01')).toEqual(['2026-11-01', '2026-11-15']);
  });

  it('reads and prunes the aggregated snapshots of earlier versions', async () => {
    const { store, knex } = await createStore(databaseId);
    const legacyRow = (day: string) => ({
      group_by: 'owner',
      group_ref: TEAM,
      day,
      entity_count: 3,
      mean_score: 61.7,
      mean_coverage: 0.667,
      ungraded: 1,
      all_in_one: 1,
      only_me: 2,
      grades: JSON.stringify({ ...noGrades, A: 1, C: 1 }),
    });
    await knex('scorecard_snapshots').insert([
      legacyRow('2026-10-01'),
      legacyRow('2026-11-01'),
    ]);
    await expect(
      store.legacyGroupDays({
        groupBy: 'owner',
        groupRef: TEAM,
        fromDay: '2026-10-15',
      }),
    ).resolves.toEqual([
      {
        day: '2026-11-01',
        entityCount: 3,
        meanScore: 61.7,
        grades: { ...noGrades, A: 1, C: 1 },
        ungraded: 1,
        detections: { 'all-in-one': 1, 'only-me': 2 },
        meanCoverage: 0.667,
      },
    ]);
    await expect(store.prune('2026-10-15')).resolves.toBe(1);
  });

  describe('takeSnapshot', () => {
    const system = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'recsys', namespace: 'default' },
      spec: { owner: 'team-a', domain: 'commerce' },
    };
    const svc = stampedEntity({
      name: 'svc',
      type: 'model-server',
      owner: 'team-a',
      system: 'recsys',
      stamp: {
        score: 80,
        grade: 'b',
        coverage: 100,
        onlyMe: 'detected',
        failedChecks: ['only-me/code-review'],
        unknownChecks: ['all-in-one/one-model-per-server'],
        evidenceStatus: 'stale',
      },
    });
    const auth = mockServices.auth();
    const now = new Date('2026-11-21T23:59:00Z');

    it('writes a row per stamped entity, grouped as the scorecards group', async () => {
      const { store, knex } = await createStore(databaseId);
      const scorecards = new ScorecardService(
        catalogServiceMock({ entities: [svc, system] }),
      );
      await expect(
        takeSnapshot({ scorecards, store, auth, now }),
      ).resolves.toEqual({
        day: '2026-11-21',
        rows: 1,
        pruned: 0,
        notified: 0,
      });
      // idempotent: a second run the same day replaces, not adds
      await takeSnapshot({ scorecards, store, auth, now });

      expect(await knex('scorecard_entity_days').select()).toEqual([
        expect.objectContaining({
          entity_ref: 'component:default/svc',
          day: '2026-11-21',
          kind: 'Component',
          type: 'model-server',
          owner_ref: 'group:default/team-a',
          system_ref: 'system:default/recsys',
          domain_ref: 'domain:default/commerce',
          score: 80,
          grade: 'B',
          coverage: 100,
          all_in_one: 'clear',
          only_me: 'detected',
          release_pattern: 'not-applicable',
          evidence_status: 'stale',
          failed_checks: '["only-me/code-review"]',
          unknown_checks: '["all-in-one/one-model-per-server"]',
        }),
      ]);
    });

    it('keeps the day when the catalog shows no stamped entity, and prunes past the retention', async () => {
      const { store, rowsOf } = await createStore(databaseId);
      await store.writeDay('2026-11-21', [entityDay('component:default/a')]);
      await store.writeDay('2026-11-11', [entityDay('component:default/a')]);
      const scorecards = new ScorecardService(
        catalogServiceMock({ entities: [] }),
      );
      await expect(
        takeSnapshot({ scorecards, store, auth, now, retentionDays: 7 }),
      ).resolves.toEqual({
        day: '2026-11-21',
        rows: 0,
        pruned: 1,
        notified: 0,
      });
      expect(await rowsOf('2026-11-21')).toHaveLength(1);
    });
  });
});
