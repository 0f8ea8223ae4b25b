import {
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  confineLocalSource,
  isInside,
  repositoryRootOf,
  resolveLinks,
} from './localRoots';
import { fileKind, openRegularFile, readHead } from './regularFile';

/**
 * One text file of a local source folder, as the evidence links of local
 * (`dir:`) sources show it.
 *
 * @alpha
 */
export interface LocalSourceFile {
  /** The path as asked, relative to the source folder (POSIX separators). */
  path: string;
  content: string;
  /** Size of the whole file in bytes. */
  size: number;
  /** True when only the first `maxBytes` are in `content`. */
  truncated: boolean;
}

/** Default cap of {@link readLocalSourceFile}: evidence files are small. */
export const DEFAULT_SOURCE_FILE_MAX_BYTES = 512 * 1024;

/** Bytes inspected to tell text from binary, as git does (first 8000). */
const BINARY_SNIFF_BYTES = 8000;

function normalizeRelativePath(raw: string): string {
  const trimmed = raw.trim();
  if (!trimmed) {
    throw new InputError('path is required');
  }
  if (trimmed.includes('\0')) {
    throw new InputError('path must not contain NUL characters');
  }
  const posix = trimmed.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[a-zA-Z]:/.test(posix)) {
    throw new InputError(
      `path '${raw}' must be relative to the entity's source folder`,
    );
  }
  const normalized = path.posix.normalize(posix);
  if (normalized === '.' || normalized === '..' || normalized.endsWith('/')) {
    throw new InputError(`path '${raw}' is a folder, not a file`);
  }
  return normalized;
}

/**
 * Reads one file of a local source folder, confined like the tree reader:
 * the path must stay inside `folder` or the repository around it (the
 * nearest folder with `.git` within the confining repository), and after
 * resolving links the file must lie inside the repository of the entity's
 * catalog file (`catalogFolder`; see `confineLocalSource`) within one of the
 * configured `roots`. Only a regular file is opened — never a named pipe,
 * socket or device — and without blocking.
 *
 * Throws `InputError` for bad paths, folders and binary files,
 * `NotAllowedError` outside the roots or the repository and for files that
 * are not regular files, `NotFoundError` for missing files and link loops.
 *
 * @alpha
 */
export async function readLocalSourceFile(options: {
  folder: string;
  path: string;
  roots: string[];
  maxBytes?: number;
  /** The folder of the catalog file the source folder was located from. */
  catalogFolder?: string;
  /** The root of the repository the source folder belongs to, when known. */
  repositoryRoot?: string;
}): Promise<LocalSourceFile> {
  const relative = normalizeRelativePath(options.path);
  const maxBytes = options.maxBytes ?? DEFAULT_SOURCE_FILE_MAX_BYTES;
  if (options.roots.length === 0) {
    throw new NotAllowedError(
      'local sources are not readable: no mlPatterns.localRoots configured',
    );
  }
  const folder = await confineLocalSource({
    target: options.folder,
    roots: options.roots,
    catalogFolder: options.catalogFolder,
    repositoryRoot: options.repositoryRoot,
  });
  if ('refused' in folder) {
    throw new NotAllowedError(`source folder not readable: ${folder.refused}`);
  }
  // Evidence may point into the repository around a subfolder (its
  // CODEOWNERS, the Dockerfile that builds it: `../sklearn.Dockerfile`),
  // never further: not into sibling repositories under the same root.
  const base =
    (await repositoryRootOf(
      folder.realTarget,
      folder.repository,
      options.repositoryRoot,
    )) ?? folder.realTarget;
  const target = path.resolve(folder.realTarget, ...relative.split('/'));
  if (!isInside(base, target)) {
    throw new InputError(
      `path '${options.path}' leaves the entity's source repository`,
    );
  }
  const resolved = await resolveLinks(target);
  if ('unresolved' in resolved) {
    throw new NotFoundError(
      resolved.unresolved === 'loop'
        ? `'${relative}' is a symbolic link loop`
        : `no file '${relative}' in the source folder`,
    );
  }
  // The resolved path is not named: it may say where other repositories are.
  if (!isInside(folder.repository, resolved.real)) {
    throw new NotAllowedError(
      `'${relative}' leads out of the entity's repository through a symbolic link: not served`,
    );
  }
  const missing = (error: unknown) =>
    isError(error) && error.code === 'ENOENT'
      ? new NotFoundError(`no file '${relative}' in the source folder`)
      : error;
  let listed: Stats;
  try {
    // stat, not open: it does not block on a named pipe or act on a device.
    listed = await fs.stat(resolved.real);
  } catch (error) {
    throw missing(error);
  }
  if (listed.isDirectory()) {
    throw new InputError(`'${relative}' is a folder, not a file`);
  }
  if (!listed.isFile()) {
    throw new NotAllowedError(
      `'${relative}' is ${fileKind(listed)}, not a regular file: not read`,
    );
  }
  const opened = await openRegularFile(resolved.real, listed).catch(error => {
    throw missing(error);
  });
  if ('refused' in opened) {
    throw new NotAllowedError(`'${relative}' not read: ${opened.refused}`);
  }
  try {
    const { stat } = opened;
    const bytes = await readHead(opened.handle, Math.min(stat.size, maxBytes));
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      throw new InputError(`'${relative}' is a binary file`);
    }
    return {
      path: relative,
      content: bytes.toString('utf8'),
      size: stat.size,
      truncated: stat.size > bytes.length,
    };
  } finally {
    await opened.handle.close();
  }
}
