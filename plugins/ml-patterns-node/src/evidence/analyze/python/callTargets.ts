import { methodOf, ProjectFunction } from './classMembers';
import type { ClassInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import type { Scope } from './value';
import type { ValueReader } from './values';

/** What a call runs, when the project defines it. */
export type CallTarget =
  | { kind: 'class'; module: PythonModule; cls: ClassInfo }
  | ProjectFunction;

/** The project class or function a call names, through imports and `self.` methods. */
export function callTarget(
  reader: ValueReader,
  module: PythonModule,
  dotted: string,
  scope: Scope | undefined,
  depth: number,
): CallTarget | undefined {
  if (depth > 14) return undefined;
  const project = reader.project;
  const parts = dotted.split('.');
  if (parts.length === 1) {
    const fn = module.moduleFunction(dotted);
    if (fn) return { kind: 'function', module, fn };
    const cls = module.moduleClass(dotted);
    if (cls) return { kind: 'class', module, cls };
    const binding = module.importOf(dotted);
    if (!binding) return undefined;
    const resolved = project.resolveImport(binding, module.path);
    const target = resolved ? project.module(resolved.path) : undefined;
    if (!target || resolved?.name === undefined) return undefined;
    return callTarget(reader, target, resolved.name, undefined, depth + 1);
  }
  if ((parts[0] === 'self' || parts[0] === 'cls') && parts.length === 2) {
    const owner = scope?.cls;
    return owner ? methodOf(reader, module, owner, parts[1], 0) : undefined;
  }
  // `module.function(…)` for an imported project module.
  const head = module.importOf(parts[0]);
  if (head && parts.length === 2) {
    const resolved = project.resolveImport(head, module.path);
    const target = resolved ? project.module(resolved.path) : undefined;
    if (target && resolved?.name === undefined) {
      return callTarget(reader, target, parts[1], undefined, depth + 1);
    }
  }
  return undefined;
}
