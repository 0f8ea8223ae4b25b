import { argumentFor } from './argumentFor';
import type { FunctionInfo, Parameter } from './moduleFacts';
import { reaching } from './reachingAssignments';
import { emptyValue, Scope, unionOf, unknownValue, Value } from './value';
import type { ValueReader } from './values';

/**
 * What a function's parameter holds where it is read: the argument of the
 * call being read (or its default), else the parameter itself, to be
 * resolved at the call sites. The function may put its own value in its
 * place first: `path = resolve(path)` replaces it; `if path is None: path
 * = hf_hub_download(…)` is a fallback, so either may reach the read.
 */
export function parameterValue(
  reader: ValueReader,
  fn: FunctionInfo,
  param: Parameter,
  scope: Scope,
  depth: number,
): Value {
  const given = passedValue(reader, fn, param, scope, depth);
  const locals = scope.module.assignmentsTo(param.name).filter(
    a =>
      a.fn === fn &&
      a.from < scope.at &&
      // `path = resolve(path)`: its own value reads the parameter.
      !(a.value && a.value.from <= scope.at && scope.at < a.value.to),
  );
  if (locals.length === 0) return given;
  const chosen = reaching(locals, scope.at);
  const assigned = reader.assigned(chosen, scope, depth);
  if (!(chosen[0] === locals[0] && locals[0].conditional)) return assigned;
  // Until a caller is bound, the parameter decides the name; what the
  // fallback fetches or loads (its calls) is taken in either way.
  return scope.bound?.fn === fn
    ? unionOf([given, assigned])
    : {
        ...given,
        calls: [...given.calls, ...assigned.calls],
        unknown: given.unknown || assigned.calls.length > 0,
      };
}

/** The argument a bound call passes (or the default it leaves), else the parameter itself. */
function passedValue(
  reader: ValueReader,
  fn: FunctionInfo,
  param: Parameter,
  scope: Scope,
  depth: number,
): Value {
  if (scope.bound && scope.bound.fn === fn) {
    const argument = argumentFor(
      scope.bound.call,
      param,
      scope.bound.scope.module,
    );
    if (argument) return reader.read(argument, scope.bound.scope, depth + 1);
    return param.default
      ? reader.read(param.default, { ...scope, bound: undefined }, depth + 1)
      : unknownValue();
  }
  return {
    ...emptyValue(),
    params: [{ module: scope.module, fn, param }],
  };
}
