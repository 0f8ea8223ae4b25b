import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EvidenceProblem, RepositoryFile } from '../types';
import { confineLocalSource, repositoryRootOf } from './localRoots';
import { openRegularFile, readHead } from './regularFile';
import { ListedFile, listFolder } from './folderListing';
import { FOLDERS_AHEAD, ListingAhead } from './ListingAhead';
import { ContextCollector } from './ContextCollector';
import { TreeBudget } from './TreeBudget';
import { mapInOrder } from './mapInOrder';
import { RepositoryContextFiles } from '../analyze/repositoryContext/RepositoryContextFiles';
import { ScopeOptions, TreeReadResult, WantsContent } from './TreeReadResult';
import { errorMessage } from '../../errorMessage';

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

/**
 * Lists the repository around the scored folder, breadth first so the
 * root's files come before deep ones when a cap cuts the listing, and
 * reads the files the context analysis wants.
 */
async function readAround(options: {
  repositoryRoot: string;
  realTarget: string;
  /** The repository reads are confined to. */
  confinement: string;
  collector: ContextCollector;
  deadline: number;
  maxFiles: number;
}): Promise<{
  listed: ListedFile[];
  context: () => Promise<RepositoryContextFiles>;
}> {
  const { repositoryRoot, realTarget, confinement, collector } = options;
  const maxWalked = options.maxFiles * 2;
  const listed: ListedFile[] = [];
  const keep = new Set<string>();
  const queue: string[] = [''];
  let truncated: string | undefined;
  const listings = new ListingAhead(relativeDir =>
    listFolder({
      root: repositoryRoot,
      relativeDir,
      repository: confinement,
      sorted: true,
      except: realTarget,
    }),
  );
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
    const folder = await listings.take(relativeDir, queue);
    if ('error' in folder) continue;
    queue.push(...folder.folders);
    for (const { relative, found } of folder.files) {
      // Files around the folder are context: skipped links go unreported.
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
      const files = await mapInOrder(
        kept,
        async (file): Promise<RepositoryFile> => {
          if (!keep.has(file.path)) {
            return { path: file.path, size: file.size };
          }
          try {
            return {
              path: file.path,
              size: file.size,
              content: await readListed(file),
            };
          } catch {
            return { path: file.path, size: file.size };
          }
        },
      );
      return {
        scope: collector.scopePath,
        files,
        truncated: truncated ?? collector.truncated,
      };
    },
  };
}

/** The listed bytes of a file (at most its listed size), if it is still the file listed. */
async function readListed(file: ListedFile): Promise<Buffer> {
  const opened = await openRegularFile(file.realPath, file);
  if ('refused' in opened) {
    throw new Error(opened.refused);
  }
  try {
    return await readHead(opened.handle, file.size);
  } finally {
    await opened.handle.close();
  }
}

/**
 * Reads a folder of the local disk, confined to the configured roots and
 * to the repository of the catalog file it was located from: the folder
 * must lie in both after resolving links, and links leading out of the
 * repository are skipped (and reported). Links to folders are not
 * followed, which also rules out cycles; only regular files are opened.
 */
export async function readLocalTree(options: {
  target: string;
  roots: string[];
  limits: { maxFiles: number; maxBytes: number; timeoutMs: number };
  wantsContent: WantsContent;
  etag?: string;
  /**
   * The root of the repository the folder belongs to, when known (the CLI's
   * checkout): it confines the reads, and is the repository read around
   * the folder when it holds the folder inside a root.
   */
  repositoryRoot?: string;
  /**
   * The folder of the catalog file the folder was located from: reads are
   * confined to its repository (the nearest `.git` at or above it, else the
   * folder itself).
   */
  catalogFolder?: string;
  /**
   * Read the repository around the folder too, when it is a subfolder of
   * one: `repositoryRoot` (when it holds the folder), else the nearest
   * folder above with a `.git` entry, within the confining repository.
   */
  around?: {
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
  const confined = await confineLocalSource({
    target: options.target,
    roots,
    catalogFolder: options.catalogFolder,
    repositoryRoot: options.repositoryRoot,
  });
  if ('refused' in confined) {
    return {
      kind: 'unavailable',
      reason: `local source not allowed: ${confined.refused}`,
    };
  }
  const { repository, realTarget } = confined;
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
  const listings = new ListingAhead(relativeDir =>
    listFolder({ root: realTarget, relativeDir, repository }),
  );

  while (pending.length > 0) {
    if (Date.now() > deadline) {
      return {
        kind: 'unavailable',
        reason: `reading the tree took longer than ${limits.timeoutMs} ms`,
      };
    }
    const relativeDir = pending.pop()!;
    // The walk takes the last pending folder next.
    const folder = await listings.take(
      relativeDir,
      pending.slice(-FOLDERS_AHEAD).reverse(),
    );
    if ('error' in folder) {
      problems.push({
        path: relativeDir || '.',
        message: `folder could not be listed: ${errorMessage(folder.error)}`,
      });
      continue;
    }
    pending.push(...folder.folders);
    for (const { relative, found } of folder.files) {
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
    ? await repositoryRootOf(realTarget, repository, options.repositoryRoot)
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
      confinement: repository,
      collector: new ContextCollector(scope, limits),
      deadline,
      maxFiles: limits.maxFiles,
    });
  }
  const etag = listingEtag(listed, around?.listed);
  if (options.etag && options.etag === etag) {
    return { kind: 'not-modified' };
  }

  const wanted = listed.map(file => wantsContent(file.path, file.size));
  // The byte cap depends on the sizes alone: known before a byte is read.
  for (let i = 0; i < listed.length; i++) {
    if (wanted[i] && !budget.takeBytes(listed[i].size)) {
      return { kind: 'unavailable', reason: budget.exceeded!, etag };
    }
  }
  // The files around the folder are read while the folder's are.
  const contextRead = around?.context();
  // Settled even when the folder's read gives up first.
  contextRead?.catch(() => undefined);
  let late = false;
  const contents = await mapInOrder(listed, async (file, i) => {
    if (!wanted[i] || late) return undefined;
    if (Date.now() > deadline) {
      late = true;
      return undefined;
    }
    try {
      return await readListed(file);
    } catch (error) {
      return { error };
    }
  });
  if (late) {
    return {
      kind: 'unavailable',
      reason: `reading the tree took longer than ${limits.timeoutMs} ms`,
    };
  }
  const files: RepositoryFile[] = [];
  listed.forEach((file, i) => {
    const content = contents[i];
    if (content === undefined) {
      files.push({ path: file.path, size: file.size });
    } else if ('error' in content) {
      problems.push({
        path: file.path,
        message: `file could not be read: ${errorMessage(content.error)}`,
      });
      files.push({ path: file.path, size: file.size });
    } else {
      files.push({ path: file.path, size: file.size, content });
    }
  });
  return contextRead
    ? { kind: 'read', files, etag, problems, context: await contextRead }
    : { kind: 'read', files, etag, problems };
}
