import {
  coreServices,
  createServiceFactory,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Knex } from 'knex';
import request from 'supertest';
import { changingCatalog } from './__testUtils__/changingCatalog';
import { Stamp, stampedEntity } from './__testUtils__/stampedEntities';
import mlPatternsPlugin from '.';

jest.setTimeout(120_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TEAM = 'group:default/vision-team';
const ALICE = 'user:default/alice';
const HISTORY_TASK = 'ml-patterns-scorecard-history';

/** The team, its member, and its services stamped as given. */
function catalogEntities(stamps: Record<string, Stamp>): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'vision-team', namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [{ type: 'hasMember', targetRef: ALICE }],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'alice', namespace: 'default' },
      spec: {},
      relations: [{ type: 'memberOf', targetRef: TEAM }],
    },
    ...Object.entries(stamps).map(([name, stamp]) => ({
      ...stampedEntity({ name, type: 'model-server', owner: TEAM, stamp }),
      relations: [{ type: 'ownedBy', targetRef: TEAM }],
    })),
  ];
}

/** Each plugin its own fresh database, as in a real backend. */
function databasePerPlugin(databaseId: Parameters<typeof databases.init>[0]) {
  const knexes = new Map<string, Promise<Knex>>();
  return createServiceFactory({
    service: coreServices.database,
    deps: { plugin: coreServices.pluginMetadata },
    async factory({ plugin }) {
      const id = plugin.getId();
      if (!knexes.has(id)) {
        knexes.set(id, databases.init(databaseId));
      }
      return mockServices.database({
        knex: await knexes.get(id)!,
        migrations: { skip: false },
      });
    },
  });
}

interface SentNotification {
  origin: string;
  payload: {
    title: string;
    description?: string;
    link?: string;
    severity: string;
    topic?: string;
  };
}

describe.each(databases.eachSupportedId())(
  'ml-patterns notifications with the notifications backend on %s',
  databaseId => {
    afterEach(() => {
      jest.useRealTimers();
    });

    async function start(notifications: JsonObject) {
      const { catalog, state } = changingCatalog([]);
      const tasks = new Map<string, SchedulerServiceTaskFunction>();
      const scheduler = mockServices.scheduler.mock({
        async scheduleTask(task) {
          tasks.set(task.id, task.fn);
        },
      });
      const backend = await startTestBackend({
        features: [
          mlPatternsPlugin,
          notificationsPlugin,
          catalog.factory,
          scheduler.factory,
          databasePerPlugin(databaseId),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              notifications: { retention: false },
              mlPatterns: { notifications },
            },
          }),
        ],
      });
      /** Runs the daily history task with the stamps the catalog has at `at`. */
      const runHistory = async (at: string, stamps: Record<string, Stamp>) => {
        state.entities = catalogEntities(stamps);
        // Only the clock is faked: the servers and databases keep real timers.
        jest.useFakeTimers({
          now: new Date(at),
          doNotFake: [
            'hrtime',
            'nextTick',
            'performance',
            'queueMicrotask',
            'requestAnimationFrame',
            'cancelAnimationFrame',
            'requestIdleCallback',
            'cancelIdleCallback',
            'setImmediate',
            'clearImmediate',
            'setInterval',
            'clearInterval',
            'setTimeout',
            'clearTimeout',
          ],
        });
        try {
          await tasks.get(HISTORY_TASK)!({} as AbortSignal);
        } finally {
          jest.useRealTimers();
        }
      };
      /** Alice's notifications, as the notifications API lists them. */
      const aliceReads = async (): Promise<SentNotification[]> => {
        const res = await request(backend.server)
          .get('/api/notifications/')
          .set('Authorization', mockCredentials.user.header(ALICE));
        expect(res.status).toBe(200);
        return res.body.notifications;
      };
      return { backend, runHistory, aliceReads };
    }

    const titles = (notifications: SentNotification[]) =>
      notifications.map(n => n.payload.title).sort();

    it('notifies the owner of a new anti-pattern and of a drop of enough grades, once a day', async () => {
      const { backend, runHistory, aliceReads } = await start({
        enabled: true,
        gradeDropSteps: 2,
      });
      try {
        const day1 = {
          steady: { score: 82, grade: 'B' },
          detector: { score: 82, grade: 'B', allInOne: 'clear' },
          sliding: { score: 85, grade: 'B' },
          slipping: { score: 84, grade: 'B' },
        };
        // The first scoring of every entity, however bad: nothing.
        await runHistory('2026-12-01T06:00:00Z', {
          ...day1,
          detector: { score: 30, grade: 'F', allInOne: 'detected' },
        });
        expect(await aliceReads()).toEqual([]);
        await runHistory('2026-12-01T18:00:00Z', day1);
        expect(await aliceReads()).toEqual([]);

        await runHistory('2026-12-02T06:00:00Z', {
          steady: { score: 80, grade: 'B' },
          // Newly detected (it was earlier on day 1, but not in its last row).
          detector: {
            score: 78,
            grade: 'C',
            allInOne: 'detected',
            failedChecks: ['all-in-one/one-model-per-server'],
          },
          // B to D: two grades.
          sliding: { score: 55, grade: 'D' },
          // B to C: one grade, below the configured two.
          slipping: { score: 72, grade: 'C' },
          // First scored today.
          newcomer: { score: 20, grade: 'F', onlyMe: 'detected' },
        });
        const day2 = await aliceReads();
        expect(titles(day2)).toEqual([
          'detector: All-in-one detected',
          'sliding: grade B → D',
        ]);
        expect(day2.find(n => n.payload.title.startsWith('detector'))).toEqual(
          expect.objectContaining({
            origin: 'plugin:ml-patterns',
            payload: expect.objectContaining({
              severity: 'high',
              topic: 'ml-patterns',
              link: '/catalog/default/component/detector',
              description: expect.stringContaining(
                'Newly failing: One inference model per serving process.',
              ),
            }),
          }),
        );
        expect(
          day2.find(n => n.payload.title.startsWith('sliding'))?.payload,
        ).toMatchObject({
          severity: 'normal',
          description: expect.stringContaining('fell from B (85) to D (55)'),
        });

        // Later the same day: the detector and the slide again (compared
        // with day 1's row), and now the slip spans two grades too.
        await runHistory('2026-12-02T18:00:00Z', {
          steady: { score: 80, grade: 'B' },
          detector: { score: 40, grade: 'E', allInOne: 'detected' },
          sliding: { score: 35, grade: 'E' },
          slipping: { score: 60, grade: 'D' },
          newcomer: { score: 20, grade: 'F', onlyMe: 'detected' },
        });
        expect(titles(await aliceReads())).toEqual([
          'detector: All-in-one detected',
          'sliding: grade B → D',
          'slipping: grade B → D',
        ]);

        // The next day, compared with day 2's last row: the newcomer's
        // Only-me was there already; the detector's drop from E to F is one
        // grade; nothing new.
        await runHistory('2026-12-03T06:00:00Z', {
          steady: { score: 80, grade: 'B' },
          detector: { score: 10, grade: 'F', allInOne: 'detected' },
          sliding: { score: 35, grade: 'E' },
          slipping: { score: 60, grade: 'D' },
          newcomer: { score: 20, grade: 'F', onlyMe: 'detected' },
        });
        expect(await aliceReads()).toHaveLength(3);
      } finally {
        await backend.stop();
      }
    });

    it('sends nothing unless enabled', async () => {
      const { backend, runHistory, aliceReads } = await start({});
      try {
        await runHistory('2026-12-01T06:00:00Z', {
          detector: { score: 90, grade: 'A' },
        });
        await runHistory('2026-12-02T06:00:00Z', {
          detector: { score: 10, grade: 'F', allInOne: 'detected' },
        });
        expect(await aliceReads()).toEqual([]);
      } finally {
        await backend.stop();
      }
    });
  },
);
