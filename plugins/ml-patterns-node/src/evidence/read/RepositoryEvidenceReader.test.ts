import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { analysedEtag, ANALYSIS_VERSION } from './analysisEtag';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { UrlReaderServiceReadTreeOptions } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ScmIntegrations } from '@backstage/integration';
import {
  RepositoryEvidenceReader,
  repositoryFolderOf,
} from './RepositoryEvidenceReader';
import { readUrlTree } from './readUrlTree';
import { analyzeRepositoryFilesBounded } from '../analyze/bounded/analyzeRepositoryFilesBounded';
import { unavailableEvidence } from '../types';

// The real analysis, unless a test makes it time out.
jest.mock('../analyze/bounded/analyzeRepositoryFilesBounded', () => {
  const actual = jest.requireActual(
    '../analyze/bounded/analyzeRepositoryFilesBounded',
  );
  return {
    analyzeRepositoryFilesBounded: jest.fn(
      actual.analyzeRepositoryFilesBounded,
    ),
  };
});
import { githubHandlers, githubTarball } from './__testUtils__/githubArchive';

const SHA = 'a'.repeat(40);
const MONO_SHA = 'b'.repeat(40);
const BIG_SHA = 'c'.repeat(40);
const PLATFORM_SHA = 'e'.repeat(40);

/** A monorepo whose servers are built by Dockerfiles beside them (as kserve's python/). */
const platform: Array<[string, string | Buffer]> = [
  ['.github/CODEOWNERS', '* @acme/platform\n'],
  [
    '.github/workflows/python.yml',
    'on:\n  pull_request:\n    paths: ["python/**"]\njobs: {}\n',
  ],
  [
    '.github/workflows/web.yml',
    'on:\n  pull_request:\n    paths: ["web/**"]\njobs: {}\n',
  ],
  [
    'python/ranker.Dockerfile',
    'FROM python:3.11-slim\nCOPY ranker ranker\nRUN pip install -r ranker/requirements.txt\nCMD ["python", "-m", "ranker"]\n',
  ],
  ['python/ranker/requirements.txt', 'lightgbm==4.3.0\n'],
  ['python/ranker/ranker/__main__.py', 'import lightgbm\n'],
  ['web/package.json', '{}\n'],
];

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
      {
        owner: 'acme',
        repo: 'platform',
        sha: PLATFORM_SHA,
        // The governance files come last, after the bulk of the tree.
        tarball: githubTarball('acme-platform-eeeeeee', PLATFORM_SHA, [
          ...manyFiles(200),
          ...platform,
        ]),
      },
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
    expect(first.etag).toBe(analysedEtag(SHA));
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

  it('keeps no ETag for an analysis that timed out, and says it may pass', async () => {
    const reader = makeReader();
    const location = {
      type: 'url' as const,
      target: 'https://github.com/acme/recommender/tree/main/',
    };
    jest
      .mocked(analyzeRepositoryFilesBounded)
      .mockResolvedValueOnce(
        unavailableEvidence(
          'analysis took longer than 5000 ms and was stopped',
          'url:https://github.com/acme/recommender/tree/main/',
        ),
      );
    const timedOut = await reader.read(location);
    expect(timedOut).toMatchObject({ notModified: false, transient: true });
    expect(timedOut).not.toHaveProperty('etag');

    // Next time the commit is read and analysed again.
    const again = await reader.read(location);
    expect(again).toMatchObject({
      notModified: false,
      etag: analysedEtag(SHA),
    });
    if (again.notModified) throw new Error('unreachable');
    expect(again.evidence.status).toBe('ok');
    expect(counts.archive).toBe(2);
  });

  it('downloads and analyses again evidence that earlier analyzers stored, though the commit is the same', async () => {
    const reader = makeReader();
    const location = {
      type: 'url' as const,
      target: 'https://github.com/acme/recommender/tree/main/',
    };
    const first = await reader.read(location);
    if (first.notModified) throw new Error('unreachable');
    const earlier = first.etag!.replace(
      `analysis-${ANALYSIS_VERSION}:`,
      `analysis-${ANALYSIS_VERSION - 1}:`,
    );
    const result = await reader.read(location, { etag: earlier });
    expect(result).toMatchObject({
      notModified: false,
      etag: analysedEtag(SHA),
    });
    expect(counts.archive).toBe(2);
  });

  it('downloads again when the repository moved to another commit', async () => {
    const reader = makeReader();
    const location = {
      type: 'url' as const,
      target: 'https://github.com/acme/recommender/tree/main/',
    };
    const result = await reader.read(location, {
      etag: analysedEtag('d'.repeat(40)),
    });
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

  it('reads a folder with the repository around it, in one download', async () => {
    const reader = makeReader();
    const location = {
      type: 'url' as const,
      target: 'https://github.com/acme/platform/tree/main/python/ranker',
    };
    const first = await reader.read(location);
    if (first.notModified) throw new Error('unexpected');
    expect(counts.archive).toBe(1);
    const evidence = first.evidence;
    expect(evidence.status).toBe('ok');
    expect(evidence.location).toBe(
      'url:https://github.com/acme/platform/tree/main/python/ranker',
    );
    // The folder's own files, relative to it.
    expect(evidence.fileCount).toBe(2);
    expect(evidence.codeFiles).toEqual(['ranker/__main__.py']);
    // Review, CI and the image from around it.
    expect(evidence.codeReview).toEqual([
      { path: '../../.github/CODEOWNERS', line: 1, kind: 'CODEOWNERS' },
    ]);
    expect(evidence.ci.map(c => c.path)).toEqual([
      '../../.github/workflows/python.yml',
    ]);
    expect(evidence.dockerfiles.map(d => d.path)).toEqual([
      '../ranker.Dockerfile',
    ]);
    expect(evidence.dockerfiles[0].installsManifests).toEqual([
      { path: 'requirements.txt' },
    ]);
    // The repository's commit, marked as a read with its surroundings.
    expect(first.etag).toBe(analysedEtag(`repository:${PLATFORM_SHA}`));

    const second = await reader.read(location, { etag: first.etag });
    expect(second).toEqual({ notModified: true });
    expect(counts.archive).toBe(1);

    // Evidence cached from a folder-only read (a bare commit ETag) is not reused.
    const stale = await reader.read(location, {
      etag: analysedEtag(PLATFORM_SHA),
    });
    expect(stale.notModified).toBe(false);
    expect(counts.archive).toBe(2);
  });

  it('keeps the folder readable when the repository around it is over the file cap', async () => {
    const reader = makeReader({ maxFiles: 20 });
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/platform/tree/main/python/ranker',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('ok');
    expect(result.evidence.fileCount).toBe(2);
    // Files the analysis wants are kept beyond the listing cap.
    expect(result.evidence.codeReview.map(r => r.path)).toEqual([
      '../../.github/CODEOWNERS',
    ]);
    expect(result.evidence.dockerfiles.map(d => d.path)).toEqual([
      '../ranker.Dockerfile',
    ]);
    expect(result.evidence.problems).toContainEqual({
      path: '..',
      message:
        'the repository around python/ranker was read only in part: more than 20 files outside the folder; the rest is not listed',
    });
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
    expect(result.etag).toBe(analysedEtag(BIG_SHA));
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

describe('RepositoryEvidenceReader with a reader that cannot read the repository root', () => {
  it('reads the folder alone', async () => {
    const folderFiles: Array<[string, string]> = [
      ['Dockerfile', 'FROM python:3.11\nCOPY . /app\n'],
      ['app.py', 'print()\n'],
    ];
    const readTree = jest.fn(
      async (url: string, options?: UrlReaderServiceReadTreeOptions) => {
        if (url === 'https://github.com/acme/locked/tree/main/') {
          throw new NotAllowedError('only the folder may be read');
        }
        const kept = folderFiles.filter(([path, content]) =>
          options?.filter
            ? options.filter(path, { size: content.length })
            : true,
        );
        return {
          etag: 'folder-etag',
          files: async () =>
            kept.map(([path, content]) => ({
              path,
              content: async () => Buffer.from(content),
            })),
          archive: async () => {
            throw new Error('not used');
          },
          dir: async () => {
            throw new Error('not used');
          },
        };
      },
    );
    const config = new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: 'test' }] },
    });
    const reader = RepositoryEvidenceReader.fromConfig(config, {
      reader: { readTree, readUrl: jest.fn(), search: jest.fn() },
      logger: mockServices.logger.mock(),
    });
    const result = await reader.read({
      type: 'url',
      target: 'https://github.com/acme/locked/tree/main/serving',
    });
    if (result.notModified) throw new Error('unexpected');
    expect(readTree.mock.calls.map(call => call[0])).toEqual([
      'https://github.com/acme/locked/tree/main/',
      'https://github.com/acme/locked/tree/main/serving',
    ]);
    expect(result.evidence.status).toBe('ok');
    expect(result.evidence.dockerfiles.map(d => d.path)).toEqual([
      'Dockerfile',
    ]);
    expect(result.etag).toBe(analysedEtag('folder-etag'));
  });
});

describe('repositoryFolderOf', () => {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [{ host: 'github.com' }],
        gitlab: [{ host: 'gitlab.com' }],
        azure: [{ host: 'dev.azure.com' }],
      },
    }),
  );

  it.each([
    [
      'https://github.com/kserve/kserve/tree/master/python/sklearnserver/',
      {
        root: 'https://github.com/kserve/kserve/tree/master/',
        scope: 'python/sklearnserver',
      },
    ],
    [
      'https://gitlab.com/g/sub/p/-/tree/main/svc/api',
      { root: 'https://gitlab.com/g/sub/p/-/tree/main/', scope: 'svc/api' },
    ],
    [
      'https://dev.azure.com/org/proj/_git/repo?path=/svc/api&version=GBmain',
      {
        root: 'https://dev.azure.com/org/proj/_git/repo?path=%2F&version=GBmain',
        scope: 'svc/api',
      },
    ],
    ['https://github.com/kserve/kserve/tree/master/', undefined],
    ['https://github.com/kserve/kserve', undefined],
    ['https://git.example.com/o/r/tree/main/svc', undefined],
  ])('%s', (url, expected) => {
    expect(repositoryFolderOf(url, integrations)).toEqual(expected);
  });
});
