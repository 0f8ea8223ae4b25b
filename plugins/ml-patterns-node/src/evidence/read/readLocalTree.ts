import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { constants as fsConstants, Dirent } from 'node:fs';
import path from 'node:path';
import { EvidenceProblem, RepositoryFile } from '../types';
import { confiningRoot, isInside, realpathOrUndefined } from './localRoots';
import { TreeBudget } from './TreeBudget';
import { TreeReadResult, WantsContent } from './TreeReadResult';

/**
 * Folders skipped when walking a local tree: version-control internals and
 * tool caches that are not part of the repository's content (they are not
 * in an SCM archive either, so local and remote reads agree).
 */
const SKIPPED_DIRECTORIES = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  '.ipynb_checkpoints',
]);

interface ListedFile {
  path: string;
  /** The real path to read, after symlink resolution. */
  realPath: string;
  size: number;
  mtimeMs: number;
  /** Open without following links: a regular file as listed. */
  noFollow: boolean;
}

/** Stable fingerprint of a listing, so an unchanged tree is not analyzed again. */
function listingEtag(files: ListedFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file.path}\0${file.size}\0${Math.trunc(file.mtimeMs)}\n`);
  }
  return `local-${hash.digest('hex').slice(0, 40)}`;
}

async function readAtMost(file: ListedFile): Promise<Buffer> {
  // O_NOFOLLOW: a file swapped for a link after listing is not followed.
  const flags =
    fsConstants.O_RDONLY | (file.noFollow ? fsConstants.O_NOFOLLOW ?? 0 : 0);
  const handle = await fs.open(file.realPath, flags);
  try {
    const buffer = Buffer.alloc(file.size);
    let offset = 0;
    while (offset < file.size) {
      const { bytesRead } = await handle.read(
        buffer,
        offset,
        file.size - offset,
        offset,
      );
      if (bytesRead === 0) {
        break;
      }
      offset += bytesRead;
    }
    return buffer.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a folder of the local disk, confined to the configured roots: the
 * folder must lie in a root both as written and after resolving links,
 * and links pointing out of that root are skipped (and reported). Links to
 * folders are not followed, which also rules out cycles.
 */
export async function readLocalTree(options: {
  target: string;
  roots: string[];
  limits: { maxFiles: number; maxBytes: number; timeoutMs: number };
  wantsContent: WantsContent;
  etag?: string;
}): Promise<TreeReadResult> {
  const { roots, limits, wantsContent } = options;
  if (roots.length === 0) {
    return {
      kind: 'unavailable',
      reason: 'local source not allowed (no mlPatterns.localRoots configured)',
    };
  }
  const confined = await confiningRoot(options.target, roots);
  if ('refused' in confined) {
    return {
      kind: 'unavailable',
      reason: `local source not allowed: ${confined.refused}`,
    };
  }
  const { root, realTarget } = confined;
  const stat = await fs.stat(realTarget);
  if (!stat.isDirectory()) {
    return {
      kind: 'unavailable',
      reason: `local source ${options.target} is not a folder`,
    };
  }

  const deadline = Date.now() + limits.timeoutMs;
  const budget = new TreeBudget(limits);
  const problems: EvidenceProblem[] = [];
  const listed: ListedFile[] = [];
  const pending: string[] = [''];

  while (pending.length > 0) {
    if (Date.now() > deadline) {
      return {
        kind: 'unavailable',
        reason: `reading the tree took longer than ${limits.timeoutMs} ms`,
      };
    }
    const relativeDir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(realTarget, relativeDir), {
        withFileTypes: true,
      });
    } catch (error) {
      problems.push({
        path: relativeDir || '.',
        message: `folder could not be listed: ${(error as Error).message}`,
      });
      continue;
    }
    for (const entry of entries) {
      const relative = relativeDir
        ? `${relativeDir}/${entry.name}`
        : entry.name;
      const absolute = path.join(realTarget, relative);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) {
          pending.push(relative);
        }
        continue;
      }
      let realPath = absolute;
      let noFollow = true;
      if (entry.isSymbolicLink()) {
        const resolved = await realpathOrUndefined(absolute);
        if (!resolved || !isInside(root, resolved)) {
          problems.push({
            path: relative,
            message: resolved
              ? 'symbolic link to outside the allowed root: skipped'
              : 'broken symbolic link: skipped',
          });
          continue;
        }
        realPath = resolved;
        noFollow = false;
      } else if (!entry.isFile()) {
        continue;
      }
      let fileStat;
      try {
        fileStat = await fs.stat(realPath);
      } catch {
        continue;
      }
      if (!fileStat.isFile()) {
        if (fileStat.isDirectory()) {
          problems.push({
            path: relative,
            message: 'symbolic link to a folder: not followed',
          });
        }
        continue;
      }
      if (!budget.countFile()) {
        return { kind: 'unavailable', reason: budget.exceeded! };
      }
      listed.push({
        path: relative,
        realPath,
        size: fileStat.size,
        mtimeMs: fileStat.mtimeMs,
        noFollow,
      });
    }
  }

  // Code-unit order, independent of locale, so the ETag is stable.
  listed.sort((a, b) => {
    if (a.path === b.path) return 0;
    return a.path < b.path ? -1 : 1;
  });
  const etag = listingEtag(listed);
  if (options.etag && options.etag === etag) {
    return { kind: 'not-modified' };
  }

  const files: RepositoryFile[] = [];
  for (const file of listed) {
    if (!wantsContent(file.path, file.size)) {
      files.push({ path: file.path, size: file.size });
      continue;
    }
    if (!budget.takeBytes(file.size)) {
      return { kind: 'unavailable', reason: budget.exceeded!, etag };
    }
    if (Date.now() > deadline) {
      return {
        kind: 'unavailable',
        reason: `reading the tree took longer than ${limits.timeoutMs} ms`,
      };
    }
    try {
      files.push({
        path: file.path,
        size: file.size,
        content: await readAtMost(file),
      });
    } catch (error) {
      problems.push({
        path: file.path,
        message: `file could not be read: ${(error as Error).message}`,
      });
      files.push({ path: file.path, size: file.size });
    }
  }
  return { kind: 'read', files, etag, problems };
}
