/*
 * Two backend replicas (each a real catalog with the ml-patterns module, in
 * a process of its own) share one PostgreSQL database and the processing
 * of a generated ML organisation. One is killed (SIGKILL) in the middle of
 * the cycle that follows a push to every repository. The other must finish
 * that work: every in-scope entity ends stamped exactly as a one-replica
 * catalog of the same organisation stamps it (run alongside, on a database
 * of its own), the evidence table holds readable evidence of the pushed
 * commits only, and the killed replica, restarted, rejoins without
 * downloading what the table holds.
 *
 * Needs PostgreSQL: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * (scripts/postgres.sh starts one); without it, TestDatabases leaves the
 * PostgreSQL case out, as in the repository's other database tests.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import { writeCatalog } from '../processing/organisation/catalogFiles';
import {
  Repository,
  generateRepositories,
} from '../processing/organisation/repositories';
import { startFakeGithub } from '../processing/scm/fakeGithub';
import { Replica, forkReplica } from './replica/forkReplica';
import { ReplicaOptions } from './replica/ReplicaOptions';
import {
  SharedCatalog,
  dropCatalogDatabase,
  freshPrefix,
  openCatalogDatabase,
  readEvidenceRows,
  readStamps,
} from './sharedCatalog';
import { waitFor } from './waitFor';

// Four backend start-ups and three cycles: 2–3 minutes on a 2-core
// machine under a load average of 10–15; the limits only bound a failure.
jest.setTimeout(600_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** 10 teams: 5 ML teams, 65 entities in scope, on 10 repositories. */
const ENTITIES = 250;
const REPOSITORIES = 10;
/** The catalog's processing interval: a cycle every few seconds. */
const INTERVAL_S = 3;

const all = (repos: { serving: Repository[]; training: Repository[] }) => [
  ...repos.serving,
  ...repos.training,
];

/** The repository a stored location is in (`url:https://github.com/org/<name>/tree/…`). */
const repositoryOf = (location: string) => location.split('/')[4];

function differences(
  actual: Map<string, string>,
  expected: Map<string, string>,
) {
  const refs = new Set([...actual.keys(), ...expected.keys()]);
  return [...refs]
    .filter(ref => actual.get(ref) !== expected.get(ref))
    .map(
      ref =>
        `${ref}\n  got      ${actual.get(ref)}\n  expected ${expected.get(
          ref,
        )}`,
    );
}

describe('the stand-in SCM', () => {
  it('tells the downloads of two replicas apart by their tokens', async () => {
    const [repo] = all(generateRepositories({ count: 2 }));
    const github = await startFakeGithub([repo], { latencyMs: 0 });
    try {
      for (const token of ['replica-a', 'replica-b', 'replica-a']) {
        const res = await fetch(
          `${github.baseUrl}/repos/bench-org/${repo.name}/tarball/${repo.sha}`,
          { headers: { authorization: `token ${token}` } },
        );
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      expect(github.downloads.map(d => d.token)).toEqual([
        'replica-a',
        'replica-b',
        'replica-a',
      ]);
      expect(github.counts).toMatchObject({ archive: 3, redownloads: 2 });
    } finally {
      await github.close();
    }
  });
});

describe.each(databases.eachSupportedId())('two replicas on %s', databaseId => {
  it('finish the work of a replica killed mid-cycle, stamp as one replica does, and keep the evidence table whole', async () => {
    const server = await databases.init(databaseId);
    // Knex hides the password from enumeration: copy it by name.
    const { host, port, user, password } = server.client.config.connection;
    const connection = { host, port, user, password };
    await server.destroy();
    const shared: SharedCatalog = { connection, prefix: freshPrefix('two') };
    const reference: SharedCatalog = {
      connection,
      prefix: freshPrefix('one'),
    };

    const v1 = generateRepositories({ count: REPOSITORIES });
    const v2 = generateRepositories({ count: REPOSITORIES, version: 2 });
    const v2Sha = new Map(all(v2).map(r => [r.name, r.sha]));
    const files = writeCatalog(v1, ENTITIES);

    let killA: (() => void) | undefined;
    const github = await startFakeGithub(all(v1), {
      // Downloads take a while, so that a kill lands mid-download.
      latencyMs: 150,
      onArchive: download => {
        if (download.token === 'replica-a' && v2Sha.has(download.repository)) {
          if (v2Sha.get(download.repository) === download.sha) killA?.();
        }
      },
    });
    // The one-replica catalog sees the organisation as it ends: pushed.
    const referenceGithub = await startFakeGithub(all(v2), { latencyMs: 0 });

    const replica = (
      label: string,
      catalog: SharedCatalog,
      githubApi: string,
    ): ReplicaOptions => ({
      label,
      token: label,
      root: files.root,
      githubApi,
      connection: catalog.connection,
      prefix: catalog.prefix,
      withModule: true,
      processingIntervalS: INTERVAL_S,
      // Every processing revalidates: a push is seen on the next cycle.
      revalidateAfterS: 1,
    });
    const optionsA = replica('replica-a', shared, github.baseUrl);
    /** Every replica forked, up or not, to be killed at the end. */
    const started: Array<Pick<Replica, 'kill'>> = [];
    const start = (options: ReplicaOptions) => forkReplica(options, started);

    try {
      // A first (it migrates the shared database), then B.
      const [a] = await Promise.all([
        start(optionsA),
        start(replica('reference', reference, referenceGithub.baseUrl)),
      ]);
      const b = await start(replica('replica-b', shared, github.baseUrl));
      const sharedDb = openCatalogDatabase(shared);
      const referenceDb = openCatalogDatabase(reference);
      try {
        // First cycle: every in-scope entity stamped, by both replicas.
        await waitFor('the first cycle on two replicas', 180_000, async () =>
          (await readStamps(sharedDb)).size >= files.inScope ? true : undefined,
        );
        expect(await a.call<number>('processed')).toBeGreaterThan(0);
        expect(await b.call<number>('processed')).toBeGreaterThan(0);
        // The replicas took turns to read each repository: no commit was
        // downloaded by both.
        const firstCycle = github.downloads.map(
          d => `${d.repository}@${d.sha}`,
        );
        expect(firstCycle.length).toBeGreaterThan(0);
        expect(new Set(firstCycle).size).toBe(firstCycle.length);

        // A push to every repository; A is killed at its first download
        // of a pushed commit, in the middle of that cycle.
        let killed = false;
        killA = () => {
          killA = undefined;
          a.kill().then(() => {
            killed = true;
          });
        };
        const pushedAt = github.downloads.length;
        all(v2).forEach(repo => github.serve(repo));
        await waitFor(
          'replica A to download a pushed commit',
          120_000,
          async () => (killed ? true : undefined),
        );
        const firstStamps = await readStamps(sharedDb);

        // B finishes the cycle: the stamps equal the one replica's.
        let last: string[] = [];
        await waitFor('replica B to finish the cycle', 180_000, async () => {
          const [got, expected] = await Promise.all([
            readStamps(sharedDb),
            readStamps(referenceDb),
          ]);
          last = differences(got, expected);
          return expected.size >= files.inScope && last.length === 0
            ? true
            : undefined;
        }).catch(error => {
          throw new Error(`${error}\n${last.slice(0, 5).join('\n')}`);
        });
        const finalStamps = await readStamps(sharedDb);
        expect(finalStamps.size).toBe(files.inScope);
        // The push changed verdicts: the check above could have failed.
        expect(differences(firstStamps, finalStamps).length).toBeGreaterThan(0);

        // The table: one readable row per repository, at its pushed commit.
        const rows = await readEvidenceRows(sharedDb);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row).toMatchObject({
            readable: true,
            commit: v2Sha.get(repositoryOf(row.location)),
          });
        }
        // B downloaded each pushed commit at most once.
        const byB = github.downloads
          .slice(pushedAt)
          .filter(d => d.token === 'replica-b')
          .map(d => `${d.repository}@${d.sha}`);
        expect(new Set(byB).size).toBe(byB.length);

        // A restarted rejoins: it revalidates every repository through
        // the table's ETags and downloads nothing.
        const beforeRestart = {
          downloads: github.downloads.length,
          revalidations: github.revalidations.length,
        };
        await start(optionsA);
        await waitFor(
          'the restarted replica to revalidate',
          120_000,
          async () => {
            const revalidated = new Set(
              github.revalidations
                .slice(beforeRestart.revalidations)
                .filter(r => r.token === 'replica-a')
                .map(r => r.repository),
            );
            return revalidated.size === REPOSITORIES ? true : undefined;
          },
        );
        expect(github.downloads.slice(beforeRestart.downloads)).toEqual([]);
        expect(differences(await readStamps(sharedDb), finalStamps)).toEqual(
          [],
        );
      } finally {
        await sharedDb.destroy();
        await referenceDb.destroy();
      }
    } finally {
      await Promise.all(started.map(r => r.kill()));
      await github.close();
      await referenceGithub.close();
      await dropCatalogDatabase(shared);
      await dropCatalogDatabase(reference);
      fs.rmSync(files.dir, { recursive: true, force: true });
    }
  });
});
