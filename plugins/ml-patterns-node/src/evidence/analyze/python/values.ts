import type { SyntaxNode } from '@lezer/common';
import { baseName, dirName } from '../paths';
import {
  CallInfo,
  ClassInfo,
  FunctionInfo,
  LoopVariable,
  Parameter,
  PythonModule,
} from './pythonModule';
import { PythonProject } from './pythonProject';
import { childrenOf, dottedName, partsOf } from './syntax';

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
  | { kind: 'config'; key: string };

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

function unknownValue(): Value {
  return { ...emptyValue(), unknown: true };
}

function literalValue(literal: string): Value {
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
function joinLiterals(parts: string[]): string {
  return parts
    .filter(p => p !== '')
    .join('/')
    .replace(/\/+/g, '/');
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
function composed(values: Value[], join: (parts: string[]) => string): Value {
  const merged = unionOf(values);
  if (values.length > 1) {
    merged.keys = merged.keys.map(k => ({ ...k, partial: true }));
  }
  let combinations: string[][] = [[]];
  for (const value of values) {
    const options = pieces(value);
    if (!options) return { ...merged, literals: [], unknown: true };
    combinations = combinations
      .flatMap(c => options.map(o => [...c, o]))
      .slice(0, 8);
  }
  return { ...merged, literals: combinations.map(join) };
}

/** Object names that hold configuration (`settings.model_path`, `args.model`, `cfg["model"]`). */
const CONFIG_ROOT =
  /^(?:self\.)?(?:settings|config|cfg|conf|args|opt|opts|params|hparams|FLAGS|flags|options|conf_dict|app\.config|current_app\.config|configs?|CONFIG|SETTINGS)$/;

/** Functions returning configuration objects. */
const CONFIG_FACTORY =
  /(?:^|\.)(?:get_settings|get_config|load_config|load_settings|parse_args|parse_known_args|safe_load|load_yaml|OmegaConf\.load|OmegaConf\.create|hydra\.compose|dotenv_values|json\.load|json\.loads|toml\.load|tomllib\.load|yaml\.load|yaml\.full_load)$/;

const ENV_GETTERS = new Set([
  'os.getenv',
  'os.environ.get',
  'os.environ.setdefault',
  'os.environ.pop',
  'environ.get',
  'getenv',
]);

const PATH_WRAPPERS =
  /^(?:open|io\.open|gzip\.open|bz2\.open|lzma\.open|fsspec\.open|tf\.io\.gfile\.GFile|tensorflow\.io\.gfile\.GFile|pathlib\.Path|pathlib\.PurePath|pathlib\.PosixPath|Path|str|os\.fspath|os\.path\.(?:abspath|expanduser|expandvars|realpath|normpath))$/;

const PATH_METHODS = new Set([
  'resolve',
  'absolute',
  'as_posix',
  'expanduser',
  'strip',
  'rstrip',
  'lstrip',
  'lower',
]);

const SEVERAL =
  /(?:^|\.)(?:glob|iglob|rglob|listdir|iterdir|scandir|walk|os\.walk)$/;

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

/** Classes deriving (here or in an imported project module) from pydantic's `BaseSettings`. */
const SETTINGS_BASE = /(?:^|\.)BaseSettings$/;

export class ValueReader {
  private readonly visiting = new Set<string>();

  constructor(private readonly project: PythonProject) {}

  scopeOf(module: PythonModule, call: CallInfo): Scope {
    return {
      module,
      fn: call.fn,
      cls: call.cls,
      loops: call.loops,
      at: call.node.from,
    };
  }

  read(node: SyntaxNode | undefined, scope: Scope, depth = 0): Value {
    if (!node || depth > 14) return unknownValue();
    const key = `${scope.module.path}:${node.from}:${node.to}:${
      scope.bound?.call.node.from ?? ''
    }`;
    if (this.visiting.has(key)) return unknownValue();
    this.visiting.add(key);
    try {
      return this.readNode(node, scope, depth);
    } finally {
      this.visiting.delete(key);
    }
  }

  private readNode(node: SyntaxNode, scope: Scope, depth: number): Value {
    const syntax = scope.module.syntax;
    switch (node.name) {
      case 'String':
      case 'ContinuedString': {
        const value = syntax.stringValue(node);
        return value === undefined ? unknownValue() : literalValue(value);
      }
      case 'FormatString':
        return this.formatString(node, scope, depth);
      case 'Number':
      case 'None':
      case 'Boolean':
        return emptyValue();
      case 'ParenthesizedExpression':
      case 'AwaitExpression': {
        const inner = partsOf(node).filter(n => n.name !== 'await');
        return this.read(inner[inner.length - 1], scope, depth + 1);
      }
      case 'ConditionalExpression':
      case 'BooleanExpression': {
        const parts = partsOf(node);
        const branches =
          node.name === 'ConditionalExpression'
            ? [parts[0], parts[parts.length - 1]]
            : parts;
        return unionOf(branches.map(p => this.read(p, scope, depth + 1)));
      }
      case 'BinaryExpression':
        return this.binary(node, scope, depth);
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression':
      case 'DictionaryExpression':
        return this.collection(node, scope, depth);
      case 'VariableName':
        return this.name(syntax.textOf(node), scope, depth);
      case 'MemberExpression':
        return this.member(node, scope, depth);
      case 'CallExpression':
        return this.call(node, scope, depth);
      default:
        return unknownValue();
    }
  }

  private formatString(node: SyntaxNode, scope: Scope, depth: number): Value {
    const syntax = scope.module.syntax;
    const quote = /^[a-zA-Z]*("""|'''|"|')/.exec(syntax.textOf(node));
    const open = node.from + (quote ? quote[0].length : 0);
    const close = node.to - (quote ? quote[1].length : 0);
    const parts: Value[] = [];
    let cursor = open;
    for (const replacement of node.getChildren('FormatReplacement')) {
      parts.push(literalValue(syntax.text.slice(cursor, replacement.from)));
      parts.push(this.read(partsOf(replacement)[0], scope, depth + 1));
      cursor = replacement.to;
    }
    parts.push(
      literalValue(syntax.text.slice(cursor, Math.max(cursor, close))),
    );
    return composed(
      parts.filter(p => !(p.literals.length === 1 && p.literals[0] === '')),
      pieceList => pieceList.join(''),
    );
  }

  private binary(node: SyntaxNode, scope: Scope, depth: number): Value {
    const parts = childrenOf(node);
    const left = parts[0];
    const right = parts[parts.length - 1];
    const values = [left, right].map(p => this.read(p, scope, depth + 1));
    // `os.getenv("X") or "default.pkl"`: either one.
    if (parts.some(p => p.name === 'or')) return unionOf(values);
    const operator = parts.find(p => p.name === 'ArithOp');
    const op = operator ? scope.module.syntax.textOf(operator) : '';
    if (op === '/') return composed(values, joinLiterals);
    if (op === '+') return composed(values, pieceList => pieceList.join(''));
    return { ...unionOf(values), literals: [], unknown: true };
  }

  private collection(node: SyntaxNode, scope: Scope, depth: number): Value {
    const syntax = scope.module.syntax;
    let elements = partsOf(node);
    if (node.name === 'DictionaryExpression') {
      // Values only: `{"a": x, "b": y}`.
      const children = childrenOf(node);
      elements = children.filter((_, i) => children[i - 1]?.name === ':');
    }
    void syntax;
    const values = elements
      .slice(0, 32)
      .map(e => this.read(e, scope, depth + 1));
    return { ...unionOf(values), object: undefined };
  }

  /** A name in scope: loop variable, parameter, local, module-level or imported. */
  name(name: string, scope: Scope, depth: number): Value {
    // Paths are kept relative to the module's folder (`Path(__file__).parent` is ``).
    if (name === '__file__') return literalValue(baseName(scope.module.path));
    for (const loop of scope.loops) {
      if (loop.names.includes(name)) {
        const over = loop.iter
          ? this.read(loop.iter, { ...scope, loops: [] }, depth + 1)
          : unknownValue();
        return { ...over, multiple: true, object: undefined };
      }
    }
    for (let fn = scope.fn; fn; fn = fn.parent) {
      const param = fn.params.find(p => p.name === name);
      if (param) {
        if (scope.bound && scope.bound.fn === fn) {
          const argument = argumentFor(scope.bound.call, param);
          if (argument)
            return this.read(argument, scope.bound.scope, depth + 1);
          return param.default
            ? this.read(
                param.default,
                { ...scope, bound: undefined },
                depth + 1,
              )
            : unknownValue();
        }
        return {
          ...emptyValue(),
          params: [{ module: scope.module, fn, param }],
        };
      }
      const locals = scope.module.assignmentsTo(name).filter(a => a.fn === fn);
      if (locals.length > 0) {
        return this.assigned(reaching(locals, scope.at), scope, depth);
      }
    }
    const global = scope.module.moduleAssignments(name);
    if (global.length > 0) {
      // Module-level code sees the assignments made before it; functions run later.
      const at = scope.fn ? Number.MAX_SAFE_INTEGER : scope.at;
      return this.assigned(reaching(global, at), scope, depth);
    }
    return this.exported(scope.module, name, depth) ?? unknownValue();
  }

  /** Values of assignments to one name (any of them may be the one that runs). */
  private assigned(
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
      const value = this.read(a.value, inner, depth + 1);
      if (a.kind === 'for') return { ...value, multiple: true };
      return value;
    });
    return unionOf(values);
  }

  /** What a module-level name of a module holds (for names other modules import). */
  exported(
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
      return this.assigned(
        assignments,
        { module, loops: [], at: Number.MAX_SAFE_INTEGER },
        depth + 1,
      );
    }
    const binding = module.importOf(name);
    if (binding) {
      const resolved = this.project.resolveImport(binding, module.path);
      if (!resolved) return undefined;
      const target = this.project.module(resolved.path);
      if (!target) return undefined;
      if (resolved.name === undefined) {
        return { ...emptyValue(), object: { kind: 'module', module: target } };
      }
      return this.exported(target, resolved.name, depth + 1);
    }
    for (const star of module.starImports) {
      const path = this.project.resolveModule(star, module.path);
      const target = path ? this.project.module(path) : undefined;
      const value = target ? this.exported(target, name, depth + 1) : undefined;
      if (value) return value;
    }
    return undefined;
  }

  private member(node: SyntaxNode, scope: Scope, depth: number): Value {
    const syntax = scope.module.syntax;
    const object = node.firstChild;
    const last = node.lastChild;
    if (!object || !last) return unknownValue();
    const dotted = dottedName(syntax, node);
    const subscript = last.name === ']';
    if (subscript) {
      const keyNode = partsOf(node)[1];
      const key = keyNode ? syntax.stringValue(keyNode) : undefined;
      const base = dottedName(syntax, object);
      const canonical = base
        ? canonicalCallee(this.project, scope.module, base)
        : undefined;
      if (
        key !== undefined &&
        (canonical === 'os.environ' || canonical === 'environ')
      ) {
        return { ...emptyValue(), keys: [{ key, env: true }] };
      }
      if (canonical === 'sys.argv') {
        return { ...emptyValue(), keys: [{ key: 'sys.argv', env: false }] };
      }
      const container = this.read(object, scope, depth + 1);
      if (container.object?.kind === 'config' && key !== undefined) {
        return configValue(`${container.object.key}[${JSON.stringify(key)}]`);
      }
      if (base && CONFIG_ROOT.test(base) && key !== undefined) {
        return configValue(`${base}[${JSON.stringify(key)}]`);
      }
      if (container.keys.length > 0 && key !== undefined) {
        // A mapping read from configuration.
        return {
          ...container,
          keys: container.keys.map(k => ({
            key: `${k.key}[${JSON.stringify(key)}]`,
            env: false,
          })),
          literals: [],
        };
      }
      return { ...container, object: undefined };
    }
    const attribute = syntax.textOf(last);
    if (dotted && CONFIG_ROOT.test(dotted.slice(0, dotted.lastIndexOf('.')))) {
      const read = this.attributeOf(object, attribute, scope, depth);
      if (read && (read.keys.length > 0 || read.literals.length > 0)) {
        return read;
      }
      return configValue(dotted);
    }
    const read = this.attributeOf(object, attribute, scope, depth);
    if (read) return read;
    return unknownValue();
  }

  /** `object.attribute`, for classes, instances, modules, configuration and paths. */
  private attributeOf(
    objectNode: SyntaxNode,
    attribute: string,
    scope: Scope,
    depth: number,
  ): Value | undefined {
    const syntax = scope.module.syntax;
    const objectText = syntax.textOf(objectNode);
    if ((objectText === 'self' || objectText === 'cls') && scope.cls) {
      return this.classMember(
        scope.module,
        scope.cls,
        attribute,
        true,
        depth,
        scope.bound,
      );
    }
    const base = this.read(objectNode, scope, depth + 1);
    const object = base.object;
    if (object?.kind === 'class' || object?.kind === 'instance') {
      return this.classMember(
        object.module,
        object.cls,
        attribute,
        object.kind === 'instance',
        depth,
      );
    }
    if (object?.kind === 'module') {
      return this.exported(object.module, attribute, depth + 1);
    }
    if (object?.kind === 'config') {
      return configValue(`${object.key}.${attribute}`);
    }
    if (base.keys.length > 0 || base.params.length > 0) {
      return {
        ...base,
        keys: base.keys.map(k => ({
          key: `${k.key}.${attribute}`,
          env: false,
        })),
        literals: [],
      };
    }
    if (attribute === 'parent' && base.literals.length > 0) {
      return { ...base, literals: base.literals.map(parentOf) };
    }
    if (/^(name|stem|value)$/.test(attribute)) return base;
    return undefined;
  }

  /** An attribute of a class or of its instances: settings fields, class attributes, `self.x = …`. */
  classMember(
    module: PythonModule,
    cls: ClassInfo,
    attribute: string,
    instance: boolean,
    depth: number,
    bound?: Scope['bound'],
  ): Value | undefined {
    if (depth > 14) return undefined;
    const inBody = module
      .assignmentsTo(attribute)
      .filter(a => a.cls === cls && !a.fn);
    const settings = this.settingsClass(module, cls, 0);
    const values: Value[] = [];
    if (settings && inBody.length > 0) {
      values.push({
        ...emptyValue(),
        keys: [
          {
            key: this.settingsKey(module, cls, attribute, inBody),
            env: true,
          },
        ],
      });
    }
    for (const a of inBody) {
      if (a.kind === 'annotation' || !a.value) continue;
      const fieldDefault = settings ? fieldDefaultOf(module, a.value) : a.value;
      if (!fieldDefault) continue;
      values.push(
        this.read(
          fieldDefault,
          { module, cls, loops: [], at: a.from },
          depth + 1,
        ),
      );
    }
    if (instance) {
      const target = `self.${attribute}`;
      for (const a of module.assignmentsTo(target)) {
        if (a.fn?.owner !== cls || !a.value) continue;
        values.push(
          this.read(
            a.value,
            { module, fn: a.fn, cls, loops: [], at: a.from, bound },
            depth + 1,
          ),
        );
      }
    }
    if (values.length > 0) return unionOf(values);
    for (const baseClass of cls.bases) {
      const base = this.classNamed(module, baseClass, depth);
      if (!base) continue;
      const inherited = this.classMember(
        base.module,
        base.cls,
        attribute,
        instance,
        depth + 1,
      );
      if (inherited) return inherited;
    }
    return undefined;
  }

  private classNamed(
    module: PythonModule,
    name: string,
    depth: number,
  ): { module: PythonModule; cls: ClassInfo } | undefined {
    const local = module.moduleClass(name);
    if (local) return { module, cls: local };
    const value = this.exported(module, name, depth + 1);
    return value?.object?.kind === 'class'
      ? { module: value.object.module, cls: value.object.cls }
      : undefined;
  }

  /** A pydantic settings class: its fields are read from the environment. */
  private settingsClass(
    module: PythonModule,
    cls: ClassInfo,
    depth: number,
  ): boolean {
    if (depth > 4) return false;
    return cls.bases.some(base => {
      const canonical = canonicalCallee(this.project, module, base);
      if (SETTINGS_BASE.test(canonical)) return true;
      const parent = this.classNamed(module, base, depth + 10);
      return parent
        ? this.settingsClass(parent.module, parent.cls, depth + 1)
        : false;
    });
  }

  /** The environment variable of a settings field: `env=`/`alias=`, else prefix + name, upper-cased. */
  private settingsKey(
    module: PythonModule,
    cls: ClassInfo,
    attribute: string,
    assignments: PythonModule['assignments'],
  ): string {
    const syntax = module.syntax;
    for (const a of assignments) {
      if (a.value?.name !== 'CallExpression') continue;
      const call = module.callAt(a.value);
      for (const keyword of ['env', 'alias', 'validation_alias']) {
        const named = call?.args.keyword.get(keyword);
        const value = named ? syntax.stringValue(named) : undefined;
        if (value) return value;
      }
    }
    let prefix = '';
    for (const call of module.calls) {
      if (call.node.from < cls.node.from || call.node.to > cls.node.to) {
        continue;
      }
      const named = call.args.keyword.get('env_prefix');
      const value = named ? syntax.stringValue(named) : undefined;
      if (value !== undefined) prefix = value;
    }
    for (const a of module.assignmentsTo('env_prefix')) {
      if (a.value && a.from > cls.node.from && a.from < cls.node.to) {
        prefix = syntax.stringValue(a.value) ?? prefix;
      }
    }
    return `${prefix}${attribute}`.toLocaleUpperCase('en-US');
  }

  private call(node: SyntaxNode, scope: Scope, depth: number): Value {
    const module = scope.module;
    const syntax = module.syntax;
    const call = module.callAt(node);
    const callee = node.firstChild;
    if (!call || !callee) return unknownValue();
    const args = call.args;
    const first = args.positional[0];
    if (call.dotted) {
      const canonical = canonicalCallee(this.project, module, call.dotted);
      if (ENV_GETTERS.has(canonical)) {
        const name = first ? syntax.stringValue(first) : undefined;
        const fallback =
          args.positional[1] ?? args.keyword.get('default') ?? undefined;
        const value = fallback
          ? this.read(fallback, scope, depth + 1)
          : emptyValue();
        return name
          ? { ...value, keys: [{ key: name, env: true }, ...value.keys] }
          : { ...value, unknown: true };
      }
      if (canonical === 'os.path.dirname' && first) {
        const inner = this.read(first, scope, depth + 1);
        return { ...inner, literals: inner.literals.map(parentOf) };
      }
      if (PATH_WRAPPERS.test(canonical)) {
        return first ? this.read(first, scope, depth + 1) : emptyValue();
      }
      if (canonical === 'os.path.join' || canonical === 'posixpath.join') {
        const values = args.positional.map(p => this.read(p, scope, depth + 1));
        return composed(values, joinLiterals);
      }
      if (SEVERAL.test(canonical)) {
        return { ...unknownValue(), multiple: true };
      }
      if (CONFIG_FACTORY.test(canonical)) {
        return {
          ...emptyValue(),
          keys: [],
          object: { kind: 'config', key: call.bound ?? 'config' },
        };
      }
      const dot = call.dotted.lastIndexOf('.');
      if (dot > 0) {
        const method = call.dotted.slice(dot + 1);
        const receiver = callee.firstChild;
        if (PATH_METHODS.has(method) && receiver) {
          return this.read(receiver, scope, depth + 1);
        }
        if (method === 'get' && receiver) {
          // `config.get("model_path")`, `settings.get(…)`.
          const base = this.read(receiver, scope, depth + 1);
          const key = first ? syntax.stringValue(first) : undefined;
          const receiverText = syntax.textOf(receiver);
          if (
            key !== undefined &&
            (base.object?.kind === 'config' || CONFIG_ROOT.test(receiverText))
          ) {
            const root =
              base.object?.kind === 'config' ? base.object.key : receiverText;
            return configValue(`${root}[${JSON.stringify(key)}]`);
          }
        }
      }
      const target = this.callTarget(module, call.dotted, scope, depth);
      if (target?.kind === 'class') {
        return {
          ...emptyValue(),
          object: { kind: 'instance', module: target.module, cls: target.cls },
        };
      }
      if (target?.kind === 'function') {
        const returned = target.fn.returns.map(r =>
          this.read(
            r,
            {
              module: target.module,
              fn: target.fn,
              cls: target.fn.owner,
              loops: [],
              at: r.from,
              bound: { fn: target.fn, call, scope },
            },
            depth + 1,
          ),
        );
        if (returned.length > 0) {
          return { ...unionOf(returned), calls: [{ module, call }] };
        }
      }
    } else if (callee.name === 'MemberExpression') {
      const method = callee.lastChild
        ? syntax.textOf(callee.lastChild)
        : undefined;
      const receiver = callee.firstChild;
      if (method && PATH_METHODS.has(method) && receiver) {
        return this.read(receiver, scope, depth + 1);
      }
      if (
        method &&
        /^(?:format|joinpath|with_suffix|with_name)$/.test(method)
      ) {
        const parts = [
          ...(receiver ? [this.read(receiver, scope, depth + 1)] : []),
          ...args.positional.map(p => this.read(p, scope, depth + 1)),
        ];
        return { ...unionOf(parts), literals: [], unknown: true };
      }
    }
    return { ...unknownValue(), calls: [{ module, call }] };
  }

  /** The project class or function a call names, through imports and `self.` methods. */
  callTarget(
    module: PythonModule,
    dotted: string,
    scope: Scope | undefined,
    depth: number,
  ):
    | { kind: 'class'; module: PythonModule; cls: ClassInfo }
    | { kind: 'function'; module: PythonModule; fn: FunctionInfo }
    | undefined {
    if (depth > 14) return undefined;
    const parts = dotted.split('.');
    if (parts.length === 1) {
      const fn = module.moduleFunction(dotted);
      if (fn) return { kind: 'function', module, fn };
      const cls = module.moduleClass(dotted);
      if (cls) return { kind: 'class', module, cls };
      const binding = module.importOf(dotted);
      if (!binding) return undefined;
      const resolved = this.project.resolveImport(binding, module.path);
      const target = resolved ? this.project.module(resolved.path) : undefined;
      if (!target || resolved?.name === undefined) return undefined;
      return this.callTarget(target, resolved.name, undefined, depth + 1);
    }
    if ((parts[0] === 'self' || parts[0] === 'cls') && parts.length === 2) {
      const owner = scope?.cls;
      const method = owner
        ? this.methodOf(module, owner, parts[1], 0)
        : undefined;
      return method;
    }
    // `module.function(…)` for an imported project module.
    const head = module.importOf(parts[0]);
    if (head && parts.length === 2) {
      const resolved = this.project.resolveImport(head, module.path);
      const target = resolved ? this.project.module(resolved.path) : undefined;
      if (target && resolved?.name === undefined) {
        return this.callTarget(target, parts[1], undefined, depth + 1);
      }
    }
    return undefined;
  }

  private methodOf(
    module: PythonModule,
    cls: ClassInfo,
    name: string,
    depth: number,
  ): { kind: 'function'; module: PythonModule; fn: FunctionInfo } | undefined {
    const fn = cls.methods.get(name);
    if (fn) return { kind: 'function', module, fn };
    if (depth > 4) return undefined;
    for (const baseClass of cls.bases) {
      const base = this.classNamed(module, baseClass, depth + 10);
      const inherited = base
        ? this.methodOf(base.module, base.cls, name, depth + 1)
        : undefined;
      if (inherited) return inherited;
    }
    return undefined;
  }
}

/** The folder of a path relative to the module's folder (`` is that folder, `..` the one above). */
function parentOf(path: string): string {
  if (path === '' || path === '.') return '..';
  if (path === '..' || path.endsWith('/..')) return `${path}/..`;
  return dirName(path);
}

function configValue(key: string): Value {
  return {
    ...emptyValue(),
    keys: [{ key, env: false }],
    object: { kind: 'config', key },
  };
}

/** `Field(default="x")`, `Field("x")` → the default; any other value as is. */
function fieldDefaultOf(
  module: PythonModule,
  value: SyntaxNode,
): SyntaxNode | undefined {
  if (value.name !== 'CallExpression') return value;
  const call = module.callAt(value);
  if (!call || !/(?:^|\.)Field$/.test(call.dotted ?? '')) return value;
  return call.args.keyword.get('default') ?? call.args.positional[0];
}

/**
 * The assignments whose value a name may hold at an offset: the last one
 * before it, and the ones before that while it may not have run (it sits
 * in an `if`/`try` arm or a loop), e.g. `X = os.getenv("X")` then
 * `if not X: X = "default.pkl"`. With none before, the first ones.
 */
function reaching(
  assignments: PythonModule['assignments'],
  at: number,
): PythonModule['assignments'] {
  const before = precedingCount(assignments, at);
  if (before === 0) return assignments.slice(0, 4);
  const chosen = [assignments[before - 1]];
  for (let i = before - 2; i >= 0 && chosen.length < 4; i--) {
    if (!assignments[i + 1].conditional) break;
    chosen.unshift(assignments[i]);
  }
  return chosen;
}

/** How many of the assignments (in source order) come before an offset. */
function precedingCount(
  assignments: PythonModule['assignments'],
  at: number,
): number {
  let low = 0;
  let high = assignments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (assignments[mid].from < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The argument a call passes for a parameter (by keyword, else by position). */
export function argumentFor(
  call: CallInfo,
  param: Parameter,
): SyntaxNode | undefined {
  return (
    call.args.keyword.get(param.name) ??
    (param.index >= 0 ? call.args.positional[param.index] : undefined)
  );
}
