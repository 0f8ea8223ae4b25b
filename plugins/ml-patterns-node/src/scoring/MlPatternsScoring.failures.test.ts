import {
  mockCredentials,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
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

const SHA = 'a'.repeat(40);
const STATUS_URL =
  'https://api.github.com/repos/:owner/:repo/commits/:ref/status';

/** A serving unit whose repository fails two checks: unpinned, no review. */
const server = (name: string, folder = ''): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/source-location': `url:https://github.com/acme/recommender/tree/main/${folder}`,
    },
  },
  spec: { type: 'model-server', owner: 'group:default/recsys' },
});

describe('MlPatternsScoring when the SCM fails after a good read', () => {
  const msw = setupServer();
  registerMswTestHooks(msw);
  let counts: { archive: number; status: number };
  let repository: MockRepository;
  let now: number;

  beforeEach(() => {
    now = Date.parse('2026-12-07T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    repository = {
      owner: 'acme',
      repo: 'recommender',
      sha: SHA,
      tarball: githubTarball('acme-recommender-aaaaaaa', SHA, [
        [
          'Dockerfile',
          'FROM python:3.11-slim\nCOPY . /app\nCMD python app.py\n',
        ],
        ['requirements.txt', 'scikit-learn>=1.0\n'],
        ['app.py', 'import joblib\nmodel = joblib.load("model.pkl")\n'],
        ['svc/app.py', 'import joblib\n'],
      ]),
    };
    const mocks = githubHandlers([repository]);
    counts = mocks.counts;
    msw.use(...mocks.handlers);
  });

  afterEach(() => jest.restoreAllMocks());

  /** From now on GitHub answers every status call with `status`. */
  function failWith(status: number) {
    msw.use(
      http.get(STATUS_URL, () => {
        counts.status += 1;
        return HttpResponse.json({ message: 'failing' }, { status });
      }),
    );
  }

  it.each([500, 429, 403])(
    'keeps the grade of the last good read, marked stale, when GitHub answers %i',
    async status => {
      const scorer = makeScorer();
      const cache = memoryCache();
      const good = await scorer.score(server('a'), { evidenceCache: cache });
      expect(good?.evidenceSource.status).toBe('ok');
      expect(good?.grade).not.toBeNull();
      expect(good?.grade).not.toBe('A');

      failWith(status);
      now += 10 * 60_000; // past the revalidation interval
      const during = await scorer.score(server('a'), { evidenceCache: cache });
      expect(during?.evidenceSource).toMatchObject({
        status: 'stale',
        readAt: '2026-12-07T10:00:00.000Z',
      });
      expect(during?.evidenceSource.reason).toMatch(/could not read/);
      // Never re-graded on the descriptor checks alone.
      expect(during?.score).toBe(good?.score);
      expect(during?.grade).toBe(good?.grade);
      expect(during?.checks.map(c => [c.ruleId, c.verdict])).toEqual(
        good?.checks.map(c => [c.ruleId, c.verdict]),
      );
      expect(counts.archive).toBe(1);
    },
  );

  it('stops scoring once the last good read is older than maxStaleAge', async () => {
    const scorer = makeScorer({ evidence: { maxStaleAge: { hours: 1 } } });
    const cache = memoryCache();
    await scorer.score(server('a'), { evidenceCache: cache });
    failWith(500);
    now += 30 * 60_000;
    expect(
      (await scorer.score(server('a'), { evidenceCache: cache }))
        ?.evidenceSource.status,
    ).toBe('stale');
    now += 40 * 60_000; // 70 minutes since the good read
    const late = await scorer.score(server('a'), { evidenceCache: cache });
    expect(late?.evidenceSource.status).toBe('unavailable');
    expect(late?.evidenceSource.reason).toMatch(/older than the maximum age/);
    expect(late?.score).toBeNull();
    expect(late?.grade).toBeNull();
  });

  it('does not score an entity whose repository is gone (404)', async () => {
    const scorer = makeScorer();
    const cache = memoryCache();
    await scorer.score(server('a'), { evidenceCache: cache });
    failWith(404);
    now += 10 * 60_000;
    const gone = await scorer.score(server('a'), { evidenceCache: cache });
    expect(gone?.evidenceSource.status).toBe('unavailable');
    expect(gone?.score).toBeNull();
    expect(gone?.grade).toBeNull();
  });

  it('does not grade an entity whose repository was never read', async () => {
    failWith(500);
    const report = await makeScorer().score(server('a'), {
      evidenceCache: memoryCache(),
    });
    expect(report?.evidenceSource.status).toBe('unavailable');
    expect(report?.grade).toBeNull();
    expect(report?.score).toBeNull();
    // The checks that could be verified are still there to see.
    expect(report?.checks.some(c => c.verdict === 'pass')).toBe(true);
  });

  it('lets reports revalidate what an earlier report read, and keep it through a rate limit', async () => {
    const scorer = makeReportScorer();
    const credentials = mockCredentials.user();
    const first = await scorer.score(server('a', 'svc'), { credentials });
    expect(first?.evidenceSource.status).toBe('ok');
    expect(counts.archive).toBe(1);

    now += 60_000; // past the 15 s a read is shared
    await scorer.score(server('a', 'svc'), { credentials });
    expect(counts.archive).toBe(1); // revalidated, not downloaded

    failWith(429);
    now += 60_000;
    const statusBefore = counts.status;
    const limited = await scorer.score(server('a', 'svc'), { credentials });
    expect(limited?.evidenceSource.status).toBe('stale');
    expect(limited?.grade).toBe(first?.grade);
    // One request: no second read of the folder alone after a 429.
    expect(counts.status).toBe(statusBefore + 1);
  });

  it('does not keep an archive that yields no files under its ETag', async () => {
    repository.tarball = githubTarball('acme-recommender-aaaaaaa', SHA, []);
    const scorer = makeScorer();
    const cache = memoryCache();
    const broken = await scorer.score(server('a'), { evidenceCache: cache });
    expect(broken?.evidenceSource.status).toBe('unavailable');
    expect(broken?.grade).toBeNull();

    // The SCM recovers; the commit is the same.
    repository.tarball = githubTarball('acme-recommender-aaaaaaa', SHA, [
      ['requirements.txt', 'scikit-learn==1.4.2\n'],
      ['app.py', 'import joblib\n'],
    ]);
    now += 10 * 60_000;
    const fixed = await scorer.score(server('a'), { evidenceCache: cache });
    expect(fixed?.evidenceSource.status).toBe('ok');
    expect(fixed?.grade).not.toBeNull();
    expect(counts.archive).toBe(2);
  });
});
