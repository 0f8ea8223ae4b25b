import http from 'node:http';
import { AddressInfo } from 'node:net';
import { GITHUB_LATENCY_MS } from '../options';
import { ORG, Repository } from '../organisation/repositories';

/** What the stand-in for GitHub has answered. */
export interface GithubCounts {
  archive: number;
  /** Archives of a repository that had been downloaded before. */
  redownloads: number;
  status: number;
  other: number;
}

/** One archive download: which repository, at which commit, for which token. */
export interface ArchiveDownload {
  repository: string;
  sha: string;
  /** The integration token of the backend that asked (tells replicas apart). */
  token: string;
}

/**
 * The three calls Backstage's GithubUrlReader makes to read a tree: the
 * combined status of the ref (names the commit; what ETag revalidation
 * costs), the repository (default branch) and the tarball of the commit.
 * `serve` pushes a new version of a repository; `onArchive` hears of each
 * download before it is answered.
 */
export async function startFakeGithub(
  repositories: Repository[],
  options: {
    latencyMs?: number;
    onArchive?: (download: ArchiveDownload) => void;
  } = {},
) {
  const latencyMs = options.latencyMs ?? GITHUB_LATENCY_MS;
  const byName = new Map(repositories.map(r => [r.name, r]));
  const downloads: ArchiveDownload[] = [];
  /** Revalidations (status of the ref): which repository, for which token. */
  const revalidations: Array<{ repository: string; token: string }> = [];
  const tokenOf = (req: http.IncomingMessage) =>
    (req.headers.authorization ?? '').split(' ').pop() ?? '';
  const counts: GithubCounts = {
    archive: 0,
    redownloads: 0,
    status: 0,
    other: 0,
  };
  const downloaded = new Set<string>();
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown, type = 'json') => {
      const send = () => {
        if (type === 'json') {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        } else {
          res.writeHead(status, { 'Content-Type': 'application/x-gzip' });
          res.end(body as Buffer);
        }
      };
      if (latencyMs > 0) setTimeout(send, latencyMs);
      else send();
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const self = `http://${req.headers.host}`;
    const parts = url.pathname.split('/').filter(Boolean);
    const repo = parts[2] ? byName.get(parts[2]) : undefined;
    if (parts[0] !== 'repos' || parts[1] !== ORG || !repo) {
      counts.other += 1;
      answer(404, { message: 'Not Found' });
    } else if (parts[3] === 'commits' && parts[5] === 'status') {
      counts.status += 1;
      revalidations.push({ repository: repo.name, token: tokenOf(req) });
      answer(200, {
        sha: repo.sha,
        repository: {
          archive_url: `${self}/repos/${ORG}/${repo.name}/{archive_format}{/ref}`,
          trees_url: `${self}/repos/${ORG}/${repo.name}/git/trees{/sha}`,
        },
      });
    } else if (parts[3] === 'tarball' && parts[4] === repo.sha) {
      counts.archive += 1;
      if (downloaded.has(repo.name)) counts.redownloads += 1;
      downloaded.add(repo.name);
      const download = {
        repository: repo.name,
        sha: repo.sha,
        token: tokenOf(req),
      };
      downloads.push(download);
      options.onArchive?.(download);
      answer(200, repo.tarball, 'tarball');
    } else if (parts.length === 3) {
      answer(200, { default_branch: 'main' });
    } else {
      counts.other += 1;
      answer(404, { message: 'Not Found' });
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    counts,
    downloads,
    revalidations,
    serve: (repository: Repository) => byName.set(repository.name, repository),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
