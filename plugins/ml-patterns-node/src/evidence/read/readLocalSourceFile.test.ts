import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readLocalSourceFile } from './readLocalSourceFile';
import { makeNamedPipe, unlessStalledOnPipes } from './__testUtils__/namedPipe';

function write(file: string, content: string | Buffer) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('readLocalSourceFile', () => {
  let base: string;
  let root: string;
  let folder: string;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-src-')));
    root = path.join(base, 'examples');
    folder = path.join(root, 'repos/serving');
    write(
      path.join(folder, 'app/main.py'),
      'import os\nMODEL = os.environ["M"]\n',
    );
    write(
      path.join(folder, 'model.pkl'),
      Buffer.from([0x80, 0x04, 0x00, 0x95]),
    );
    write(path.join(root, 'repos/other/secret.txt'), 'other repo\n');
    write(path.join(base, 'secrets/id_rsa'), 'PRIVATE KEY\n');
  });

  afterEach(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  const read = (
    p: string,
    extra: { maxBytes?: number; roots?: string[] } = {},
  ) => readLocalSourceFile({ folder, path: p, roots: [root], ...extra });

  it('reads a text file of the source folder', async () => {
    await expect(read('app/main.py')).resolves.toEqual({
      path: 'app/main.py',
      content: 'import os\nMODEL = os.environ["M"]\n',
      size: 34,
      truncated: false,
    });
    await expect(read('./app//main.py')).resolves.toMatchObject({
      path: 'app/main.py',
    });
  });

  it('caps large files and says so', async () => {
    const file = await read('app/main.py', { maxBytes: 9 });
    expect(file).toMatchObject({ content: 'import os', truncated: true });
  });

  it.each([
    ['../other/secret.txt', /leaves the entity's source repository/],
    ['app/../../other/secret.txt', /leaves the entity's source repository/],
    ['..', /is a folder/],
    ['/etc/passwd', /must be relative/],
    ['C:\\Windows\\win.ini', /must be relative/],
    ['app/', /is a folder/],
    ['', /path is required/],
    ['app/main.py\0.txt', /NUL/],
  ])('refuses the path %j', async (p, message) => {
    await expect(read(p)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
  });

  it('reads files of the repository around a subfolder, not beyond it', async () => {
    const repo = path.join(root, 'repos/mono');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    write(path.join(repo, 'OWNERS'), 'approvers: [ml-team]\n');
    write(path.join(repo, 'servers/sklearn/app.py'), 'print(1)\n');
    const sub = path.join(repo, 'servers/sklearn');
    await expect(
      readLocalSourceFile({ folder: sub, path: '../../OWNERS', roots: [root] }),
    ).resolves.toMatchObject({
      path: '../../OWNERS',
      content: 'approvers: [ml-team]\n',
    });
    await expect(
      readLocalSourceFile({
        folder: sub,
        path: '../../../serving/app/main.py',
        roots: [root],
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it('refuses folders and binary files', async () => {
    await expect(read('app')).rejects.toMatchObject({ name: 'InputError' });
    await expect(read('model.pkl')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(/binary/),
    });
  });

  it('answers not found for a missing file', async () => {
    await expect(read('app/missing.py')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('does not follow links out of the allowed roots', async () => {
    fs.symlinkSync(path.join(base, 'secrets/id_rsa'), path.join(folder, 'key'));
    await expect(read('key')).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('reads nothing without configured roots, or outside them', async () => {
    await expect(read('app/main.py', { roots: [] })).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(
      read('app/main.py', { roots: [path.join(base, 'elsewhere')] }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  describe('confined to the repository of the catalog file', () => {
    it('does not serve a sibling repository through a link', async () => {
      fs.symlinkSync(
        '../../other/secret.txt',
        path.join(folder, 'app/settings.txt'),
      );
      fs.symlinkSync('../other', path.join(folder, 'vendored'));
      for (const p of ['app/settings.txt', 'vendored/secret.txt']) {
        await expect(read(p)).rejects.toMatchObject({
          name: 'NotAllowedError',
          message: `'${p}' leads out of the entity's repository through a symbolic link: not served`,
        });
      }
    });

    it('serves links that stay inside the repository', async () => {
      fs.symlinkSync('main.py', path.join(folder, 'app/entry.py'));
      await expect(read('app/entry.py')).resolves.toMatchObject({
        content: 'import os\nMODEL = os.environ["M"]\n',
      });
    });

    it('refuses a source folder outside the repository of its catalog file', async () => {
      // An absolute dir: source-location of `serving`'s catalog file
      // pointing at the sibling repository.
      await expect(
        readLocalSourceFile({
          folder: path.join(root, 'repos/other'),
          catalogFolder: folder,
          path: 'secret.txt',
          roots: [root],
        }),
      ).rejects.toMatchObject({
        name: 'NotAllowedError',
        message: `source folder not readable: ${root}/repos/other is outside the repository of its catalog file (${folder})`,
      });
    });

    it('refuses a named pipe without opening it', async () => {
      const pipe = path.join(folder, 'app/events.fifo');
      makeNamedPipe(pipe);
      fs.symlinkSync('events.fifo', path.join(folder, 'app/events.log'));
      for (const p of ['app/events.fifo', 'app/events.log']) {
        await expect(
          unlessStalledOnPipes(read(p), [pipe]),
        ).rejects.toMatchObject({
          name: 'NotAllowedError',
          message: `'${p}' is a named pipe, not a regular file: not read`,
        });
      }
    });

    it('answers not found, saying why, for a symbolic link loop', async () => {
      fs.symlinkSync('loop-b', path.join(folder, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(folder, 'loop-b'));
      await expect(read('loop-a')).rejects.toMatchObject({
        name: 'NotFoundError',
        message: "'loop-a' is a symbolic link loop",
      });
    });
  });
});
