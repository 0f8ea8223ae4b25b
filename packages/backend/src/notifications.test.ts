import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { startExampleBackend } from './__testUtils__/exampleBackend';

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
type Knex = Awaited<ReturnType<typeof databases.init>>;

/** The first entity the processor finds All-in-one (a cycle after the others). */
async function firstAllInOne(server: Parameters<typeof request>[0]) {
  for (let attempt = 0; attempt < 90; attempt++) {
    const res = await request(server)
      .get('/api/catalog/entities/by-query')
      .query({
        filter: 'metadata.annotations.ml-patterns.io/all-in-one=detected',
        limit: 1,
      })
      .set('authorization', mockCredentials.service.header());
    if (res.body.items?.length) {
      return res.body.items[0];
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error('No entity was found All-in-one');
}

function yesterday(): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

// The example backend with app-config.yaml's mlPatterns.notifications and
// the real notifications backend: an entity that got worse since
// yesterday's history row is announced to its owning team's members.
describe('example backend notifications', () => {
  it("notifies the owning team's members of an anti-pattern new since yesterday", async () => {
    const knexes = new Map<string, Knex>();
    const scheduler = mockServices.scheduler();
    const backend = await startExampleBackend({
      services: [
        // Each plugin its own database, which the test can reach.
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          async factory({ plugin }) {
            const knex = await databases.init('SQLITE_3');
            knexes.set(plugin.getId(), knex);
            return mockServices.database({ knex, migrations: { skip: false } });
          },
        }),
        // The history task runs when the test says.
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
      ],
    });
    try {
      const service = await firstAllInOne(backend.server);
      const { kind, metadata, spec } = service;
      const entityRef = `${kind.toLowerCase()}:default/${metadata.name}`;
      const owner = service.relations.find(
        (r: { type: string }) => r.type === 'ownedBy',
      ).targetRef;
      const members: string[] = (
        await request(backend.server)
          .post('/api/catalog/entities/by-refs')
          .send({ entityRefs: [owner] })
          .set('authorization', mockCredentials.service.header())
      ).body.items[0].relations
        .filter((r: { type: string }) => r.type === 'hasMember')
        .map((r: { targetRef: string }) => r.targetRef);
      expect(members.length).toBeGreaterThan(0);

      // Yesterday's history: the service clear of All-in-one, graded A, with
      // today's Only-me verdict, so All-in-one is the one new anti-pattern.
      const onlyMe = metadata.annotations['ml-patterns.io/only-me'];
      await knexes.get('ml-patterns')!('scorecard_entity_days').insert({
        entity_ref: entityRef,
        day: yesterday(),
        kind: kind.toLowerCase(),
        type: spec.type,
        owner_ref: owner,
        system_ref: 'none',
        domain_ref: 'none',
        score: 95,
        grade: 'A',
        coverage: 100,
        all_in_one: 'clear',
        only_me: onlyMe,
        release_pattern: 'model-load',
        evidence_status: 'ok',
        failed_checks: '[]',
        unknown_checks: '[]',
      });
      await scheduler.triggerTask('ml-patterns-scorecard-history');

      for (const member of members) {
        const inbox = await request(backend.server)
          .get('/api/notifications/')
          .set('authorization', mockCredentials.user.header(member));
        expect(inbox.status).toBe(200);
        expect(inbox.body.notifications).toEqual([
          expect.objectContaining({
            origin: 'plugin:ml-patterns',
            payload: expect.objectContaining({
              title: expect.stringMatching(
                new RegExp(`^${metadata.name}: All-in-one detected`),
              ),
              link: `/catalog/default/${kind.toLowerCase()}/${metadata.name}`,
              topic: 'ml-patterns',
            }),
          }),
        ]);
      }
      // Someone outside the team hears nothing.
      const guest = await request(backend.server)
        .get('/api/notifications/')
        .set(
          'authorization',
          mockCredentials.user.header('user:default/guest'),
        );
      expect(guest.body.notifications).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
