import type { PythonModule } from './pythonModule';
import type { PythonProject } from './pythonProject';

/** Calls resolved through imports to the name a library gives them (`jb.load` → `joblib.load`). */
export function canonicalCallee(
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
  return [base, ...rest].join('.');
}
