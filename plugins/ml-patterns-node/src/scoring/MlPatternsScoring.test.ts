import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { setupServer } from 'msw/node';
import {
  githubHandlers,
  githubTarball,
  MockRepository,
} from '../evidence/read/__testUtils__/githubArchive';
import {
  makeReportScorer,
  makeScorer,
  memoryCache,
} from './__testUtils__/scorerTestKit';
import { CachedEvidence, EvidenceCache } from './EvidenceCache';

const SHA = 'a'.repeat(40);

const server = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/recommender/tree/main/',
    },
  },
  spec: { type: 'model-server', owner: 'group:default/recsys' },
});

describe('MlPatternsScoring reading SCM sources', () => {
  const msw = setupServer();
  registerMswTestHooks(msw);
  let counts: { archive: number; status: number };
  let repository: MockRepository;

  beforeEach(() => {
    repository = {
      owner: 'acme',
      repo: 'recommender',
      sha: SHA,
      tarball: githubTarball('acme-recommender-aaaaaaa', SHA, [
        ['Dockerfile', 'FROM python:3.11-slim\nCOPY . /app\n'],
        ['requirements.txt', 'scikit-learn==1.4.2\n'],
        ['app.py', 'import joblib\n'],
      ]),
    };
    const mocks = githubHandlers([repository]);
    counts = mocks.counts;
    msw.use(...mocks.handlers);
  });

  afterEach(() => jest.restoreAllMocks());

  it('lets the processor ask GitHub about a location once per revalidation interval', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const scorer = makeScorer();
    const caches = [memoryCache(), memoryCache(), memoryCache()];
    // Entity a reads first; b, processed later, has no evidence yet but
    // reuses that download; a again (next cycle) is answered without a call.
    await scorer.score(server('a'), { evidenceCache: caches[0] });
    await scorer.score(server('b'), { evidenceCache: caches[1] });
    const afterFirstReads = counts.status;
    now += 2 * 60_000; // a later cycle, within the 5 minutes
    await scorer.score(server('a'), { evidenceCache: caches[0] });
    await scorer.score(server('c'), { evidenceCache: caches[2] });
    expect(counts.archive).toBe(1);
    expect(counts.status).toBe(afterFirstReads);
    now += 4 * 60_000; // past them: one revalidation, still no download
    await scorer.score(server('a'), { evidenceCache: caches[0] });
    await scorer.score(server('b'), { evidenceCache: caches[1] });
    expect(counts.status).toBe(afterFirstReads + 1);
    expect(counts.archive).toBe(1);
    const afterProcessor = counts.status;

    // A report (caller credentials) revalidates: it is read fresh.
    const report = await makeReportScorer().score(server('a'), {
      evidenceCache: caches[0],
      credentials: mockCredentials.user(),
    });
    expect(report?.checks.length).toBeGreaterThan(0);
    expect(counts.status).toBe(afterProcessor + 1);
    expect(counts.archive).toBe(1);
  });

  it("revalidates another entity's copy of a location for an entity that has none yet", async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const scorer = makeScorer();
    const first = await scorer.score(server('a'), {
      evidenceCache: memoryCache(),
    });
    expect(counts.archive).toBe(1);
    now += 10 * 60_000; // past the revalidation interval
    // b is new (or its source became known only now): no copy of its own.
    const cache = memoryCache();
    const report = await scorer.score(server('b'), { evidenceCache: cache });
    expect(counts.archive).toBe(1); // asked whether it changed, not downloaded
    expect(report?.checks.map(c => [c.ruleId, c.verdict])).toEqual(
      first?.checks.map(c => [c.ruleId, c.verdict]),
    );
    // b now holds a copy of its own, for the next cycle and restarts.
    expect(report?.evidenceSource.status).toBe('ok');
    expect(
      (await cache.get(report!.evidenceSource.location!))?.etag,
    ).toBeDefined();

    // A report (caller credentials) does not use the processor's copies.
    now += 10 * 60_000;
    await makeReportScorer().score(server('c'), {
      evidenceCache: memoryCache(),
      credentials: mockCredentials.user(),
    });
    expect(counts.archive).toBe(2);
  });

  it('reads at its turn when the cache is shared with other processes, or takes what another read meanwhile', async () => {
    const scorer = makeScorer({}, { scmReadSharingMs: 1 });
    const steps: string[] = [];
    const own = memoryCache();
    const other: { read?: CachedEvidence } = {};
    const shared: EvidenceCache = {
      get: location => own.get(location),
      async set(value) {
        steps.push(`store ${value.etag}`);
        await own.set(value);
      },
      async takeTurn(_location, etag) {
        steps.push(`turn from ${etag ?? 'nothing'}`);
        return {
          latest: other.read,
          end: async () => {
            steps.push('end');
          },
        };
      },
    };
    await scorer.score(server('a'), { evidenceCache: shared });
    expect(counts.archive).toBe(1);
    // What was read is stored before the turn ends, for the next process.
    expect(steps.slice(0, 3)).toEqual([
      'turn from nothing',
      expect.stringMatching(new RegExp(`^store \\S*${SHA}$`)),
      'end',
    ]);

    // Another process read a newer commit while this one waited.
    const stored = (await own.get(
      'url:https://github.com/acme/recommender/tree/main/',
    ))!;
    other.read = {
      ...stored,
      etag: 'b'.repeat(40),
      evidence: { ...stored.evidence, codeFiles: ['serve.py'] },
    };
    await new Promise(resolve => setTimeout(resolve, 5));
    const status = counts.status;
    const report = await scorer.score(server('a'), { evidenceCache: shared });
    expect(counts.status).toBe(status); // the SCM is not asked at all
    expect(counts.archive).toBe(1);
    expect(report?.evidenceSource.status).toBe('ok');
    expect((await own.get(stored.location))?.etag).toBe('b'.repeat(40));
  });

  it('asks again once the configured interval has passed', async () => {
    const scorer = makeScorer({}, { scmReadSharingMs: 1 });
    const cache = memoryCache();
    await scorer.score(server('a'), { evidenceCache: cache });
    const first = counts.status;
    await new Promise(resolve => setTimeout(resolve, 5));
    await scorer.score(server('a'), { evidenceCache: cache });
    expect(counts.status).toBe(first + 1);
    expect(counts.archive).toBe(1); // revalidated, not downloaded
  });
});
