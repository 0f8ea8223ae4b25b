import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RepositoryEvidenceReader } from './RepositoryEvidenceReader';
import { readLocalTree } from './readLocalTree';
import { makeNamedPipe, unlessStalledOnPipes } from './__testUtils__/namedPipe';

const notUsed = {
  readUrl: jest.fn(),
  readTree: jest.fn(),
  search: jest.fn(),
};

function write(file: string, content: string | Buffer) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('local source reading', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    base = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-local-')),
    );
    root = path.join(base, 'examples');
    outside = path.join(base, 'secrets');
    write(
      path.join(root, 'repos/serving/Dockerfile'),
      'FROM python:3.11\nCOPY model.pkl /m/\n',
    );
    write(path.join(root, 'repos/serving/model.pkl'), Buffer.alloc(64, 1));
    write(path.join(root, 'repos/serving/app.py'), 'import joblib\n');
    write(path.join(root, 'repos/serving/.git/config'), '[core]\n');
    write(path.join(root, 'repos/serving/node_modules/x/index.js'), '1\n');
    write(path.join(root, 'repos/shared/requirements.txt'), 'numpy==1.26.4\n');
    write(path.join(root, 'catalog-info.yaml'), 'kind: Component\n');
    write(path.join(outside, 'id_rsa'), 'PRIVATE KEY\n');
    write(path.join(outside, 'Dockerfile'), 'FROM evil\n');
  });

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  function reader(
    config: { localRoots?: string[]; evidence?: { [key: string]: number } } = {
      localRoots: [root],
    },
  ) {
    return RepositoryEvidenceReader.fromConfig(
      new ConfigReader({ mlPatterns: config }),
      { reader: notUsed, logger: mockServices.logger.mock() },
    );
  }

  it('reads a folder inside a configured root, skipping VCS and installed folders', async () => {
    const result = await reader().read({
      type: 'dir',
      target: path.join(root, 'repos/serving'),
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('ok');
    expect(result.evidence.location).toBe(`dir:${root}/repos/serving`);
    expect(result.evidence.fileCount).toBe(3);
    expect(result.evidence.modelFiles).toEqual(['model.pkl']);
    expect(result.evidence.dockerfiles.map(d => d.path)).toEqual([
      'Dockerfile',
    ]);
    expect(result.etag).toMatch(/^analysis-\d+:local-[0-9a-f]{40}$/);
    expect(notUsed.readTree).not.toHaveBeenCalled();
  });

  it('refuses every local folder when no roots are configured', async () => {
    const result = await reader({}).read({
      type: 'dir',
      target: path.join(root, 'repos/serving'),
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      'local source not allowed (no mlPatterns.localRoots configured)',
    );
  });

  it('resolves relative roots against the working directory', async () => {
    const cwd = process.cwd();
    try {
      process.chdir(base);
      const result = await reader({ localRoots: ['./examples'] }).read({
        type: 'dir',
        target: path.join(root, 'repos/serving'),
      });
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('ok');
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a `..` escape out of the root', async () => {
    const result = await reader().read({
      type: 'dir',
      target: `${root}/repos/../../secrets`,
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      `local source not allowed: ${outside} is outside the allowed local roots`,
    );
  });

  it('refuses a folder that is a symbolic link out of the root', async () => {
    fs.symlinkSync(outside, path.join(root, 'repos/linked'));
    const result = await reader().read({
      type: 'dir',
      target: path.join(root, 'repos/linked'),
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.status).toBe('unavailable');
    expect(result.evidence.reason).toBe(
      `local source not allowed: ${root}/repos/linked resolves to ${outside}, outside the allowed local roots`,
    );
  });

  it('skips symbolic links out of the repository, keeps those inside it', async () => {
    const serving = path.join(root, 'repos/serving');
    write(path.join(serving, 'pinned/requirements.txt'), 'numpy==1.26.4\n');
    fs.symlinkSync(path.join(outside, 'id_rsa'), path.join(serving, 'key.txt'));
    fs.symlinkSync(outside, path.join(serving, 'deploy'));
    fs.symlinkSync(
      './pinned/requirements.txt',
      path.join(serving, 'requirements.txt'),
    );
    const tree = await readLocalTree({
      target: serving,
      roots: [root],
      limits: { maxFiles: 100, maxBytes: 10_000, timeoutMs: 10_000 },
      wantsContent: () => true,
    });
    if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
    expect(tree.files.map(f => f.path).sort()).toEqual([
      'Dockerfile',
      'app.py',
      'model.pkl',
      'pinned/requirements.txt',
      'requirements.txt',
    ]);
    expect(
      tree.files.find(f => f.path === 'requirements.txt')?.content?.toString(),
    ).toBe('numpy==1.26.4\n');
    expect(tree.problems).toEqual(
      expect.arrayContaining([
        {
          path: 'key.txt',
          message: 'symbolic link to outside the repository: skipped',
        },
        {
          path: 'deploy',
          message: 'symbolic link to outside the repository: skipped',
        },
      ]),
    );
    expect(
      tree.files.some(f => f.content?.toString().includes('PRIVATE KEY')),
    ).toBe(false);
  });

  it('revalidates with the listing ETag and sees changes', async () => {
    const r = reader();
    const location = {
      type: 'dir' as const,
      target: path.join(root, 'repos/serving'),
    };
    const first = await r.read(location);
    if (first.notModified) throw new Error('unexpected');
    expect(await r.read(location, { etag: first.etag })).toEqual({
      notModified: true,
    });
    write(path.join(root, 'repos/serving/CODEOWNERS'), '* @acme/team\n');
    const third = await r.read(location, { etag: first.etag });
    if (third.notModified) throw new Error('expected a change');
    expect(third.etag).not.toBe(first.etag);
    expect(third.evidence.codeReview.map(c => c.path)).toEqual(['CODEOWNERS']);
  });

  it('gives unavailable evidence over the file cap and the byte cap', async () => {
    for (let i = 0; i < 30; i++) {
      write(path.join(root, `repos/many/f${i}.py`), 'x = 1\n');
    }
    const overFiles = await reader({
      localRoots: [root],
      evidence: { maxFiles: 10 },
    }).read({ type: 'dir', target: path.join(root, 'repos/many') });
    if (overFiles.notModified) throw new Error('unexpected');
    expect(overFiles.evidence.reason).toBe(
      'the tree has more than 10 files (cap exceeded)',
    );

    write(path.join(root, 'repos/big/requirements.txt'), 'a==1\n'.repeat(100));
    const overBytes = await reader({
      localRoots: [root],
      evidence: { maxBytes: 100 },
    }).read({ type: 'dir', target: path.join(root, 'repos/big') });
    if (overBytes.notModified) throw new Error('unexpected');
    expect(overBytes.evidence.reason).toBe(
      'the files to analyze exceed 100 bytes (cap exceeded)',
    );
  });

  it('gives unavailable evidence for a folder that does not exist', async () => {
    const result = await reader().read({
      type: 'dir',
      target: path.join(root, 'repos/nope'),
    });
    if (result.notModified) throw new Error('unexpected');
    expect(result.evidence.reason).toBe(
      `local source not allowed: ${root}/repos/nope does not exist`,
    );
  });

  describe('a folder of a checked-out repository', () => {
    let mono: string;
    beforeEach(() => {
      mono = path.join(root, 'mono');
      write(path.join(mono, '.git/HEAD'), 'ref: refs/heads/main\n');
      write(path.join(mono, 'CODEOWNERS'), '* @acme/platform\n');
      write(
        path.join(mono, '.github/workflows/ci.yml'),
        'on: [push]\njobs: {}\n',
      );
      write(
        path.join(mono, 'ranker.Dockerfile'),
        'FROM python:3.11-slim\nCOPY services/ranker /app\nCMD ["python", "/app/serve.py"]\n',
      );
      write(path.join(mono, 'services/ranker/serve.py'), 'import joblib\n');
      write(path.join(mono, 'services/search/serve.py'), 'print()\n');
      write(path.join(mono, 'node_modules/x/CODEOWNERS'), '* @nobody\n');
    });

    it('reads the repository around it up to the nearest .git', async () => {
      const result = await reader().read({
        type: 'dir',
        target: path.join(mono, 'services/ranker'),
      });
      if (result.notModified) throw new Error('unexpected');
      const evidence = result.evidence;
      expect(evidence.status).toBe('ok');
      expect(evidence.fileCount).toBe(1);
      expect(evidence.codeReview).toEqual([
        { path: '../../CODEOWNERS', line: 1, kind: 'CODEOWNERS' },
      ]);
      expect(evidence.ci.map(c => c.path)).toEqual([
        '../../.github/workflows/ci.yml',
      ]);
      expect(evidence.dockerfiles.map(d => d.path)).toEqual([
        '../../ranker.Dockerfile',
      ]);
    });

    it('sees a change around the folder in its ETag', async () => {
      const r = reader();
      const location = {
        type: 'dir' as const,
        target: path.join(mono, 'services/ranker'),
      };
      const first = await r.read(location);
      if (first.notModified) throw new Error('unexpected');
      expect(await r.read(location, { etag: first.etag })).toEqual({
        notModified: true,
      });
      fs.rmSync(path.join(mono, 'CODEOWNERS'));
      const second = await r.read(location, { etag: first.etag });
      if (second.notModified) throw new Error('expected a change');
      expect(second.evidence.codeReview).toEqual([]);
    });

    it('does not climb above the allowed root, nor find a repository without .git', async () => {
      fs.rmSync(path.join(mono, '.git'), { recursive: true });
      const alone = await reader().read({
        type: 'dir',
        target: path.join(mono, 'services/ranker'),
      });
      if (alone.notModified) throw new Error('unexpected');
      expect(alone.evidence.codeReview).toEqual([]);

      // A .git above the allowed root is not followed there.
      write(path.join(base, '.git/HEAD'), 'ref: refs/heads/main\n');
      write(path.join(base, 'CODEOWNERS'), '* @acme/outside\n');
      const confined = await reader({ localRoots: [mono] }).read({
        type: 'dir',
        target: path.join(mono, 'services/ranker'),
      });
      if (confined.notModified) throw new Error('unexpected');
      expect(confined.evidence.codeReview).toEqual([]);
    });

    it('takes a declared repository root without .git', async () => {
      fs.rmSync(path.join(mono, '.git'), { recursive: true });
      const result = await reader().read({
        type: 'dir',
        target: path.join(mono, 'services/ranker'),
        repositoryRoot: mono,
      });
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.codeReview.map(c => c.path)).toEqual([
        '../../CODEOWNERS',
      ]);
      // A declared root outside the allowed roots is not read.
      const outsideRoot = await reader({ localRoots: [mono] }).read({
        type: 'dir',
        target: path.join(mono, 'services/ranker'),
        repositoryRoot: base,
      });
      if (outsideRoot.notModified) throw new Error('unexpected');
      expect(outsideRoot.evidence.codeReview).toEqual([]);
    });
  });

  describe('locate', () => {
    const entity = (annotations: Record<string, string>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', annotations },
      spec: { type: 'model-server' },
    });

    it('uses the folder of a file: managed-by-location', () => {
      expect(
        reader().locate(
          entity({
            'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
          }),
        ),
      ).toEqual({ type: 'dir', target: root, catalogFolder: root });
    });

    it('resolves a relative dir: source-location against the catalog file folder', () => {
      expect(
        reader().locate(
          entity({
            'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
            'backstage.io/source-location': 'dir:./repos/serving',
          }),
        ),
      ).toEqual({
        type: 'dir',
        target: `${root}/repos/serving`,
        catalogFolder: root,
      });
    });

    it('flags a relative dir: source-location that leaves the catalog folder', () => {
      const location = reader().locate(
        entity({
          'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
          'backstage.io/source-location': 'dir:../secrets',
        }),
      );
      expect(location?.problem).toBe(
        "dir:../secrets points outside the catalog file's folder",
      );
    });

    it('flags a source-path that climbs out', async () => {
      const r = reader();
      const location = r.locate(
        entity({
          'backstage.io/managed-by-location': `file:${root}/catalog-info.yaml`,
          'ml-patterns.io/source-path': '../secrets',
        }),
      );
      expect(location?.problem).toBe(
        'ml-patterns.io/source-path "../secrets" leaves the source folder',
      );
      const result = await r.read(location!);
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('unavailable');
      expect(result.evidence.reason).toBe(location!.problem);
    });

    it('resolves a dir: source-location against a url: managed-by-location', () => {
      expect(
        reader().locate(
          entity({
            'backstage.io/managed-by-location':
              'url:https://github.com/acme/mono/blob/main/services/catalog-info.yaml',
            'backstage.io/source-location': 'dir:./serving',
          }),
        ),
      ).toEqual({
        type: 'url',
        target: 'https://github.com/acme/mono/tree/main/services/serving',
      });
    });

    it('keeps a url: source-location and adds the source-path', () => {
      expect(
        reader().locate(
          entity({
            'backstage.io/source-location':
              'url:https://github.com/acme/mono/tree/main/',
            'ml-patterns.io/source-path': 'serving/',
          }),
        ),
      ).toEqual({
        type: 'url',
        target: 'https://github.com/acme/mono/tree/main/serving/',
      });
    });

    it('says there is no source when nothing points at one', () => {
      expect(reader().locate(entity({}))).toBeUndefined();
      expect(
        reader().locate(
          entity({ 'backstage.io/managed-by-location': 'bootstrap:bootstrap' }),
        ),
      ).toBeUndefined();
    });
  });

  describe('repositories side by side under one root', () => {
    let mine: string;
    let sibling: string;
    const limits = { maxFiles: 100, maxBytes: 10_000, timeoutMs: 10_000 };

    const entity = (annotations: Record<string, string>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'mine', annotations },
      spec: { type: 'model-server' },
    });
    const fromMyCatalog = (annotations: Record<string, string> = {}) =>
      entity({
        'backstage.io/managed-by-location': `file:${mine}/catalog-info.yaml`,
        ...annotations,
      });

    beforeEach(() => {
      mine = path.join(root, 'repos/mine');
      sibling = path.join(root, 'repos/sibling');
      write(path.join(mine, 'catalog-info.yaml'), 'kind: Component\n');
      write(path.join(mine, 'app.py'), 'import joblib\n');
      write(path.join(sibling, 'secret.env'), 'TOKEN=sibling-secret\n');
      write(path.join(sibling, 'Dockerfile'), 'FROM sibling\n');
    });

    it('skips links to a sibling repository, reports them and reads none of it', async () => {
      fs.symlinkSync('../sibling/secret.env', path.join(mine, 'config.env'));
      fs.symlinkSync('../sibling', path.join(mine, 'vendored'));
      const location = reader().locate(fromMyCatalog())!;
      const tree = await readLocalTree({
        target: location.target,
        catalogFolder: location.catalogFolder,
        roots: [root],
        limits,
        wantsContent: () => true,
      });
      if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
      expect(tree.files.map(f => f.path).sort()).toEqual([
        'app.py',
        'catalog-info.yaml',
      ]);
      expect(tree.problems).toEqual([
        {
          path: 'config.env',
          message: 'symbolic link to outside the repository: skipped',
        },
        {
          path: 'vendored',
          message: 'symbolic link to outside the repository: skipped',
        },
      ]);

      const result = await reader().read(location);
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('ok');
      expect(result.evidence.problems).toEqual(
        expect.arrayContaining(tree.problems),
      );
    });

    it('takes the repository of the catalog file up to its .git, links inside it included', async () => {
      write(path.join(mine, '.git/HEAD'), 'ref: refs/heads/main\n');
      write(path.join(mine, 'shared/requirements.txt'), 'numpy==1.26.4\n');
      write(path.join(mine, 'deploy/catalog-info.yaml'), 'kind: Component\n');
      fs.symlinkSync(
        '../shared/requirements.txt',
        path.join(mine, 'deploy/requirements.txt'),
      );
      const tree = await readLocalTree({
        target: path.join(mine, 'deploy'),
        catalogFolder: path.join(mine, 'deploy'),
        roots: [root],
        limits,
        wantsContent: () => true,
      });
      if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
      expect(tree.problems).toEqual([]);
      expect(
        tree.files
          .find(f => f.path === 'requirements.txt')
          ?.content?.toString(),
      ).toBe('numpy==1.26.4\n');
    });

    it('refuses an absolute dir: source-location in another repository', async () => {
      const r = reader();
      const location = r.locate(
        fromMyCatalog({ 'backstage.io/source-location': `dir:${sibling}` }),
      )!;
      expect(location).toEqual({
        type: 'dir',
        target: sibling,
        catalogFolder: mine,
      });
      const result = await r.read(location);
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('unavailable');
      expect(result.evidence.reason).toBe(
        `local source not allowed: ${sibling} is outside the repository of its catalog file (${mine})`,
      );
    });

    it('reads an absolute dir: source-location inside its own repository', async () => {
      write(path.join(mine, '.git/HEAD'), 'ref: refs/heads/main\n');
      write(path.join(mine, 'deploy/catalog-info.yaml'), 'kind: Component\n');
      const r = reader();
      const result = await r.read(
        r.locate(
          entity({
            'backstage.io/managed-by-location': `file:${mine}/deploy/catalog-info.yaml`,
            'backstage.io/source-location': `dir:${mine}`,
          }),
        )!,
      );
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('ok');
    });

    it('reads no absolute dir: source-location without a local catalog file', async () => {
      const r = reader();
      const location = r.locate(
        entity({
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/catalog/blob/main/catalog-info.yaml',
          'backstage.io/source-location': `dir:${sibling}`,
        }),
      )!;
      expect(location.problem).toBe(
        `backstage.io/source-location "dir:${sibling}": an absolute local folder is read only for an entity registered from a local (file:) catalog file, and only inside that file's repository`,
      );
      const result = await r.read(location);
      if (result.notModified) throw new Error('unexpected');
      expect(result.evidence.status).toBe('unavailable');
    });

    it('skips named pipes without opening them, and says so', async () => {
      const pipe = path.join(mine, 'events.fifo');
      makeNamedPipe(pipe);
      fs.symlinkSync('events.fifo', path.join(mine, 'events.log'));
      const tree = await unlessStalledOnPipes(
        readLocalTree({
          target: mine,
          catalogFolder: mine,
          roots: [root],
          limits,
          wantsContent: () => true,
        }),
        [pipe],
      );
      if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
      expect(tree.files.map(f => f.path).sort()).toEqual([
        'app.py',
        'catalog-info.yaml',
      ]);
      expect(tree.problems).toEqual([
        {
          path: 'events.fifo',
          message: 'a named pipe, not a regular file: skipped',
        },
        {
          path: 'events.log',
          message: 'symbolic link to a named pipe, not a regular file: skipped',
        },
      ]);
    });

    it('does not block on a file replaced by a named pipe after it was listed', async () => {
      const file = path.join(mine, 'app.py');
      const tree = await unlessStalledOnPipes(
        readLocalTree({
          target: mine,
          catalogFolder: mine,
          roots: [root],
          limits,
          // Asked between listing and reading: swap the file for a pipe.
          wantsContent: p => {
            if (p === 'app.py') {
              fs.rmSync(file);
              makeNamedPipe(file);
            }
            return true;
          },
        }),
        [file],
      );
      if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
      expect(tree.files.find(f => f.path === 'app.py')).toEqual({
        path: 'app.py',
        size: 14,
      });
      expect(tree.problems).toEqual([
        {
          path: 'app.py',
          message:
            'file could not be read: it is a named pipe now, not a regular file',
        },
      ]);
    });

    it('skips symbolic link loops and does not follow links to folders', async () => {
      fs.symlinkSync('loop-b', path.join(mine, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(mine, 'loop-b'));
      fs.symlinkSync('.', path.join(mine, 'self'));
      const tree = await readLocalTree({
        target: mine,
        catalogFolder: mine,
        roots: [root],
        limits,
        wantsContent: () => true,
      });
      if (tree.kind !== 'read') throw new Error(`unexpected ${tree.kind}`);
      expect(tree.files.map(f => f.path).sort()).toEqual([
        'app.py',
        'catalog-info.yaml',
      ]);
      expect(
        [...tree.problems].sort((a, b) => a.path.localeCompare(b.path)),
      ).toEqual([
        { path: 'loop-a', message: 'symbolic link loop: skipped' },
        { path: 'loop-b', message: 'symbolic link loop: skipped' },
        { path: 'self', message: 'symbolic link to a folder: not followed' },
      ]);
    });
  });
});
