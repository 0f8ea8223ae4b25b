import { ancestorsOf, baseName, dirName } from '../paths';
import { PythonModule } from './pythonModule';
import { ImportBinding } from './moduleFacts';

/** Test modules: never part of a serving process. */
export function isTestModule(path: string): boolean {
  const name = baseName(path);
  return (
    /(^|\/)(tests?|testing)\//.test(path) ||
    /^test_.*\.py$/.test(name) ||
    /_test\.py$/.test(name) ||
    name === 'conftest.py'
  );
}

/** `sys.path.insert(…)`, `sys.path.append(…)`, `sys.path += […]`. */
const SYS_PATH_EDIT = /\bsys\.path\s{0,4}(?:\.(?:insert|append|extend)\b|\+=)/;

/** Where an import leads inside the analysed tree. */
export interface ResolvedImport {
  /** The module file. */
  path: string;
  /** For `from m import name` when `name` is not a submodule: the name in that module. */
  name?: string;
}

/**
 * The Python modules of one analysed folder, parsed on demand, and how
 * they import each other. Modules are found the way Python would with the
 * folder (or a folder above the importer) on its path; the folder is often
 * a package itself (`src/` imported as `src.config`), so the first package
 * name may be missing from the tree.
 */
export class PythonProject {
  private readonly parsed = new Map<string, PythonModule | null>();
  /** `a/b/c` (no `.py`, packages without `/__init__`) → files. */
  private readonly byModulePath = new Map<string, string[]>();
  /** Every trailing part of a module path (`b/c`, `c` for `a/b/c`) → the shortest such file. */
  private readonly bySuffix = new Map<string, string>();
  private readonly edges = new Map<string, string[]>();
  /** Code run inline (`python -c "…"`), by the name `addInline` gave it. */
  private readonly inline = new Map<string, string>();

  /**
   * @param paths - the Python modules (read, not tests excluded)
   * @param files - every file of the tree (start scripts, Procfile, bentofile are looked up here)
   */
  constructor(
    readonly paths: ReadonlySet<string>,
    private readonly textOf: (path: string) => string | undefined,
    readonly files: readonly string[] = [],
  ) {
    for (const path of paths) {
      const key = path.replace(/(\/__init__)?\.py$/, '');
      const list = this.byModulePath.get(key) ?? [];
      // A package wins over a module of the same name (`app/__init__.py`
      // over `app.py`), as in Python's own import.
      if (isPackage(path)) list.unshift(path);
      else list.push(path);
      this.byModulePath.set(key, list);
      const segments = key.split('/');
      for (let i = 0; i < segments.length; i++) {
        const suffix = segments.slice(i).join('/');
        const known = this.bySuffix.get(suffix);
        if (
          known === undefined ||
          (sameModule(path, known)
            ? isPackage(path)
            : path.length < known.length)
        ) {
          this.bySuffix.set(suffix, path);
        }
      }
    }
  }

  /** A module's source text, or inline code's (undefined when not read). */
  text(path: string): string | undefined {
    return this.paths.has(path) ? this.textOf(path) : this.inline.get(path);
  }

  /** Any file's text, as the analysis read it (undefined when not read). */
  fileText(path: string): string | undefined {
    return this.textOf(path);
  }

  /** Modules whose source mentions a word: only these are parsed for it. */
  mentioning(pattern: RegExp | string): string[] {
    const found: string[] = [];
    for (const path of this.paths) {
      const text = this.text(path);
      if (text === undefined) continue;
      if (
        typeof pattern === 'string'
          ? text.includes(pattern)
          : pattern.test(text)
      ) {
        found.push(path);
      }
    }
    return found;
  }

  module(path: string): PythonModule | undefined {
    if (!this.parsed.has(path)) {
      const text = this.paths.has(path) ? this.textOf(path) : undefined;
      this.parsed.set(
        path,
        text === undefined ? null : new PythonModule(path, text),
      );
    }
    return this.parsed.get(path) ?? undefined;
  }

  /**
   * Inline code a command runs (`python -c "…"`), as a module of its own
   * named after the command's place (`Dockerfile:12`); returns that name.
   */
  addInline(name: string, code: string): string {
    if (!this.parsed.has(name)) {
      this.parsed.set(name, new PythonModule(name, code));
      this.inline.set(name, code);
    }
    return name;
  }

  /**
   * The file of a dotted module imported from `importer` (or named by a
   * command run in `near`): relative imports from the importer's package;
   * absolute ones by the longest path suffix, nearest to the importer.
   */
  resolveModule(
    dotted: string,
    importer: string,
    packageMayBeMissing = true,
  ): string | undefined {
    const relative = /^(\.+)(.*)$/.exec(dotted);
    if (relative) {
      let folder = dirName(importer);
      for (let i = 1; i < relative[1].length; i++) {
        if (!folder && i > 0) return undefined;
        folder = dirName(folder);
      }
      const rest = relative[2].split('.').filter(Boolean).join('/');
      const key = [folder, rest].filter(Boolean).join('/');
      return this.byModulePath.get(key)?.[0];
    }
    const parts = dotted.split('.').filter(Boolean);
    if (parts.length === 0) return undefined;
    const exact = this.nearest(parts.join('/'), importer, parts.length === 1);
    if (exact) return exact;
    // The analysed folder is the first package (`src.config` with `config.py` at the root).
    if (parts.length > 1 && packageMayBeMissing) {
      const rest = parts.slice(1).join('/');
      return this.byModulePath.get(rest)?.[0];
    }
    return undefined;
  }

  /** The file for `a/b` under the importer's folders (nearest first), or anywhere for dotted paths. */
  private nearest(
    key: string,
    importer: string,
    ancestorsOnly: boolean,
  ): string | undefined {
    const folders = ancestorsOf(importer).reverse();
    for (const folder of folders) {
      const candidate = this.byModulePath.get(
        folder ? `${folder}/${key}` : key,
      );
      if (candidate) return candidate[0];
    }
    if (ancestorsOnly && !this.extendsImportPath(importer)) return undefined;
    // A dotted module deeper in the tree (the import root is a subfolder,
    // e.g. `backend/`), or a top-level one of a folder the importer put on
    // `sys.path`.
    return this.bySuffix.get(key);
  }

  private readonly pathEditors = new Map<string, boolean>();

  /** The module puts folders on the import path (`sys.path.insert(0, SERVER_DIR)`). */
  private extendsImportPath(importer: string): boolean {
    let edits = this.pathEditors.get(importer);
    if (edits === undefined) {
      const text = this.text(importer);
      edits = text !== undefined && SYS_PATH_EDIT.test(text);
      this.pathEditors.set(importer, edits);
    }
    return edits;
  }

  private readonly resolved = new WeakMap<
    ImportBinding,
    ResolvedImport | null
  >();

  /** Where an import binding leads in the tree, if anywhere. */
  resolveImport(
    binding: ImportBinding,
    importer: string,
  ): ResolvedImport | undefined {
    const known = this.resolved.get(binding);
    if (known !== undefined) return known ?? undefined;
    const found = this.resolveBinding(binding, importer);
    this.resolved.set(binding, found ?? null);
    return found;
  }

  private resolveBinding(
    binding: ImportBinding,
    importer: string,
  ): ResolvedImport | undefined {
    if (binding.name !== undefined) {
      const submodule = this.resolveModule(
        joinDotted(binding.module, binding.name),
        importer,
      );
      if (submodule) return { path: submodule };
      const path = this.resolveModule(binding.module, importer);
      return path ? { path, name: binding.name } : undefined;
    }
    const path = this.resolveModule(binding.module, importer);
    return path ? { path } : undefined;
  }

  /** The project modules a module imports (anywhere in it, packages included). */
  importsOf(path: string): string[] {
    const known = this.edges.get(path);
    if (known) return known;
    const module = this.module(path);
    const found = new Set<string>();
    if (module) {
      for (const binding of module.imports) {
        const resolved = this.resolveImport(binding, path);
        if (resolved) found.add(resolved.path);
        // Importing `a.b.c` runs `a/__init__.py` and `a/b/__init__.py` too.
        const parent = this.resolveModule(binding.module, path);
        if (parent) found.add(parent);
      }
      for (const star of module.starImports) {
        const resolved = this.resolveModule(star, path);
        if (resolved) found.add(resolved);
      }
      // Imports by name at run time: `uvicorn.run("app.main:app")`, Django's URL confs.
      for (const dotted of module.importPaths) {
        // Strictly (a file name like "model.pkl" is no import path).
        const resolved = this.resolveModule(dotted, path, false);
        if (resolved) found.add(resolved);
      }
    }
    found.delete(path);
    const list = [...found];
    this.edges.set(path, list);
    return list;
  }

  /** Every module reached from the entries through imports (entries included). */
  reachableFrom(entries: string[]): Set<string> {
    const seen = new Set<string>();
    const queue = entries.filter(e => this.parsed.has(e) || this.paths.has(e));
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const next of this.importsOf(path)) {
        if (!seen.has(next)) queue.push(next);
      }
    }
    return seen;
  }

  /** A file named by a command (`server.py`, `/app/src/main.py`, `src/main.py`), nearest to `near`. */
  resolveScript(script: string, near: string): string | undefined {
    const clean = script.replace(/^\.?\//, '').replace(/^\/+/, '');
    const segments = clean.split('/').filter(s => s && s !== '.');
    for (let i = 0; i < segments.length; i++) {
      const key = segments.slice(i).join('/');
      if (!key.endsWith('.py')) continue;
      const direct = [near, ...ancestorsOf(near).reverse()]
        .map(folder => (folder ? `${folder}/${key}` : key))
        .find(candidate => this.paths.has(candidate));
      if (direct) return direct;
      const anywhere = this.bySuffix.get(key.replace(/\.py$/, ''));
      if (anywhere?.endsWith(key)) return anywhere;
    }
    return undefined;
  }

  /** A dotted module named by a command (`app.main`, `pkg` run with `-m`), nearest to `near`. */
  resolveCommandModule(dotted: string, near: string): string | undefined {
    const inFolder = `${near ? `${near}/` : ''}__command__.py`;
    const path = this.resolveModule(dotted, inFolder);
    if (!path) return undefined;
    // `python -m pkg` runs `pkg/__main__.py`.
    if (path.endsWith('__init__.py')) {
      const main = path.replace(/__init__\.py$/, '__main__.py');
      if (this.paths.has(main)) return main;
    }
    return path;
  }
}

function isPackage(path: string): boolean {
  return path === '__init__.py' || path.endsWith('/__init__.py');
}

/** Module paths without `.py` and `/__init__`: `app/__init__.py` and `app.py` are both `app`. */
function modulePath(path: string): string {
  return path.replace(/(\/__init__)?\.py$/, '');
}

function sameModule(a: string, b: string): boolean {
  return modulePath(a) === modulePath(b);
}

function joinDotted(module: string, name: string): string {
  return /\.$/.test(module) ? `${module}${name}` : `${module}.${name}`;
}
