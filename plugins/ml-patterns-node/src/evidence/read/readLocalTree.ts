import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { constants as fsConstants, Dirent } from 'node:fs';
import path from 'node:path';
import { EvidenceProblem, RepositoryFile } from '../types';
import {
  confiningRoot,
  isInside,
  realpathOrUndefined,
  repositoryRootOf,
} from './localRoots';
import { ContextCollector } from './ContextCollector';
import { TreeBudget } from './TreeBudget';
import { RepositoryContextFiles } from '../analyze/repositoryContext';
import { ScopeOptions, TreeReadResult, WantsContent } from './TreeReadResult';

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

/**
 * A directory entry as a listed regular file: links are followed only to
 * files inside the allowed root. `skipped` says why an entry is not listed
 * when it is worth reporting (empty for sockets, devices and races).
 */
async function listEntry(
  entry: Dirent,
  absolute: string,
  relative: string,
  allowedRoot: string,
): Promise<ListedFile | { skipped: string }> {
  let realPath = absolute;
  let noFollow = true;
  if (entry.isSymbolicLink()) {
    const resolved = await realpathOrUndefined(absolute);
    if (!resolved || !isInside(allowedRoot, resolved)) {
      return {
        skipped: resolved
          ? 'symbolic link to outside the allowed root: skipped'
          : 'broken symbolic link: skipped',
      };
    }
    realPath = resolved;
    noFollow = false;
  } else if (!entry.isFile()) {
    return { skipped: '' };
  }
  let fileStat;
  try {
    fileStat = await fs.stat(realPath);
  } catch {
    return { skipped: '' };
  }
  if (!fileStat.isFile()) {
    return {
      skipped: fileStat.isDirectory()
        ? 'symbolic link to a folder: not followed'
        : '',
    };
  }
  return {
    path: relative,
    realPath,
    size: fileStat.size,
    mtimeMs: fileStat.mtimeMs,
    noFollow,
  };
}

/** Stable fingerprint of a listing, so an unchanged tree is not analyzed again. */
function listingEtag(files: ListedFile[], around?: ListedFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file.path}\0${file.size}\0${Math.trunc(file.mtimeMs)}\n`);
  }
  if (around) {
    hash.update('\0repository\n');
    for (const file of around) {
      hash.update(`${file.path}\0${file.size}\0${Math.trunc(file.mtimeMs)}\n`);
    }
  }
  return `local-${hash.digest('hex').slice(0, 40)}`;
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Lists the repository around the scored folder, breadth first so the
 * root's files come before deep ones when a cap cuts the listing, and
 * reads the files the context analysis wants.
 */
async function readAround(options: {
  repositoryRoot: string;
  realTarget: string;
  allowedRoot: string;
  collector: ContextCollector;
  deadline: number;
  maxFiles: number;
}): Promise<{
  listed: ListedFile[];
  context: () => Promise<RepositoryContextFiles>;
}> {
  const { repositoryRoot, realTarget, allowedRoot, collector } = options;
  const maxWalked = options.maxFiles * 2;
  const listed: ListedFile[] = [];
  const keep = new Set<string>();
  const queue: string[] = [''];
  let truncated: string | undefined;
  while (queue.length > 0) {
    if (Date.now() > options.deadline) {
      truncated = 'the time limit was reached while listing it';
      break;
    }
    if (listed.length >= maxWalked) {
      // Breadth first: the root's files and CI are listed by now.
      truncated = `more than ${maxWalked} files around the folder; the rest is not searched`;
      break;
    }
    const relativeDir = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path.join(repositoryRoot, relativeDir), {
        withFileTypes: true,
      });
    } catch {
      continue;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    for (const entry of entries) {
      const relative = relativeDir
        ? `${relativeDir}/${entry.name}`
        : entry.name;
      const absolute = path.join(repositoryRoot, relative);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && absolute !== realTarget) {
          queue.push(relative);
        }
        continue;
      }
      // Files around the folder are context: skipped links go unreported.
      const found = await listEntry(entry, absolute, relative, allowedRoot);
      if ('skipped' in found) continue;
      if (collector.offer(relative, found.size, true)) keep.add(relative);
      listed.push(found);
    }
  }
  const listedPaths = new Set(collector.listed.map(l => l.path));
  const kept = listed.filter(l => listedPaths.has(l.path));
  return {
    listed: kept,
    /** Reads the wanted files (after the ETag check). */
    context: async (): Promise<RepositoryContextFiles> => {
      const files: RepositoryFile[] = [];
      for (const file of kept) {
        if (!keep.has(file.path)) {
          files.push({ path: file.path, size: file.size });
          continue;
        }
        try {
          files.push({
            path: file.path,
            size: file.size,
            content: await readAtMost(file),
          });
        } catch {
          files.push({ path: file.path, size: file.size });
        }
      }
      return {
        scope: collector.scopePath,
        files,
        truncated: truncated ?? collector.truncated,
      };
    },
  };
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
  /**
   * Read the repository around the folder too, when it is a subfolder of
   * one: `root` (when it holds the folder and lies in the allowed root),
   * else the nearest folder above with a `.git` entry.
   */
  around?: {
    root?: string;
    wantsContextContent: (
      repoPath: string,
      size: number,
      scope: string,
    ) => boolean;
  };
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
      const found = await listEntry(entry, absolute, relative, root);
      if ('skipped' in found) {
        if (found.skipped) {
          problems.push({ path: relative, message: found.skipped });
        }
        continue;
      }
      if (!budget.countFile()) {
        return { kind: 'unavailable', reason: budget.exceeded! };
      }
      listed.push(found);
    }
  }

  // Code-unit order, independent of locale, so the ETag is stable.
  listed.sort((a, b) => {
    if (a.path === b.path) return 0;
    return a.path < b.path ? -1 : 1;
  });
  let around: Awaited<ReturnType<typeof readAround>> | undefined;
  const repositoryRoot = options.around
    ? await repositoryRootOf(realTarget, root, options.around.root)
    : undefined;
  if (options.around && repositoryRoot) {
    const scopePath = path
      .relative(repositoryRoot, realTarget)
      .split(path.sep)
      .join('/');
    const wants = options.around.wantsContextContent;
    const scope: ScopeOptions = {
      path: scopePath,
      wantsContextContent: (p, size) => wants(p, size, scopePath),
    };
    around = await readAround({
      repositoryRoot,
      realTarget,
      allowedRoot: root,
      collector: new ContextCollector(scope, limits),
      deadline,
      maxFiles: limits.maxFiles,
    });
  }
  const etag = listingEtag(listed, around?.listed);
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
  return around
    ? { kind: 'read', files, etag, problems, context: await around.context() }
    : { kind: 'read', files, etag, problems };
}
