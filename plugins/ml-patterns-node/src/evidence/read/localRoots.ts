import { isError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Confinement of local reads, shared by the tree reader and the
 * single-file reader: a local source lies in one of the configured
 * `mlPatterns.localRoots`, and every file read of it lies in the
 * repository of the catalog file it was located from — both checked on
 * real paths, after resolving links.
 */

/** Whether `child` is `parent` or lies below it (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' &&
      !relative.startsWith(`..${path.sep}`) &&
      !path.isAbsolute(relative))
  );
}

export async function realpathOrUndefined(
  p: string,
): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

/**
 * A path with its links resolved, or why it cannot be: a chain of links
 * that never ends (`loop`) or a missing file or folder (`missing`).
 */
export async function resolveLinks(
  p: string,
): Promise<{ real: string } | { unresolved: 'loop' | 'missing' }> {
  try {
    return { real: await fs.realpath(p) };
  } catch (error) {
    return {
      unresolved: isError(error) && error.code === 'ELOOP' ? 'loop' : 'missing',
    };
  }
}

/**
 * The configured root (real path) a target lies in, checked before and
 * after resolving links, or why it is refused.
 */
export async function confiningRoot(
  target: string,
  roots: string[],
): Promise<{ root: string; realTarget: string } | { refused: string }> {
  const lexical = path.resolve(target);
  const lexicalRoots = roots.filter(root => isInside(root, lexical));
  if (lexicalRoots.length === 0) {
    return { refused: `${lexical} is outside the allowed local roots` };
  }
  const realTarget = await realpathOrUndefined(lexical);
  if (!realTarget) {
    return { refused: `${lexical} does not exist` };
  }
  for (const root of lexicalRoots) {
    const realRoot = await realpathOrUndefined(root);
    if (realRoot && isInside(realRoot, realTarget)) {
      return { root: realRoot, realTarget };
    }
  }
  return {
    refused: `${lexical} resolves to ${realTarget}, outside the allowed local roots`,
  };
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `start` with a `.git` entry, within `bound`. */
async function nearestGitFolder(
  start: string,
  bound: string,
): Promise<string | undefined> {
  let dir = start;
  while (isInside(bound, dir)) {
    if (await exists(path.join(dir, '.git'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The repository a folder is a subfolder of: the declared root when it
 * holds the folder and lies within `bound`, else the nearest folder above
 * it with a `.git` entry within `bound`. Undefined when the folder is a
 * repository root itself or none is found.
 */
export async function repositoryRootOf(
  realTarget: string,
  bound: string,
  declared: string | undefined,
): Promise<string | undefined> {
  if (declared) {
    const real = await realpathOrUndefined(path.resolve(declared));
    if (
      real &&
      real !== realTarget &&
      isInside(bound, real) &&
      isInside(real, realTarget)
    ) {
      return real;
    }
  }
  const found = await nearestGitFolder(realTarget, bound);
  return found === realTarget ? undefined : found;
}

/** A local source that may be read, and the repository its files must stay in. */
export interface LocalConfinement {
  /** The configured root (real path) the source lies in. */
  root: string;
  /** The source folder or file, links resolved. */
  realTarget: string;
  /**
   * The repository (real path) every file read must lie in after resolving
   * links: no sibling repository under the same root, and nothing through a
   * link leading out of it.
   */
  repository: string;
}

/**
 * Where a local source may be read from, or why it is refused. The
 * repository is, in this order: the declared `repositoryRoot` (the CLI's
 * checkout) when it holds the target inside a root; else the repository of
 * the catalog file the source was located from — the nearest folder with a
 * `.git` entry at or above `catalogFolder` within the allowed root, or that
 * folder itself when there is none; else, for a source with no catalog
 * file, the target's own repository found the same way.
 */
export async function confineLocalSource(options: {
  target: string;
  roots: string[];
  catalogFolder?: string;
  repositoryRoot?: string;
}): Promise<LocalConfinement | { refused: string }> {
  const confined = await confiningRoot(options.target, options.roots);
  if ('refused' in confined) {
    return confined;
  }
  const { root, realTarget } = confined;
  const realRoots = (
    await Promise.all(options.roots.map(r => realpathOrUndefined(r)))
  ).filter((r): r is string => r !== undefined);

  if (options.repositoryRoot) {
    const declared = await realpathOrUndefined(
      path.resolve(options.repositoryRoot),
    );
    if (
      declared &&
      isInside(declared, realTarget) &&
      realRoots.some(r => isInside(r, declared))
    ) {
      return { root, realTarget, repository: declared };
    }
  }

  let anchor = realTarget;
  if (options.catalogFolder) {
    const catalogFolder = path.resolve(options.catalogFolder);
    const real = await realpathOrUndefined(catalogFolder);
    if (!real) {
      return {
        refused: `the folder of its catalog file, ${catalogFolder}, does not exist`,
      };
    }
    anchor = real;
  }
  // The widest root holding the anchor bounds the search for `.git`: a
  // checkout above every root (the backend's own) is not the repository.
  const bound = realRoots
    .filter(r => isInside(r, anchor))
    .sort((a, b) => a.length - b.length)[0];
  if (!bound) {
    return {
      refused: `the folder of its catalog file, ${anchor}, is outside the allowed local roots`,
    };
  }
  const repository = (await nearestGitFolder(anchor, bound)) ?? anchor;
  if (!isInside(repository, realTarget)) {
    const lexical = path.resolve(options.target);
    return {
      refused: `${lexical} ${
        lexical === realTarget ? 'is' : 'resolves to a folder'
      } outside the repository of its catalog file (${repository})`,
    };
  }
  return { root, realTarget, repository };
}
