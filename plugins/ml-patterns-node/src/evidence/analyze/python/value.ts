import type { PythonModule } from './pythonModule';
import type {
  CallInfo,
  ClassInfo,
  FunctionInfo,
  LoopVariable,
  Parameter,
} from './moduleFacts';
import { dirName } from '../paths';

/**
 * What an expression of Python code holds, as far as naming an artifact
 * goes: the literal paths or ids it may be, the environment variables and
 * configuration keys it is read from, the function parameters it still
 * depends on, the load calls whose result it is, and whether it stands
 * for several things (a loop over a folder or a list).
 */
export interface Value {
  literals: string[];
  keys: ConfigKey[];
  multiple: boolean;
  /** Parameters of the enclosing function the value comes from (resolved at the call sites). */
  params: ParameterRef[];
  /** Calls whose result the value is (a loaded model passed on, `snapshot_download(…)`). */
  calls: CallRef[];
  /** Some part of it could not be read. */
  unknown: boolean;
  /** A class, an instance of one, a project module or a configuration object. */
  object?: ObjectRef;
}

/** An environment variable or configuration key, as written (`MODEL_ID`, `settings.model_path`). */
export interface ConfigKey {
  key: string;
  env: boolean;
  /** Names only part of the value (the folder in `os.path.join(MODEL_DIR, "a.pkl")`). */
  partial?: boolean;
}

export interface ParameterRef {
  module: PythonModule;
  fn: FunctionInfo;
  param: Parameter;
}

export interface CallRef {
  module: PythonModule;
  call: CallInfo;
}

export type ObjectRef =
  | { kind: 'class' | 'instance'; module: PythonModule; cls: ClassInfo }
  | { kind: 'module'; module: PythonModule }
  | { kind: 'config'; key: string }
  /** A model-registry lookup: its parts name the same registered model. */
  | { kind: 'registered' };

/** Where an expression is evaluated. */
export interface Scope {
  module: PythonModule;
  fn?: FunctionInfo;
  cls?: ClassInfo;
  loops: LoopVariable[];
  /** Offset of the expression: earlier assignments of a local name win. */
  at: number;
  /** Arguments bound to a function's parameters, when evaluating what a call of it returns. */
  bound?: { fn: FunctionInfo; call: CallInfo; scope: Scope };
}

export function emptyValue(): Value {
  return {
    literals: [],
    keys: [],
    multiple: false,
    params: [],
    calls: [],
    unknown: false,
  };
}

export function unknownValue(): Value {
  return { ...emptyValue(), unknown: true };
}

export function literalValue(literal: string): Value {
  return { ...emptyValue(), literals: [literal] };
}

export function unionOf(values: Value[]): Value {
  const result = emptyValue();
  for (const value of values) {
    for (const l of value.literals) {
      if (!result.literals.includes(l)) result.literals.push(l);
    }
    for (const k of value.keys) {
      if (!result.keys.some(x => x.key === k.key)) result.keys.push(k);
    }
    result.params.push(...value.params);
    result.calls.push(...value.calls);
    result.multiple ||= value.multiple;
    result.unknown ||= value.unknown;
    result.object ??= value.object;
  }
  return result;
}

/** `a/b` + `c` → `a/b/c`, dropping empty parts (the file's own folder is ``). */
export function joinLiterals(parts: string[]): string {
  return parts
    .filter(p => p !== '')
    .join('/')
    .replace(/\/+/g, '/');
}

/** A URI's scheme (`models:/`, `s3://`). */
const SCHEME_PREFIX = /^[a-z][a-z0-9+.-]*:\//i;

/** A value that names nothing: a number, `None`, a boolean. */
function isNothing(value: Value): boolean {
  return (
    value.literals.length === 0 &&
    value.keys.length === 0 &&
    value.params.length === 0 &&
    value.calls.length === 0 &&
    !value.unknown &&
    value.object === undefined
  );
}

/** What a part gives a composed path: its literals, or `{KEY}` for a part read from configuration. */
function pieces(value: Value): string[] | undefined {
  if (value.literals.length > 0) return value.literals.slice(0, 4);
  if (value.keys.length > 0) return [`{${value.keys[0].key}}`];
  return undefined;
}

/**
 * Parts put together into one path or string (`os.path.join`, `/`, `+`,
 * an f-string): every combination of their pieces. A key among several
 * parts names only part of the result (`MODEL_DIR` in `MODEL_DIR/a.pkl`).
 */
export function composed(
  values: Value[],
  join: (parts: string[]) => string,
): Value {
  const merged = unionOf(values);
  if (values.length > 1) {
    merged.keys = merged.keys.map(k => ({ ...k, partial: true }));
  }
  let combinations: string[][] = [[]];
  for (const value of values) {
    const options =
      pieces(value) ??
      // A number (a version: `"models:/churn/" + str(7)`) reads as nothing;
      // after a URI's scheme it only ends the URI, whose store is known.
      (isNothing(value) &&
      combinations.every(c => c.length > 0 && SCHEME_PREFIX.test(join(c)))
        ? ['{number}']
        : undefined);
    if (!options) return { ...merged, literals: [], unknown: true };
    combinations = combinations
      .flatMap(c => options.map(o => [...c, o]))
      .slice(0, 8);
  }
  return { ...merged, literals: combinations.map(join) };
}

/** The folder of a path relative to the module's folder (`` is that folder, `..` the one above). */
export function parentOf(path: string): string {
  if (path === '' || path === '.') return '..';
  if (path === '..' || path.endsWith('/..')) return `${path}/..`;
  return dirName(path);
}

export function configValue(key: string): Value {
  return {
    ...emptyValue(),
    keys: [{ key, env: false }],
    object: { kind: 'config', key },
  };
}

/** Object names that hold configuration (`settings.model_path`, `args.model`, `cfg["model"]`). */
export const CONFIG_ROOT =
  /^(?:self\.)?(?:settings|config|cfg|conf|args|opt|opts|params|hparams|FLAGS|flags|options|conf_dict|app\.config|current_app\.config|configs?|CONFIG|SETTINGS)$/;
