import { memoizedPerName } from '../memoizedPer';
import type { CallSite } from './artifactLoads';
import { callerChosenArms } from './callerChosenArms';
import type { PythonModule } from './pythonModule';
import type { ClassInfo, FunctionInfo } from './moduleFacts';
import { isTestModule, PythonProject } from './pythonProject';
import type { ParameterRef } from './value';
import type { ValueReader } from './values';

const MAX_ENTRIES = 8;
const MAX_MODULES = 32;

/**
 * The calls through which the code around a call is entered: for a call in
 * a method (or constructor) of a class, the calls building that class
 * (`MlflowStore(name)`, `PickleStore(path).load()`); for a call in a
 * function, the calls of that function. An object built in one arm of an
 * `if` loads only when that arm runs, whatever method of it loads.
 * Undefined when the call is in module-level code, when nothing in the
 * project enters it or when too many calls do.
 */
export function enteringCalls(
  project: PythonProject,
  reader: ValueReader,
  site: CallSite,
): CallSite[] | undefined {
  const fn = site.call.fn;
  if (!fn) return undefined;
  const outer = outermost(fn);
  const cls = outer.owner;
  const sites = cls
    ? callsOf(project, reader, site.module, cls.name, t => t === cls)
    : callsOf(project, reader, site.module, outer.name, t => t === outer);
  if (!sites || sites.length === 0) return undefined;
  return sites.map(entry => {
    const chosenByCaller = callerChosenArms(entry.module, entry.call, ref =>
      functionCalls(project, reader, ref),
    );
    return chosenByCaller.length ? { ...entry, chosenByCaller } : entry;
  });
}

/** A nested function runs when the function it is defined in does. */
function outermost(fn: FunctionInfo): FunctionInfo {
  let outer = fn;
  while (outer.parent) outer = outer.parent;
  return outer;
}

/** The calls of the function a parameter belongs to (module-level functions only). */
function functionCalls(
  project: PythonProject,
  reader: ValueReader,
  ref: ParameterRef,
): CallSite[] {
  const fn = ref.fn;
  if (fn.owner || fn.parent) return [];
  return callsOf(project, reader, ref.module, fn.name, t => t === fn) ?? [];
}

/** The modules mentioning a name, once per project and name (several loads share a class). */
const mentioning = memoizedPerName((project: PythonProject, name: string) =>
  project.mentioning(name),
);

/**
 * Calls naming a project class or function (here or where it is
 * imported) that resolve to it; undefined past the bound.
 */
function callsOf(
  project: PythonProject,
  reader: ValueReader,
  home: PythonModule,
  name: string,
  is: (target: ClassInfo | FunctionInfo) => boolean,
): CallSite[] | undefined {
  const paths = [
    home.path,
    ...mentioning(project, name).filter(p => p !== home.path),
  ];
  const sites: CallSite[] = [];
  for (const path of paths.slice(0, MAX_MODULES)) {
    if (isTestModule(path)) continue;
    const module = project.module(path);
    if (!module) continue;
    for (const call of module.calls) {
      const dotted = call.dotted;
      if (!dotted || (dotted !== name && !dotted.endsWith(`.${name}`))) {
        continue;
      }
      const target = reader.callTarget(
        module,
        dotted,
        reader.scopeOf(module, call),
        0,
      );
      let resolved: ClassInfo | FunctionInfo | undefined;
      if (target?.kind === 'class') resolved = target.cls;
      else if (target?.kind === 'function') resolved = target.fn;
      if (!resolved || !is(resolved)) continue;
      if (sites.length >= MAX_ENTRIES) return undefined;
      sites.push({ module, call });
    }
  }
  return sites;
}
