/**
 * Path helpers for repository-relative paths (`/` separators, no leading
 * `./`), and the file tree the analyzers look things up in.
 */

/** Folders whose content is not the team's own work (installed or generated). */
const IGNORED_SEGMENT =
  /(^|\/)(node_modules|\.venv|venv|\.tox|\.nox|site-packages|__pycache__|\.git|vendor|\.ipynb_checkpoints|\.mypy_cache|\.pytest_cache)\//;

export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Lower-case extension with the dot (`.pkl`), or `` when none. */
export function extensionOf(path: string): string {
  const name = baseName(path);
  const i = name.lastIndexOf('.');
  return i <= 0 ? '' : name.slice(i).toLowerCase();
}

export function isIgnoredPath(path: string): boolean {
  return IGNORED_SEGMENT.test(path);
}

/** Joins and normalises `a/b` + `../c` → `a/c`; `undefined` when it leaves the root. */
export function joinPath(base: string, relative: string): string | undefined {
  const parts = relative.startsWith('/') ? [] : base.split('/').filter(Boolean);
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

/** `a/b/c` → [``, `a`, `a/b`] (every folder that contains the path, root first). */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  const result = [''];
  for (let i = 1; i < parts.length; i++) {
    result.push(parts.slice(0, i).join('/'));
  }
  return result;
}

/** True when `path` is `dir` itself or lies under it (`` is the root). */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}

/** The paths of the handed-in tree, with fast folder look-ups. */
export class FileTree {
  readonly files: ReadonlySet<string>;
  readonly dirs: ReadonlySet<string>;

  constructor(paths: Iterable<string>) {
    const files = new Set<string>();
    const dirs = new Set<string>(['']);
    for (const path of paths) {
      files.add(path);
      // Walk up the folders until one is already known.
      for (
        let i = path.lastIndexOf('/');
        i > 0;
        i = path.lastIndexOf('/', i - 1)
      ) {
        const dir = path.slice(0, i);
        if (dirs.has(dir)) break;
        dirs.add(dir);
      }
    }
    this.files = files;
    this.dirs = dirs;
  }

  private byName?: Map<string, string[]>;

  /** Files with this base name (index built on first use). */
  filesNamed(name: string): string[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const file of this.files) {
        const key = baseName(file);
        const list = this.byName.get(key);
        if (list) list.push(file);
        else this.byName.set(key, [file]);
      }
    }
    return this.byName.get(name) ?? [];
  }

  hasFile(path: string): boolean {
    return this.files.has(path);
  }

  hasDir(path: string): boolean {
    return this.dirs.has(path);
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }

  /** Files under a folder (`` = all). Linear in the tree size. */
  filesUnder(dir: string): string[] {
    const result: string[] = [];
    for (const file of this.files) {
      if (isUnder(file, dir)) result.push(file);
    }
    return result;
  }
}
