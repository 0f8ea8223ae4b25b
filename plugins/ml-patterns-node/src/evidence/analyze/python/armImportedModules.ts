import { memoizedPer } from '../memoizedPer';
import type { PythonProject } from './pythonProject';

/**
 * Modules a process reaches only through an import in one arm of a branch
 * (`match name: case "a": from .a import A … case "b": from .b import B`,
 * or an `if`/`elif` chain on configuration): of two modules imported in
 * different arms of one statement, only one is imported by a process, so
 * the models they load are alternatives — the process holds one of them.
 */

/** The branch arm a module is imported in, and where. */
export interface ArmImport {
  /** The module holding the branch. */
  importer: string;
  /** The branch statement (offset in the importer) and its arm. */
  statement: number;
  arm: number;
  /** Line of the branch statement in the importer. */
  line: number;
  /** What chooses, when not imports in the arms of a branch. */
  chooser?: string;
}

/** How a process' modules import one module: the arms of its imports, or null when any import is unconditional. */
type ImportsOf = Map<string, ArmImport[] | null>;

/** The imports of a set of modules by imported module, read once per set. */
const importsIndexes = memoizedPer((project: PythonProject) =>
  memoizedPer((modules: ReadonlySet<string>) =>
    readImportsIndex(project, modules),
  ),
);

function readImportsIndex(
  project: PythonProject,
  modules: ReadonlySet<string>,
): ImportsOf {
  const index: ImportsOf = new Map();
  const unconditional = (path: string | undefined) => {
    if (path !== undefined) index.set(path, null);
  };
  for (const importer of modules) {
    const module = project.module(importer);
    if (!module) continue;
    for (const star of module.starImports)
      unconditional(project.resolveModule(star, importer));
    for (const dotted of module.importPaths)
      unconditional(project.resolveModule(dotted, importer, false));
    for (const binding of module.imports) {
      const targets = new Set(
        [
          project.resolveImport(binding, importer)?.path,
          project.resolveModule(binding.module, importer),
        ].filter((p): p is string => p !== undefined && p !== importer),
      );
      for (const target of targets) {
        const arms = index.get(target);
        if (arms === null) continue;
        if (!binding.arm) {
          index.set(target, null);
          continue;
        }
        index.set(target, [
          ...(arms ?? []),
          {
            importer,
            statement: binding.arm.statement,
            arm: binding.arm.arm,
            line: module.syntax.lineOf(binding.arm.statement),
          },
        ]);
      }
    }
  }
  return index;
}

/**
 * The one arm through which the process' modules import `path`, when
 * every import of it sits in that arm; undefined when any of them imports
 * it unconditionally, by star or by name at run time, or from two places.
 */
export function armImportOf(
  project: PythonProject,
  path: string,
  modules: ReadonlySet<string>,
): ArmImport | undefined {
  const arms = importsIndexes(project)(modules).get(path);
  if (!arms) return undefined;
  const [first] = arms;
  return arms.every(
    arm =>
      arm.importer === first.importer &&
      arm.statement === first.statement &&
      arm.arm === first.arm,
  )
    ? first
    : undefined;
}

/** Two modules imported in different arms of one branch statement. */
export function alternativeImports(
  a: ArmImport | undefined,
  b: ArmImport | undefined,
): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.importer === b.importer &&
    a.statement === b.statement &&
    a.arm !== b.arm
  );
}
