import type { SyntaxNode } from '@lezer/common';
import { baseName } from '../paths';
import { exportedValue } from './exportedValues';
import { loopSource } from './loopElements';
import { modelNameCount } from './modelNames';
import { parameterValue } from './parameterValues';
import type { PythonModule } from './pythonModule';
import { reaching } from './reachingAssignments';
import { literalValue, Scope, unionOf, unknownValue, Value } from './value';
import type { ValueReader } from './values';

/** A name in scope: loop variable, parameter, local, module-level or imported. */
export function nameValue(
  reader: ValueReader,
  name: string,
  scope: Scope,
  depth: number,
): Value {
  // Paths are kept relative to the module's folder (`Path(__file__).parent` is ``).
  if (name === '__file__') return literalValue(baseName(scope.module.path));
  for (const loop of scope.loops) {
    if (loop.names.includes(name)) {
      return loop.iter
        ? loopElementValue(reader, loop.iter, loop.names.length, scope, depth)
        : { ...unknownValue(), multiple: true };
    }
  }
  for (let fn = scope.fn; fn; fn = fn.parent) {
    const param = fn.params.find(p => p.name === name);
    if (param) {
      return parameterValue(reader, fn, param, scope, depth);
    }
    const locals = scope.module.assignmentsTo(name).filter(a => a.fn === fn);
    if (locals.length > 0) {
      return assignedValue(reader, reaching(locals, scope.at), scope, depth);
    }
  }
  // A class body sees the names its earlier statements bind.
  const inBody = scope.fn ? [] : scope.module.assignmentsTo(name);
  const own = inBody.filter(a => scope.cls && a.cls === scope.cls && !a.fn);
  if (own.length > 0)
    return assignedValue(reader, reaching(own, scope.at), scope, depth);
  const global = scope.module.moduleAssignments(name);
  if (global.length > 0) {
    // Module-level code sees the assignments made before it; functions run later.
    const at = scope.fn ? Number.MAX_SAFE_INTEGER : scope.at;
    return assignedValue(reader, reaching(global, at), scope, depth);
  }
  return exportedValue(reader, scope.module, name, depth) ?? unknownValue();
}

/** Values of assignments to one name (any of them may be the one that runs). */
export function assignedValue(
  reader: ValueReader,
  assignments: PythonModule['assignments'],
  scope: Scope,
  depth: number,
): Value {
  const values = assignments.slice(-4).map(a => {
    const inner: Scope = {
      module: scope.module,
      fn: a.fn,
      cls: a.cls ?? a.fn?.owner,
      loops: [],
      at: a.from,
      bound: scope.bound,
    };
    if (a.kind === 'annotation') return unknownValue();
    if (a.kind === 'for' && a.value) {
      const names = scope.module.assignments.filter(
        b => b.kind === 'for' && b.from === a.from,
      ).length;
      return loopElementValue(reader, a.value, names, inner, depth);
    }
    return reader.read(a.value, inner, depth + 1);
  });
  return unionOf(values);
}

/**
 * What a loop variable takes: the one element of a collection the code
 * spells out, else any element of what the loop goes through (several
 * things unless they are one model's files, none of them the
 * collection object itself).
 */
function loopElementValue(
  reader: ValueReader,
  iter: SyntaxNode,
  names: number,
  scope: Scope,
  depth: number,
): Value {
  const outside: Scope = { ...scope, loops: [] };
  const source = loopSource(scope.module, iter, scope.fn, names, outside);
  if (source?.count === 1) {
    return source.element
      ? reader.read(source.element, source.scope ?? outside, depth + 1)
      : { ...reader.read(iter, outside, depth + 1), object: undefined };
  }
  const over = reader.read(iter, outside, depth + 1);
  // A loop over one model's files (`["model.pkl", "scaler.pkl"]`, a
  // table of its weights, config and tokenizer) or over one id written
  // twice loads one model; a configuration key iterated over may hold
  // any number of entries.
  const several =
    !source?.oneModel &&
    (over.keys.length > 0 || (modelNameCount(over) ?? 2) > 1);
  return { ...over, multiple: several, object: undefined };
}
