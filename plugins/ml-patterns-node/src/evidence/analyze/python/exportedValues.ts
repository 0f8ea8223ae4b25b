import type { PythonModule } from './pythonModule';
import { emptyValue, Value } from './value';
import type { ValueReader } from './values';

/**
 * What a module-level name of a module holds (for names other modules
 * import): a class, a function (undefined: not a value), what its
 * assignments give, or what it imports, followed into the project module
 * it comes from (star imports included).
 */
export function exportedValue(
  reader: ValueReader,
  module: PythonModule,
  name: string,
  depth: number,
): Value | undefined {
  if (depth > 14) return undefined;
  const cls = module.moduleClass(name);
  if (cls) return { ...emptyValue(), object: { kind: 'class', module, cls } };
  if (module.moduleFunction(name)) return undefined;
  const assignments = module.moduleAssignments(name);
  if (assignments.length > 0) {
    return reader.assigned(
      assignments,
      { module, loops: [], at: Number.MAX_SAFE_INTEGER },
      depth + 1,
    );
  }
  const project = reader.project;
  const binding = module.importOf(name);
  if (binding) {
    const resolved = project.resolveImport(binding, module.path);
    if (!resolved) return undefined;
    const target = project.module(resolved.path);
    if (!target) return undefined;
    if (resolved.name === undefined) {
      return { ...emptyValue(), object: { kind: 'module', module: target } };
    }
    return exportedValue(reader, target, resolved.name, depth + 1);
  }
  for (const star of module.starImports) {
    const path = project.resolveModule(star, module.path);
    const target = path ? project.module(path) : undefined;
    const value = target
      ? exportedValue(reader, target, name, depth + 1)
      : undefined;
    if (value) return value;
  }
  return undefined;
}
