import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Confinement of local reads to the configured `mlPatterns.localRoots`,
 * shared by the tree reader and the single-file reader.
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

/**
 * The repository a folder is a subfolder of: the given root when it holds
 * the folder, else the nearest folder above it with a `.git` entry, both
 * within the allowed root. Undefined when the folder is a repository root
 * itself or none is found.
 */
export async function repositoryRootOf(
  realTarget: string,
  allowedRoot: string,
  declared: string | undefined,
): Promise<string | undefined> {
  if (declared) {
    const real = await realpathOrUndefined(path.resolve(declared));
    if (
      real &&
      real !== realTarget &&
      isInside(allowedRoot, real) &&
      isInside(real, realTarget)
    ) {
      return real;
    }
  }
  if (await exists(path.join(realTarget, '.git'))) {
    return undefined;
  }
  let dir = path.dirname(realTarget);
  while (isInside(allowedRoot, dir)) {
    if (await exists(path.join(dir, '.git'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
