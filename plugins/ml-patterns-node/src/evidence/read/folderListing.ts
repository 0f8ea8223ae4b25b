import { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside, resolveLinks } from './localRoots';
import { mapInOrder } from './mapInOrder';
import { fileKind } from './regularFile';

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

export interface ListedFile {
  path: string;
  /** The real path to read, after symlink resolution. */
  realPath: string;
  size: number;
  mtimeMs: number;
  /** The file as listed: what is opened must still be it. */
  dev: number;
  ino: number;
}

/**
 * A directory entry as a listed regular file. Links are followed only to
 * files inside the repository; named pipes, sockets and devices are never
 * opened (a pipe would block the read for good). `skipped` says why an
 * entry is not listed (empty for an entry removed while listed).
 */
async function listEntry(
  entry: Dirent,
  absolute: string,
  relative: string,
  repository: string,
): Promise<ListedFile | { skipped: string }> {
  let realPath = absolute;
  if (entry.isSymbolicLink()) {
    const resolved = await resolveLinks(absolute);
    if ('unresolved' in resolved) {
      return {
        skipped:
          resolved.unresolved === 'loop'
            ? 'symbolic link loop: skipped'
            : 'broken symbolic link: skipped',
      };
    }
    if (!isInside(repository, resolved.real)) {
      return { skipped: 'symbolic link to outside the repository: skipped' };
    }
    realPath = resolved.real;
  } else if (!entry.isFile()) {
    return { skipped: `${fileKind(entry)}, not a regular file: skipped` };
  }
  let fileStat;
  try {
    // stat, not open: it does not block on a named pipe.
    fileStat = await fs.stat(realPath);
  } catch {
    return { skipped: '' };
  }
  if (!fileStat.isFile()) {
    return {
      skipped: fileStat.isDirectory()
        ? 'symbolic link to a folder: not followed'
        : `symbolic link to ${fileKind(fileStat)}, not a regular file: skipped`,
    };
  }
  return {
    path: relative,
    realPath,
    size: fileStat.size,
    mtimeMs: fileStat.mtimeMs,
    dev: fileStat.dev,
    ino: fileStat.ino,
  };
}

/** One folder of a local tree: its subfolders to walk and what its other entries are. */
export interface FolderListing {
  /** Subfolders (relative paths), in the order of the entries. */
  folders: string[];
  /** The other entries (relative paths), listed files or why they are skipped. */
  files: Array<{
    relative: string;
    found: ListedFile | { skipped: string };
  }>;
}

/**
 * Lists a folder of a local tree (`relativeDir` under `root`): the entries
 * in the order `readdir` gives them (sorted when `sorted`), subfolders the
 * walk goes into (not the skipped ones nor `except`), and every other
 * entry looked at by {@link listEntry}, several at once. A folder that
 * cannot be read gives its error.
 */
export async function listFolder(options: {
  root: string;
  relativeDir: string;
  /** The repository files must stay in (after resolving links). */
  repository: string;
  sorted?: boolean;
  /** A folder (real path) not walked into. */
  except?: string;
}): Promise<FolderListing | { error: unknown }> {
  const { root, relativeDir, repository } = options;
  let entries: Dirent[];
  try {
    entries = await fs.readdir(path.join(root, relativeDir), {
      withFileTypes: true,
    });
  } catch (error) {
    return { error };
  }
  if (options.sorted) entries.sort((a, b) => compareCodeUnits(a.name, b.name));
  const folders: string[] = [];
  const fileEntries: Array<{ entry: Dirent; relative: string }> = [];
  for (const entry of entries) {
    const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (
        !SKIPPED_DIRECTORIES.has(entry.name) &&
        (options.except === undefined ||
          path.join(root, relative) !== options.except)
      ) {
        folders.push(relative);
      }
      continue;
    }
    fileEntries.push({ entry, relative });
  }
  const found = await mapInOrder(fileEntries, ({ entry, relative }) =>
    listEntry(entry, path.join(root, relative), relative, repository),
  );
  return {
    folders,
    files: fileEntries.map(({ relative }, i) => ({
      relative,
      found: found[i],
    })),
  };
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
