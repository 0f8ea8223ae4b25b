import { memoizedPer, memoizedPerName } from '../memoizedPer';
import type { PythonModule } from './pythonModule';
import type { PythonProject } from './pythonProject';

/**
 * Libraries vendored under another package's name: scikit-learn shipped
 * joblib as `sklearn.externals.joblib` until 0.23, and old serving code still
 * loads its models through it.
 */
const VENDORED: ReadonlyArray<[string, string]> = [
  ['sklearn.externals.joblib', 'joblib'],
];

function unvendored(dotted: string): string {
  for (const [vendored, library] of VENDORED) {
    if (dotted === vendored || dotted.startsWith(`${vendored}.`))
      return library + dotted.slice(vendored.length);
  }
  return dotted;
}

/** Each module's callees already resolved, per project (every loader and serving rule asks again). */
const resolvedCallees = memoizedPer((project: PythonProject) =>
  memoizedPerName((module: PythonModule, dotted: string) =>
    resolveCallee(project, module, dotted),
  ),
);

/** Calls resolved through imports to the name a library gives them (`jb.load` → `joblib.load`). */
export function canonicalCallee(
  project: PythonProject,
  module: PythonModule,
  dotted: string,
): string {
  return resolvedCallees(project)(module, dotted);
}

function resolveCallee(
  project: PythonProject,
  module: PythonModule,
  dotted: string,
): string {
  const [head, ...rest] = dotted.split('.');
  const binding = module.importOf(head);
  if (!binding) return dotted;
  if (project.resolveImport(binding, module.path)) return dotted;
  const base = binding.name
    ? `${binding.module}.${binding.name}`
    : binding.module;
  return unvendored([base, ...rest].join('.'));
}
