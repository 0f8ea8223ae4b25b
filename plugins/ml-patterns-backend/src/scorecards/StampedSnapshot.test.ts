import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { changingCatalog } from '../__testUtils__/changingCatalog';
import { stampedEntity } from '../__testUtils__/stampedEntities';
import { StampedSnapshot } from './StampedSnapshot';

const TTL = 30_000;

const detector = stampedEntity({
  name: 'detector',
  title: 'Object detector',
  type: 'model-server',
  owner: 'vision-team',
  system: 'vision',
  stamp: { score: 40, grade: 'e', failedChecks: ['only-me/code-review'] },
});

const vision = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'vision', namespace: 'default' },
  spec: { owner: 'vision-team', domain: 'perception' },
};

function scoreOf(score: number) {
  return stampedEntity({
    name: 'detector',
    type: 'model-server',
    owner: 'vision-team',
    system: 'vision',
    stamp: { score, grade: 'c' },
  });
}

/** Lets reads started in the background (pure promise chains) finish. */
const settle = () => new Promise(resolve => setImmediate(resolve));

function setup(options: { maxStaleMs?: number } = {}) {
  const { catalog, state, reads } = changingCatalog([detector, vision]);
  const logger = mockServices.logger.mock();
  let now = 1_000_000;
  const snapshot = new StampedSnapshot({
    catalog,
    auth: mockServices.auth({ pluginId: 'ml-patterns' }),
    logger,
    ttlMs: TTL,
    maxStaleMs: options.maxStaleMs,
    now: () => now,
  });
  const clock = {
    advance(ms: number) {
      now += ms;
    },
  };
  const scores = async () =>
    (await snapshot.get()).entities.map(e => [e.entityRef, e.score]);
  return { snapshot, catalog, state, reads, logger, clock, scores };
}

describe('StampedSnapshot', () => {
  it("reads every stamped entity, drill-down fields and systems' domains included, with the plugin's own credentials", async () => {
    const { snapshot, catalog, reads } = setup();
    const value = await snapshot.get();
    expect(value.entities).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/detector',
        title: 'Object detector',
        score: 40,
        failedChecks: ['only-me/code-review'],
      }),
    ]);
    expect([...value.domains]).toEqual([
      ['system:default/vision', 'domain:default/perception'],
    ]);
    expect(reads).toEqual([
      expect.objectContaining({
        principal: expect.objectContaining({
          type: 'service',
          subject: 'plugin:ml-patterns',
        }),
      }),
    ]);
    const [[request]] = catalog.streamEntities.mock.calls;
    expect(request?.fields).toEqual(
      expect.arrayContaining([
        'metadata.title',
        'metadata.annotations.ml-patterns.io/failed-checks',
        'metadata.annotations.ml-patterns.io/score',
      ]),
    );
  });

  it('is reused within the TTL and read again after it', async () => {
    const { state, reads, clock, scores } = setup();
    expect(await scores()).toEqual([['component:default/detector', 40]]);

    state.entities = [scoreOf(90), vision];
    clock.advance(TTL / 2 - 1);
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(1);

    clock.advance(TTL / 2 + 1);
    expect(await scores()).toEqual([['component:default/detector', 90]]);
    expect(reads).toHaveLength(2);
  });

  it('answers the first request after an idle spell from the older read, within maxStale, and reads afresh', async () => {
    const { state, reads, clock, scores } = setup({ maxStaleMs: 10 * TTL });
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    state.entities = [scoreOf(90), vision];

    clock.advance(5 * TTL); // idle dashboards
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2); // the fresh read started at once
    await settle();
    expect(await scores()).toEqual([['component:default/detector', 90]]);

    state.entities = [scoreOf(10), vision];
    clock.advance(10 * TTL); // past maxStale: the request waits
    expect(await scores()).toEqual([['component:default/detector', 10]]);
    expect(reads).toHaveLength(3);
  });

  it('never reuses a read that found no stamped entities (a catalog still starting)', async () => {
    const { state, reads, scores } = setup();
    state.entities = [vision];
    expect(await scores()).toEqual([]);
    state.entities = [detector, vision];
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2);
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2);
  });

  it('does not answer from the start-up read once its TTL has passed: it may predate the first stamps', async () => {
    const { snapshot, state, reads, clock, scores } = setup({
      maxStaleMs: 10 * TTL,
    });
    snapshot.preload();
    await settle();
    expect(reads).toHaveLength(1);
    state.entities = [scoreOf(90), vision];
    clock.advance(2 * TTL);
    expect(await scores()).toEqual([['component:default/detector', 90]]);
    expect(reads).toHaveLength(2);
  });

  it('shares a read in flight between concurrent requests', async () => {
    const { snapshot, reads } = setup();
    const [a, b, c] = await Promise.all([
      snapshot.get(),
      snapshot.get(),
      snapshot.get(),
    ]);
    expect(reads).toHaveLength(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('refreshes in the background past half the TTL, so requests in use never wait', async () => {
    const { state, reads, clock, scores } = setup();
    await scores();
    state.entities = [scoreOf(90), vision];

    clock.advance(TTL / 2);
    // Answered at once from the current read, which starts a new one.
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2);
    await settle();
    expect(await scores()).toEqual([['component:default/detector', 90]]);

    // The refreshed read counts its age from its own start: past the
    // first read's TTL it still answers at once (not the newer 95), and,
    // being past half its own TTL, starts the next refresh.
    state.entities = [scoreOf(95), vision];
    clock.advance(TTL / 2 + 5_000);
    expect(await scores()).toEqual([['component:default/detector', 90]]);
    expect(reads).toHaveLength(3);
    await settle();
    expect(await scores()).toEqual([['component:default/detector', 95]]);
  });

  it('keeps serving the current read when a background refresh fails, logs it, and waits longer before each next try', async () => {
    const { state, reads, clock, logger, scores } = setup({
      maxStaleMs: 5 * TTL,
    });
    await scores();
    const served = async () => {
      const value = await scores();
      await settle();
      return value;
    };

    state.failure = new ServiceUnavailableError('catalog is restarting');
    clock.advance(TTL / 2);
    expect(await served()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Could not refresh .*next try in 5 s/),
      expect.objectContaining({ message: 'catalog is restarting' }),
    );
    // Within the wait, requests do not ask the failing catalog again.
    for (let i = 0; i < 3; i++) {
      expect(await served()).toEqual([['component:default/detector', 40]]);
    }
    expect(reads).toHaveLength(2);
    clock.advance(5_000);
    await served();
    expect(reads).toHaveLength(3); // failed again: the wait doubles
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(/next try in 10 s/),
      expect.anything(),
    );
    clock.advance(5_000);
    await served();
    expect(reads).toHaveLength(3);

    // Recovered: the next request in use after the wait refreshes.
    state.failure = undefined;
    state.entities = [scoreOf(90), vision];
    clock.advance(5_000);
    expect(await served()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(4);
    expect(await scores()).toEqual([['component:default/detector', 90]]);
    expect(logger.warn).toHaveBeenCalledTimes(2);

    // A failure after a success waits 5 s again.
    state.failure = new ServiceUnavailableError('catalog is restarting');
    clock.advance(TTL / 2);
    await served();
    expect(logger.warn).toHaveBeenLastCalledWith(
      expect.stringMatching(/next try in 5 s/),
      expect.anything(),
    );
  });

  it('does not keep a failed read: the request fails, the next one reads again', async () => {
    const { snapshot, state, reads, scores } = setup();
    state.failure = new ServiceUnavailableError('catalog is restarting');
    await expect(snapshot.get()).rejects.toThrow('catalog is restarting');

    state.failure = undefined;
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2);
  });

  it('fails a request when the read expired and the catalog fails', async () => {
    const { snapshot, state, clock, scores } = setup();
    await scores();
    state.failure = new ServiceUnavailableError('catalog is restarting');
    clock.advance(TTL);
    await expect(snapshot.get()).rejects.toThrow('catalog is restarting');
  });

  it('reads in smaller pages in the background than when a request waits', async () => {
    const { snapshot, catalog, clock } = setup();
    await snapshot.get();
    clock.advance(TTL / 2);
    await snapshot.get();
    await settle();
    expect(
      catalog.streamEntities.mock.calls.map(([request]) => request?.pageSize),
    ).toEqual([1000, 250]);
  });

  it('pre-loads in the background and never throws', async () => {
    const { snapshot, state, reads, logger, scores } = setup();
    state.failure = new ServiceUnavailableError('catalog not ready');
    expect(() => snapshot.preload()).not.toThrow();
    await settle();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Could not pre-load/),
      expect.objectContaining({ message: 'catalog not ready' }),
    );

    state.failure = undefined;
    snapshot.preload();
    await settle();
    expect(reads).toHaveLength(2);
    // The request finds the pre-loaded read.
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(2);
  });

  it('lets its read go when released: the next request reads the catalog again', async () => {
    const { snapshot, state, reads, scores } = setup();
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    state.entities = [scoreOf(70), vision];
    // Within the TTL the read is reused...
    expect(await scores()).toEqual([['component:default/detector', 40]]);
    expect(reads).toHaveLength(1);
    // ...until it is released (the stamp table answers meanwhile).
    snapshot.release();
    expect(await scores()).toEqual([['component:default/detector', 70]]);
    expect(reads).toHaveLength(2);
  });
});
