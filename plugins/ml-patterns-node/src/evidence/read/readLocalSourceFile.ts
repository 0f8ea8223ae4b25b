import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  confiningRoot,
  isInside,
  realpathOrUndefined,
  repositoryRootOf,
} from './localRoots';

/**
 * One text file of a local source folder, as the evidence links of local
 * (`dir:`) sources show it.
 *
 * @public
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
 * nearest folder with `.git` within the root), and the file must lie inside
 * one of the configured `roots` both as written and after resolving links.
 *
 * Throws `InputError` for bad paths, folders and binary files,
 * `NotAllowedError` outside the roots, `NotFoundError` for missing files.
 *
 * @public
 */
export async function readLocalSourceFile(options: {
  folder: string;
  path: string;
  roots: string[];
  maxBytes?: number;
}): Promise<LocalSourceFile> {
  const relative = normalizeRelativePath(options.path);
  const maxBytes = options.maxBytes ?? DEFAULT_SOURCE_FILE_MAX_BYTES;
  if (options.roots.length === 0) {
    throw new NotAllowedError(
      'local sources are not readable: no mlPatterns.localRoots configured',
    );
  }
  const folder = await confiningRoot(options.folder, options.roots);
  if ('refused' in folder) {
    throw new NotAllowedError(`source folder not readable: ${folder.refused}`);
  }
  // Evidence may point into the repository around a subfolder (its
  // CODEOWNERS, the Dockerfile that builds it: `../sklearn.Dockerfile`),
  // never further: not into sibling repositories under the same root.
  const base =
    (await repositoryRootOf(folder.realTarget, folder.root, undefined)) ??
    folder.realTarget;
  const target = path.resolve(folder.realTarget, ...relative.split('/'));
  if (!isInside(base, target)) {
    throw new InputError(
      `path '${options.path}' leaves the entity's source repository`,
    );
  }
  if (!(await realpathOrUndefined(target))) {
    throw new NotFoundError(`no file '${relative}' in the source folder`);
  }
  const confined = await confiningRoot(target, options.roots);
  if ('refused' in confined) {
    throw new NotAllowedError(`file not readable: ${confined.refused}`);
  }

  const handle = await fs.open(confined.realTarget, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new InputError(`'${relative}' is not a regular file`);
    }
    const length = Math.min(stat.size, maxBytes);
    const buffer = Buffer.alloc(length);
    let offset = 0;
    while (offset < length) {
      const { bytesRead } = await handle.read(buffer, offset, length - offset);
      if (bytesRead === 0) {
        break;
      }
      offset += bytesRead;
    }
    const bytes = buffer.subarray(0, offset);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      throw new InputError(`'${relative}' is a binary file`);
    }
    return {
      path: relative,
      content: bytes.toString('utf8'),
      size: stat.size,
      truncated: stat.size > offset,
    };
  } finally {
    await handle.close();
  }
}
