/*
 * Replicas that meet a new commit at the same moment download it once: one
 * reads while the other waits for its lease to end, then takes the stored
 * evidence. Each replica here is a processor of its own (its own scorer,
 * evidence table, leases and, on PostgreSQL, database connection) on one
 * database, reading GitHub through Backstage's real reader (mocked with
 * msw).
 *
 * PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * points at a server (TestDatabases skips it otherwise, outside CI).
 */
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  TestDatabases,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonValue } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { IncrementalScorer } from '../scoring/IncrementalScorer';
import { MlPatternsProcessor } from './MlPatternsProcessor';
import { RepositoryEvidenceTable } from './RepositoryEvidenceTable';
import { RepositoryReadLeases } from './RepositoryReadLeases';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const LEASES_TABLE = 'ml_patterns_repository_read_leases';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ranker-api',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location':
        'url:https://github.com/acme/ranker/tree/main/',
    },
  },
  spec: { type: 'model-server', owner: 'group:default/recsys' },
};

/** A gzipped tarball laid out like GitHub's archive of `acme/ranker` at `sha`. */
function githubTarball(sha: string, files: Record<string, string>): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-patterns-lease-'));
  try {
    const prefix = `acme-ranker-${sha.slice(0, 7)}`;
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, prefix, file)), {
        recursive: true,
      });
      fs.writeFileSync(path.join(dir, prefix, file), content);
    }
    const archive = path.join(dir, 'archive.tar.gz');
    tar.create({ gzip: true, cwd: dir, sync: true, file: archive }, [prefix]);
    return fs.readFileSync(archive);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The repository as GitHub serves it to Backstage's reader: the commit of
 * the ref, and its archive, slow enough that reads started together
 * overlap. `downloads` lists the commits whose archive was fetched.
 */
function mockGithub(msw: ReturnType<typeof setupServer>) {
  const repo = { sha: '', tarball: Buffer.alloc(0) };
  const downloads: string[] = [];
  msw.use(
    http.get(
      'https://api.github.com/repos/acme/ranker/commits/:ref/status',
      () =>
        HttpResponse.json({
          sha: repo.sha,
          repository: {
            archive_url:
              'https://api.github.com/repos/acme/ranker/{archive_format}{/ref}',
          },
        }),
    ),
    http.get(
      'https://api.github.com/repos/acme/ranker/tarball/:sha',
      async ({ params }) => {
        downloads.push(String(params.sha));
        await delay(300);
        return new HttpResponse(repo.tarball, {
          headers: { 'Content-Type': 'application/x-gzip' },
        });
      },
    ),
  );
  return {
    downloads,
    push(sha: string, files: Record<string, string>) {
      repo.sha = sha;
      repo.tarball = githubTarball(sha, files);
    },
  };
}

/** An entity's processor cache, kept as JSON as the catalog keeps it. */
function processorCache(): CatalogProcessorCache {
  let state = '{}';
  return {
    async get<T extends JsonValue>(key: string) {
      return JSON.parse(state)[key] as T | undefined;
    },
    async set(key, value) {
      state = JSON.stringify({ ...JSON.parse(state), [key]: value });
    },
  };
}

/** The `ml-patterns.io/*` annotations a processing stamped. */
function stampsOf(processed: Entity) {
  return Object.fromEntries(
    Object.entries(processed.metadata.annotations ?? {}).filter(([key]) =>
      key.startsWith('ml-patterns.io/'),
    ),
  );
}

describe.each(databases.eachSupportedId())(
  'RepositoryReadLeases on %s',
  databaseId => {
    const msw = setupServer();
    registerMswTestHooks(msw);
    let github: ReturnType<typeof mockGithub>;
    const opened: Knex[] = [];

    /**
     * Another connection to the database of `knex`, as a replica in a
     * process of its own has (SQLite in memory: the same connection).
     */
    function connectAgain(knex: Knex): Knex {
      if (!databaseId.startsWith('POSTGRES')) return knex;
      // Knex hides the password from enumeration: copy it by name.
      const { host, port, user, password, database } =
        knex.client.config.connection;
      const another = knexFactory({
        client: 'pg',
        connection: { host, port, user, password, database },
      });
      opened.push(another);
      return another;
    }

    /** A replica's processor on `knex`; `now` is its leases' clock. */
    async function startReplica(knex: Knex, now?: () => number) {
      const config = new ConfigReader({
        integrations: { github: [{ host: 'github.com', token: 'test' }] },
        // Every processing asks GitHub: pushes are seen at once.
        mlPatterns: { evidence: { revalidateAfter: { milliseconds: 1 } } },
      });
      const logger = mockServices.logger.mock();
      const scorer = IncrementalScorer.create({
        config,
        logger,
        urlReader: UrlReaders.default({ config, logger }),
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
      });
      const processor = new MlPatternsProcessor({
        scorer,
        logger,
        evidenceTable: await RepositoryEvidenceTable.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        }),
        readLeases: new RepositoryReadLeases(knex, {
          leaseMs: 10_000,
          pollMs: 20,
          now,
        }),
      });
      const cache = processorCache();
      return {
        logger,
        process: async () =>
          stampsOf(
            await processor.postProcessEntity(
              entity,
              { type: 'url', target: 'https://github.com/acme/ranker/' },
              () => {},
              cache,
            ),
          ),
      };
    }

    beforeEach(() => {
      github = mockGithub(msw);
      github.push('a'.repeat(40), {
        Dockerfile: 'FROM python:3.11-slim\nCOPY . /app\n',
        'requirements.txt': 'scikit-learn==1.4.2\n',
        'app.py': 'import joblib\n',
      });
    });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map(knex => knex.destroy()));
    });

    it('lets two replicas that meet a new commit at the same moment download it once', async () => {
      const knex = await databases.init(databaseId);
      const a = await startReplica(knex);
      const b = await startReplica(connectAgain(knex));

      const [first, second] = await Promise.all([a.process(), b.process()]);
      expect(github.downloads).toEqual(['a'.repeat(40)]);
      expect(first['ml-patterns.io/role']).toBe('serving-unit');
      expect(second).toEqual(first);

      // A push, met by both at the same moment again: one download of it.
      github.push('b'.repeat(40), {
        Dockerfile: 'FROM python:3.11-slim\nCOPY . /app\n',
        'requirements.txt': 'torch==2.3.0\n',
        'serve.py': 'import torch\nmodel = torch.load("model.pt")\n',
      });
      const [pushedA, pushedB] = await Promise.all([a.process(), b.process()]);
      expect(github.downloads).toEqual(['a'.repeat(40), 'b'.repeat(40)]);
      expect(pushedB).toEqual(pushedA);
      expect(pushedA).not.toEqual(first);
      expect(await knex(LEASES_TABLE).select()).toEqual([]);
      expect(a.logger.warn).not.toHaveBeenCalled();
      expect(b.logger.warn).not.toHaveBeenCalled();
    });

    it('lets a replica that meets a push after another read it take the stored evidence', async () => {
      const knex = await databases.init(databaseId);
      const a = await startReplica(knex);
      const b = await startReplica(connectAgain(knex));
      const first = await a.process();
      expect(await b.process()).toEqual(first);
      expect(github.downloads).toEqual(['a'.repeat(40)]);

      github.push('b'.repeat(40), {
        Dockerfile: 'FROM python:3.11-slim\nCOPY . /app\n',
        'requirements.txt': 'torch==2.3.0\n',
        'serve.py': 'import torch\nmodel = torch.load("model.pt")\n',
      });
      const pushed = await a.process();
      expect(pushed).not.toEqual(first);
      // B still holds the commit before the push: it finds the pushed one
      // stored when its turn comes, and downloads nothing.
      expect(await b.process()).toEqual(pushed);
      expect(github.downloads).toEqual(['a'.repeat(40), 'b'.repeat(40)]);
    });

    it('takes over the lease of a replica that died mid-read once it expires', async () => {
      const knex = await databases.init(databaseId);
      let clock = Date.parse('2026-12-08T10:00:00Z');
      const now = () => clock;
      const b = await startReplica(connectAgain(knex), now);
      // Replica A took its turn to read the repository, then was killed.
      const dead = new RepositoryReadLeases(knex, {
        leaseMs: 10_000,
        pollMs: 20,
        now,
      });
      expect(
        await dead.take('url:https://github.com/acme/ranker/tree/main/'),
      ).toBeDefined();

      let done = false;
      const processed = b.process().finally(() => {
        done = true;
      });
      // B waits while the lease lasts (it looks again every 20 ms)…
      await new Promise(resolve => setTimeout(resolve, 500));
      expect(done).toBe(false);
      expect(github.downloads).toEqual([]);
      // …and reads once it has expired.
      clock += 10_001;
      expect((await processed)['ml-patterns.io/role']).toBe('serving-unit');
      expect(github.downloads).toEqual(['a'.repeat(40)]);
      expect(await knex(LEASES_TABLE).select()).toEqual([]);
    });

    it('gives an expired lease to one of two replicas taking it over at once', async () => {
      const knex = await databases.init(databaseId);
      let clock = 1_000_000;
      const leases = (db: Knex) =>
        new RepositoryReadLeases(db, {
          leaseMs: 1_000,
          pollMs: 20,
          now: () => clock,
        });
      await RepositoryEvidenceTable.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const location = 'url:https://github.com/acme/ranker/tree/main/';
      const dead = await leases(knex).take(location);
      expect(dead).toBeDefined();
      expect(await leases(knex).take(location)).toBeUndefined();

      clock += 1_001;
      const takers = [leases(knex), leases(connectAgain(knex))];
      const taken = await Promise.all(takers.map(l => l.take(location)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      // The dead holder's late release does not end the new holder's lease.
      await leases(knex).release(location, dead!);
      expect(await knex(LEASES_TABLE).select('holder')).toEqual([
        { holder: taken.find(Boolean) },
      ]);
    });
  },
);
