import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { setupServer } from 'msw/node';
import {
  githubHandlers,
  githubTarball,
} from '../evidence/read/__testUtils__/githubArchive';
import { CachedEvidence, EvidenceCache } from './EvidenceCache';
import { MlPatternsScorer } from './MlPatternsScorer';

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

/** One entity's processor cache. */
function memoryCache(): EvidenceCache {
  let value: CachedEvidence | undefined;
  return {
    async get(location) {
      return value?.location === location ? value : undefined;
    },
    async set(next) {
      value = next;
    },
  };
}

function makeScorer(mlPatterns: object = {}) {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test' }] },
    mlPatterns,
  });
  const logger = mockServices.logger.mock();
  return MlPatternsScorer.create({
    config,
    logger,
    urlReader: UrlReaders.default({ config, logger }),
    catalog: catalogServiceMock({ entities: [] }),
    auth: mockServices.auth(),
  });
}

describe('MlPatternsScorer reading SCM sources', () => {
  const msw = setupServer();
  registerMswTestHooks(msw);
  let counts: { archive: number; status: number };

  beforeEach(() => {
    const mocks = githubHandlers([
      {
        owner: 'acme',
        repo: 'recommender',
        sha: SHA,
        tarball: githubTarball('acme-recommender-aaaaaaa', SHA, [
          ['Dockerfile', 'FROM python:3.11-slim\nCOPY . /app\n'],
          ['requirements.txt', 'scikit-learn==1.4.2\n'],
          ['app.py', 'import joblib\n'],
        ]),
      },
    ]);
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
    const report = await scorer.score(server('a'), {
      evidenceCache: caches[0],
      credentials: mockCredentials.user(),
    });
    expect(report?.checks.length).toBeGreaterThan(0);
    expect(counts.status).toBe(afterProcessor + 1);
    expect(counts.archive).toBe(1);
  });

  it('asks again once the configured interval has passed', async () => {
    const scorer = makeScorer({
      evidence: { revalidateAfter: { milliseconds: 1 } },
    });
    const cache = memoryCache();
    await scorer.score(server('a'), { evidenceCache: cache });
    const first = counts.status;
    await new Promise(resolve => setTimeout(resolve, 5));
    await scorer.score(server('a'), { evidenceCache: cache });
    expect(counts.status).toBe(first + 1);
    expect(counts.archive).toBe(1); // revalidated, not downloaded
  });
});
