import { JsonValue } from '@backstage/types';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { CachedEvidence } from '@ml-patterns/plugin-ml-patterns-node';
import {
  ParsedEvidenceMemo,
  processorEvidenceCache,
} from './processorEvidenceCache';

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
  return { cache, state: () => JSON.parse(state) };
}

const cached: CachedEvidence = {
  location: 'url:https://github.com/acme/ranker/tree/main/serving',
  etag: 'abc123',
  evidence: {
    status: 'ok',
    location: 'url:https://github.com/acme/ranker/tree/main/serving',
    codeFiles: ['app/main.py'],
    notebooks: [],
    modelFiles: [],
    problems: [],
  } as unknown as CachedEvidence['evidence'],
};

describe('processorEvidenceCache', () => {
  it('keeps the evidence as one compact string and gives it back as it was', async () => {
    const { cache, state } = jsonCache();
    const listed: CachedEvidence = {
      ...cached,
      evidence: {
        ...cached.evidence,
        codeFiles: Array.from({ length: 20 }, (_, i) => `app/module_${i}.py`),
      },
    };
    await processorEvidenceCache(cache).set(listed);

    const stored = state().evidence;
    expect(stored.etag).toBe('abc123');
    expect(stored.encoding).toBe('deflate-base64');
    expect(stored.evidence).toMatch(/^[A-Za-z0-9+/]+=*$/); // nothing to escape
    expect(stored.evidence.length).toBeLessThan(
      JSON.stringify(listed.evidence).length / 2,
    );
    expect(await processorEvidenceCache(cache).get(cached.location)).toEqual(
      listed,
    );
  });

  it('parses the evidence of a location and ETag once for every entity that stored it', async () => {
    const memo = new ParsedEvidenceMemo();
    const first = jsonCache();
    const second = jsonCache();
    await processorEvidenceCache(first.cache, memo).set(cached);
    await processorEvidenceCache(second.cache, memo).set(cached);
    const a = await processorEvidenceCache(first.cache, memo).get(
      cached.location,
    );
    const b = await processorEvidenceCache(second.cache, memo).get(
      cached.location,
    );
    expect(a?.evidence).toEqual(cached.evidence);
    expect(b?.evidence).toBe(a?.evidence);

    // Another ETag is other evidence.
    const changed = {
      ...cached,
      etag: 'def456',
      evidence: { ...cached.evidence, codeFiles: [] },
    };
    await processorEvidenceCache(second.cache, memo).set(changed);
    expect(
      (await processorEvidenceCache(second.cache, memo).get(cached.location))
        ?.evidence,
    ).toEqual(changed.evidence);
  });

  it('gives nothing for another location', async () => {
    const { cache } = jsonCache();
    await processorEvidenceCache(cache).set(cached);
    expect(
      await processorEvidenceCache(cache).get(
        'url:https://github.com/acme/other',
      ),
    ).toBeUndefined();
  });

  it('reads evidence earlier versions stored as a JSON string', async () => {
    const { cache } = jsonCache({
      evidence: {
        location: cached.location,
        etag: 'abc123',
        evidence: JSON.stringify(cached.evidence),
      },
    });
    expect(await processorEvidenceCache(cache).get(cached.location)).toEqual(
      cached,
    );
  });

  it('reads evidence an older version stored as an object', async () => {
    const { cache } = jsonCache({ evidence: cached as unknown as JsonValue });
    expect(await processorEvidenceCache(cache).get(cached.location)).toEqual(
      cached,
    );
  });

  it.each([
    ['JSON', { evidence: '{oops' }],
    [
      'deflated data',
      { evidence: 'bm90IGRlZmxhdGVk', encoding: 'deflate-base64' },
    ],
  ])(
    'treats unreadable stored evidence (%s) as none, so the source is read again',
    async (_, broken) => {
      const { cache } = jsonCache({
        evidence: { location: cached.location, etag: 'abc123', ...broken },
      });
      expect(
        await processorEvidenceCache(cache).get(cached.location),
      ).toBeUndefined();
    },
  );
});
