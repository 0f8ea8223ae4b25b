import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { JsonValue } from '@backstage/types';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { CachedEvidence } from '@ml-patterns/plugin-ml-patterns-node';
import { Knex } from 'knex';
import { processorEvidenceCache } from './processorEvidenceCache';
import { RepositoryEvidenceTable } from './RepositoryEvidenceTable';
import { SharedRepositoryEvidence } from './SharedRepositoryEvidence';

jest.setTimeout(60_000);

// PostgreSQL runs when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at a server (TestDatabases skips it otherwise, outside CI).
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/** The catalog keeps a processor's cache as JSON in its state; so does this. */
function jsonCache(initial: Record<string, JsonValue> = {}) {
  let state = JSON.stringify(initial);
  const cache: CatalogProcessorCache = {
    async get<T extends JsonValue>(key: string) {
      return JSON.parse(state)[key] as T | undefined;
    },
    async set(key, value) {
      state = JSON.stringify({ ...JSON.parse(state), [key]: value });
    },
  };
  return { cache, state: () => JSON.parse(state), text: () => state };
}

const location = 'url:https://github.com/acme/ranker/tree/main/serving';

const cached: CachedEvidence = {
  location,
  etag: 'abc123',
  evidence: {
    status: 'ok',
    location,
    codeFiles: Array.from({ length: 20 }, (_, i) => `app/module_${i}.py`),
    notebooks: [],
    modelFiles: [],
    problems: [],
  } as unknown as CachedEvidence['evidence'],
};

const changed: CachedEvidence = {
  ...cached,
  etag: 'def456',
  evidence: { ...cached.evidence, codeFiles: [] },
};

describe.each(databases.eachSupportedId())(
  'processorEvidenceCache on %s',
  databaseId => {
    let knex: Knex;
    const logger = mockServices.logger.mock();

    /** A processor's shared evidence, as after a (re)start of the catalog. */
    async function startShared() {
      const table = await RepositoryEvidenceTable.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return new SharedRepositoryEvidence(table, logger);
    }

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      logger.warn.mockClear();
    });

    it('keeps the evidence once per location; each entity only points at it', async () => {
      const shared = await startShared();
      const first = jsonCache();
      const second = jsonCache();
      await processorEvidenceCache(first.cache, shared).set(cached);
      await processorEvidenceCache(second.cache, shared).set(cached);

      expect(first.state()).toEqual({
        evidence: { location, etag: 'abc123' },
      });
      expect(second.state()).toEqual(first.state());
      const rows = await knex('ml_patterns_repository_evidence').select();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ location, etag: 'abc123' });
      expect(rows[0].evidence).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(rows[0].evidence.length).toBeLessThan(
        JSON.stringify(cached.evidence).length / 2,
      );

      const a = await processorEvidenceCache(first.cache, shared).get(location);
      const b = await processorEvidenceCache(second.cache, shared).get(
        location,
      );
      expect(a).toEqual(cached);
      expect(b?.evidence).toBe(a?.evidence); // parsed once
    });

    it('survives a restart: the table still has what the state points at', async () => {
      const entity = jsonCache();
      await processorEvidenceCache(entity.cache, await startShared()).set(
        cached,
      );
      const restarted = await startShared(); // migrations run again: a no-op
      expect(
        await processorEvidenceCache(entity.cache, restarted).get(location),
      ).toEqual(cached);
    });

    it('gives an entity behind on a location the newer evidence another entity read, and points it there', async () => {
      const shared = await startShared();
      const behind = jsonCache();
      const ahead = jsonCache();
      await processorEvidenceCache(behind.cache, shared).set(cached);
      await processorEvidenceCache(ahead.cache, shared).set(changed);

      // After a restart too, when nothing is in memory.
      for (const current of [shared, await startShared()]) {
        expect(
          await processorEvidenceCache(behind.cache, current).get(location),
        ).toEqual(changed);
        expect(behind.state().evidence.etag).toBe('def456');
      }
    });

    it('gives an entity without a pointer the evidence another replica stored for its location, and points it there', async () => {
      await processorEvidenceCache(jsonCache().cache, await startShared()).set(
        changed,
      );
      const otherReplica = await startShared(); // nothing in its memory
      const newcomer = jsonCache();
      expect(
        await processorEvidenceCache(newcomer.cache, otherReplica).get(
          location,
        ),
      ).toEqual(changed);
      expect(newcomer.state()).toEqual({
        evidence: { location, etag: 'def456' },
      });
      const moved = jsonCache({
        evidence: { location: 'url:https://github.com/acme/old', etag: 'x' },
      });
      expect(
        await processorEvidenceCache(moved.cache, otherReplica).get(location),
      ).toEqual(changed);
    });

    it('gives nothing for another location, or for a location never stored', async () => {
      const shared = await startShared();
      const entity = jsonCache();
      await processorEvidenceCache(entity.cache, shared).set(cached);
      expect(
        await processorEvidenceCache(entity.cache, shared).get(
          'url:https://github.com/acme/other',
        ),
      ).toBeUndefined();
      const pointingNowhere = jsonCache({
        evidence: { location: 'url:https://github.com/acme/gone', etag: 'x' },
      });
      expect(
        await processorEvidenceCache(pointingNowhere.cache, shared).get(
          'url:https://github.com/acme/gone',
        ),
      ).toBeUndefined();
    });

    it('treats an unreadable row as none', async () => {
      const shared = await startShared();
      const entity = jsonCache();
      await processorEvidenceCache(entity.cache, shared).set(cached);
      await knex('ml_patterns_repository_evidence').update({
        evidence: 'bm90IGRlZmxhdGVk',
      });
      expect(
        await processorEvidenceCache(entity.cache, await startShared()).get(
          location,
        ),
      ).toBeUndefined();
    });

    it('keeps the state as it was and logs when the table cannot be written or read', async () => {
      const shared = await startShared();
      const entity = jsonCache();
      await processorEvidenceCache(entity.cache, shared).set(cached);
      const before = entity.text();
      await knex.schema.dropTable('ml_patterns_repository_evidence');

      await processorEvidenceCache(entity.cache, shared).set(changed);
      expect(entity.text()).toBe(before);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(/storing the evidence of .*ranker.* failed/),
      );
      // Nothing in memory (a restart) and no table: none, and one more line.
      const restarted = new SharedRepositoryEvidence(
        new RepositoryEvidenceTable(knex),
        logger,
      );
      expect(
        await processorEvidenceCache(entity.cache, restarted).get(location),
      ).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /reading the stored evidence of .*ranker.* failed/,
        ),
      );
    });
  },
);
