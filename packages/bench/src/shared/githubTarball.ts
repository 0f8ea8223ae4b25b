import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';

/** A file of a generated repository: its path and content. */
export type RepositoryFiles = Iterable<[string, string | Buffer]>;

const MTIME = new Date('2026-01-01T00:00:00Z');

function headerBlock(header: Header): Buffer {
  const block = Buffer.alloc(512);
  header.encode(block, 0);
  return block;
}

/**
 * A gzipped tarball laid out like GitHub's archive endpoint: a pax global
 * header carrying the commit, then everything under `prefix/`
 * (`owner-repo-sha7` on GitHub). Built entry by entry with the `tar`
 * package's header encoder, so large generated trees stay quick.
 */
export function githubTarball(
  prefix: string,
  sha: string,
  files: RepositoryFiles,
): Buffer {
  const chunks: Buffer[] = [new Pax({ comment: sha }, true).encode()];
  const directories = new Set<string>();
  const addDirectory = (dir: string) => {
    if (directories.has(dir)) return;
    directories.add(dir);
    chunks.push(
      headerBlock(
        new Header({
          path: `${dir}/`,
          type: 'Directory',
          mode: 0o755,
          size: 0,
          mtime: MTIME,
        }),
      ),
    );
  };
  addDirectory(prefix);
  for (const [path, content] of files) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      addDirectory(`${prefix}/${parts.slice(0, i).join('/')}`);
    }
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
    chunks.push(
      headerBlock(
        new Header({
          path: `${prefix}/${path}`,
          type: 'File',
          mode: 0o644,
          size: body.length,
          mtime: MTIME,
        }),
      ),
      body,
      Buffer.alloc((512 - (body.length % 512)) % 512),
    );
  }
  chunks.push(Buffer.alloc(1024)); // two empty blocks end the archive
  return gzipSync(Buffer.concat(chunks));
}
