import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { RepositoryEvidenceReader } from './RepositoryEvidenceReader';
import { readUrlTree } from './readUrlTree';
import { githubHandlers, githubTarball } from './__testUtils__/githubArchive';

const SHA = 'a'.repeat(40);
const MONO_SHA = 'b'.repeat(40);
const BIG_SHA = 'c'.repeat(40);

const recommender: Array<[string, string | Buffer]> = [
  [
    'Dockerfile',
    'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY src/ /app/src/\nCMD ["python", "-m", "src.serve"]\n',
  ],
  ['requirements.txt', 'scikit-learn==1.4.2\nfastapi==0.110.0\n'],
  [
    'src/serve.py',
    'import os\nimport joblib\nmodel = joblib.load(os.environ["MODEL_FILEPATH"])\n',
  ],
  ['notebooks/explore.ipynb', '{"cells": [], "metadata": {}, "nbformat": 4}'],
  ['models/fallback.pkl', Buffer.alloc(4096, 1)],
  ['CODEOWNERS', '* @acme/recsys\n'],
];

const monorepo: Array<[string, string | Buffer]> = [
  ['README.md', '# mono\n'],
  ['training/train.py', 'print("train")\n'],
  ['training/requirements.txt', 'torch>=2.0\n'],
  ['serving/Dockerfile', 'FROM python:3.11\nCOPY model.onnx /models/\n'],
  ['serving/model.onnx', Buffer.alloc(1000, 2)],
  ['serving/app.py', 'import onnxruntime\n'],
];

function* manyFiles(count: number): Generator<[string, string]> {
  for (let i = 0; i < count; i++) {
    yield [`data/shard-${Math.floor(i / 1000)}/file-${i}.txt`, 'x'];
  }
}

function makeReader(evidence: { [key: string]: number } = {}) {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test' }] },
    mlPatterns: { evidence },
  });
  const logger = mockServices.logger.mock();
  return RepositoryEvidenceReader.fromConfig(config, {
    reader: UrlReaders.default({ config, logger }),
    logger,
  });
}

describe('RepositoryEvidenceReader with the real GitHub UrlReader', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let counts: { archive: number; status: number };
  let bigTarball: Buffer;

  beforeAll(() => {
    bigTarball = githubTarball(
      'acme-huge-ccccccc',
      BIG_SHA,
      manyFiles(100_000),
    );
  });

  beforeEach(() => {
    const mocks = githubHandlers([
      {
        owner: 'acme',
        repo: 'recommender',
        sha: SHA,
        tarball: githubTarball('acme-recommender-aaaaaaa', SHA, recommender),
      },
      {
        owner: 'acme',
        repo: 'mono',
        sha: MONO_SHA,
        tarball: githubTarball('acme-mono-bbbbbbb', MONO_SHA, monorepo),
      },
      { owner: 'acme', repo: 'huge', sha: BIG_SHA, tarball: bigTarball },
    ]);
    counts = mocks.counts;
    server.use(...mocks.handlers);
  });

  it('downloads once, then revalidates with the ETag and downloads nothing', async () => {
    const reader = makeReader();
    const location = {
      type: 'url' as const,
      target: 'https://github.com/acme/recommender/tree/main/',
    };

    const first = await reader.read(location);
    expect(first.notModified).toBe(false);
    if (first.notModified) throw new Error('unreachable');
    expect(first.etag).toBe(SHA);
    expect(counts.archive).toBe(1);
    const evidence = first.evidence;
    expect(evidence.status).toBe('ok');
    expect(evidence.location).toBe(
      'url:https://github.com/acme/recommender/tree/main/',
    );
    expect(evidence.fileCount).toBe(recommender.length);
    expect(evidence.notebooks).toEqual(['notebooks/explore.ipynb']);
    expect(evidence.modelFiles).toEqual(['models/fallback.pkl']);
    expect(evidence.dockerfiles.map(d => d.path)).toEqual(['Dockerfile']);
    expect(evidence.codeReview.map(c => c.path)).toEqual(['CODEOWNERS']);
    expect(evidence.codeFiles).toContain('src/serve.py');

    const second = await reader.read(location, { etag: first.etag });
    expect(second).toEqual({ notModified: true });
    expect(counts.archive).toBe(1);
    expect(counts.status).toBe(2);
  });

  it('downloads again when the repository moved to another commit', async () => {
    const reader = makeReader();
    const location = {
      type: 'url' as const,
      target: 'https://github.com/acme/recommender/tree/main/',
    };
    const result = await reader.read(location, { etag: 'd'.repeat(40) });
    expect(result.notModified).toBe(false);
    expect(counts.archive).toBe(1);
  });

  it('reads a monorepo subfolder with paths relative to it', async () => {
    const reader = makeReader();
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/mono/tree/main/serving',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('ok');
    expect(result.evidence.fileCount).toBe(3);
    expect(result.evidence.dockerfiles.map(d => d.path)).toEqual([
      'Dockerfile',
    ]);
    expect(result.evidence.modelFiles).toEqual(['model.onnx']);
    expect(result.evidence.codeFiles).toEqual(['app.py']);
  });

  it('locates a subfolder from ml-patterns.io/source-path and reads it', async () => {
    const reader = makeReader();
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'serving',
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/mono/blob/main/catalog-info.yaml',
          'ml-patterns.io/source-path': 'serving',
        },
      },
      spec: { type: 'model-server' },
    };
    const location = reader.locate(entity);
    expect(location).toEqual({
      type: 'url',
      target: 'https://github.com/acme/mono/tree/main/serving',
    });
    const result = await reader.read(location!);
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.modelFiles).toEqual(['model.onnx']);
  });

  it('gives unavailable evidence for a 100k-file tree, without reading it all', async () => {
    const reader = makeReader();
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/huge/tree/main/',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      'the tree has more than 20000 files (cap exceeded)',
    );
    // The commit is known: the processor can skip this tree until it changes.
    expect(result.etag).toBe(BIG_SHA);
  });

  it('honours a file cap lowered in config', async () => {
    const reader = makeReader({ maxFiles: 3 });
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/recommender/tree/main/',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      'the tree has more than 3 files (cap exceeded)',
    );
  });

  it('honours the content byte cap', async () => {
    const reader = makeReader({ maxBytes: 50 });
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/recommender/tree/main/',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      'the files to analyze exceed 50 bytes (cap exceeded)',
    );
  });

  it('gives unavailable evidence for a repository that does not exist', async () => {
    const reader = makeReader();
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/missing/tree/main/',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toMatch(
      /^repository or folder not found: Request failed for https:\/\/api\.github\.com\/repos\/acme\/missing\/commits\/main\/status/,
    );
    expect(result.evidence.location).toBe(
      'url:https://github.com/acme/missing/tree/main/',
    );
    expect(counts.archive).toBe(0);
  });

  it.each([
    [
      'garbage',
      Buffer.from('this is not a tarball at all'.repeat(40)),
      /^no files found \(empty folder, wrong path, or an unreadable archive\)$/,
    ],
    [
      'a truncated gzip stream',
      githubTarball('acme-recommender-aaaaaaa', SHA, recommender).subarray(
        0,
        200,
      ),
      /^could not read the repository: /,
    ],
  ])(
    'gives unavailable evidence for a malformed archive: %s',
    async (_, body, reason) => {
      server.use(
        http.get(
          'https://api.github.com/repos/acme/recommender/tarball/:sha',
          () =>
            new HttpResponse(body, {
              headers: { 'Content-Type': 'application/x-gzip' },
            }),
        ),
      );
      const reader = makeReader();
      const result = await reader.read({
        type: 'url',
        target: 'https://github.com/acme/recommender/tree/main/',
      });
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('unavailable');
      expect(result.evidence.reason).toMatch(reason);
    },
  );

  it('gives unavailable evidence for a subfolder that does not exist', async () => {
    const result = await makeReader().read({
      type: 'url',
      target: 'https://github.com/acme/mono/tree/main/nope',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      'no files found (empty folder, wrong path, or an unreadable archive)',
    );
  });

  it('gives up after the time limit instead of hanging', async () => {
    server.use(
      http.get(
        'https://api.github.com/repos/acme/recommender/tarball/:sha',
        async () => {
          await delay('infinite');
          return HttpResponse.text('never');
        },
      ),
    );
    const reader = makeReader({ timeoutMs: 200 });
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/recommender/tree/main/',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      'reading the repository took longer than 200 ms',
    );
  });

  it('gives unavailable evidence for a host with no integration', async () => {
    const reader = makeReader();
    const result = await reader.read({
      type: 'url',
      target: 'https://git.example.com/acme/recommender/tree/main/',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toMatch(/^reading is not allowed: /);
  });

  it('hands content only for the files the analyzers want', async () => {
    const config = new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: 'test' }] },
    });
    const logger = mockServices.logger.mock();
    const wanted: string[] = [];
    const tree = await readUrlTree({
      reader: UrlReaders.default({ config, logger }),
      url: 'https://github.com/acme/recommender/tree/main/',
      limits: { maxFiles: 100, maxBytes: 10_000, timeoutMs: 10_000 },
      wantsContent: (path, size) => {
        wanted.push(`${path}:${size}`);
        return path.endsWith('.txt') || path === 'Dockerfile';
      },
    });
    if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
    expect(wanted.sort()).toEqual(
      recommender
        .map(([path, content]) => `${path}:${Buffer.from(content).length}`)
        .sort(),
    );
    const withContent = tree.files
      .filter(f => f.content !== undefined)
      .map(f => [f.path, f.content!.toString('utf8')]);
    expect(withContent.sort()).toEqual([
      ['Dockerfile', recommender[0][1]],
      ['requirements.txt', recommender[1][1]],
    ]);
    expect(tree.files.find(f => f.path === 'models/fallback.pkl')).toEqual({
      path: 'models/fallback.pkl',
      size: 4096,
      content: undefined,
    });
  });
});
