import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { RepositoryEvidenceTable } from './RepositoryEvidenceTable';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const location = 'url:https://github.com/acme/ranker/tree/main/serving';

describe.each(databases.eachSupportedId())(
  'RepositoryEvidenceTable on %s',
  databaseId => {
    async function twoReplicas() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const a = await RepositoryEvidenceTable.create({ database });
      const b = await RepositoryEvidenceTable.create({ database });
      return { a, b, knex };
    }

    it('never moves a location back to evidence read earlier', async () => {
      const { a, b } = await twoReplicas();
      // Replica b read the new commit after replica a read the old one,
      // but a's write arrives last.
      await b.write(location, { etag: 'new', evidence: 'N', readAt: 2_000 });
      await a.write(location, { etag: 'old', evidence: 'O', readAt: 1_000 });
      expect(await a.read(location)).toEqual({ etag: 'new', evidence: 'N' });
      // A later read replaces it.
      await a.write(location, { etag: 'next', evidence: 'X', readAt: 3_000 });
      expect(await b.read(location)).toEqual({ etag: 'next', evidence: 'X' });
    });

    it('replaces a row whose read time is not known', async () => {
      const { a, knex } = await twoReplicas();
      await a.write(location, { etag: 'first', evidence: 'F', readAt: 5 });
      await knex('ml_patterns_repository_evidence').update({ read_at: null });
      await a.write(location, { etag: 'second', evidence: 'S', readAt: 1 });
      expect((await a.read(location))?.etag).toBe('second');
    });
  },
);
