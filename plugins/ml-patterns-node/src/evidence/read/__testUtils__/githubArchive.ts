import { http, HttpResponse } from 'msw';
import { Header, Pax } from 'tar';
import { gzipSync } from 'node:zlib';

function block(header: Header): Buffer {
  const buffer = Buffer.alloc(512);
  header.encode(buffer, 0);
  return buffer;
}

function padding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/**
 * A gzipped tarball laid out like GitHub's archive endpoint: a pax global
 * header carrying the commit, then everything under `owner-repo-sha/`.
 * Built entry by entry with the `tar` package's header encoder so trees of
 * 100k files stay in memory and take a second.
 */
export function githubTarball(
  prefix: string,
  sha: string,
  files: Iterable<[string, string | Buffer]>,
): Buffer {
  const chunks: Buffer[] = [];
  chunks.push(new Pax({ comment: sha }, true).encode());
  const directories = new Set<string>();
  const mtime = new Date('2026-01-01T00:00:00Z');
  const addDirectory = (dir: string) => {
    if (directories.has(dir)) {
      return;
    }
    directories.add(dir);
    chunks.push(
      block(
        new Header({
          path: `${dir}/`,
          type: 'Directory',
          mode: 0o755,
          size: 0,
          mtime,
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
      block(
        new Header({
          path: `${prefix}/${path}`,
          type: 'File',
          mode: 0o644,
          size: body.length,
          mtime,
        }),
      ),
      body,
      padding(body.length),
    );
  }
  chunks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(chunks));
}

/** One mocked GitHub repository: its default branch, commit and archive. */
export interface MockRepository {
  owner: string;
  repo: string;
  sha: string;
  tarball: Buffer | (() => Promise<Response> | Response);
}

/**
 * msw handlers for the calls Backstage's GithubUrlReader makes to read a
 * tree: the combined status of the ref (which names the commit and the
 * archive URL), the repository (default branch, when the URL has no ref)
 * and the tarball of the commit. `counts.archive` counts downloads.
 */
export function githubHandlers(repos: MockRepository[]) {
  const counts = { archive: 0, status: 0 };
  const find = (owner: string, repo: string) =>
    repos.find(r => r.owner === owner && r.repo === repo);
  const handlers = [
    http.get(
      'https://api.github.com/repos/:owner/:repo/commits/:ref/status',
      ({ params }) => {
        counts.status += 1;
        const found = find(String(params.owner), String(params.repo));
        if (!found) {
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }
        return HttpResponse.json({
          sha: found.sha,
          repository: {
            archive_url: `https://api.github.com/repos/${found.owner}/${found.repo}/{archive_format}{/ref}`,
            trees_url: `https://api.github.com/repos/${found.owner}/${found.repo}/git/trees{/sha}`,
          },
        });
      },
    ),
    http.get('https://api.github.com/repos/:owner/:repo', ({ params }) => {
      const found = find(String(params.owner), String(params.repo));
      if (!found) {
        return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
      }
      return HttpResponse.json({ default_branch: 'main' });
    }),
    http.get(
      'https://api.github.com/repos/:owner/:repo/tarball/:sha',
      ({ params }) => {
        counts.archive += 1;
        const found = find(String(params.owner), String(params.repo));
        if (!found || found.sha !== params.sha) {
          return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
        }
        if (typeof found.tarball === 'function') {
          return found.tarball();
        }
        return new HttpResponse(found.tarball, {
          headers: { 'Content-Type': 'application/x-gzip' },
        });
      },
    ),
  ];
  return { handlers, counts };
}
