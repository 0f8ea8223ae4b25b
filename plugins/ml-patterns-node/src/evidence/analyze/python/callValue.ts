import type { SyntaxNode } from '@lezer/common';
import { canonicalCallee } from './canonicalCallee';
import { envVariableObject } from './envVariableObjects';
import type { PythonProject } from './pythonProject';
import { receiverMethodValue } from './receiverMethods';
import { registryLookup } from './registryLookups';
import { tableEntry } from './tableLookups';
import {
  composed,
  CONFIG_ROOT,
  configValue,
  emptyValue,
  joinLiterals,
  parentOf,
  Scope,
  unionOf,
  unknownValue,
  Value,
} from './value';
import type { ValueReader } from './values';

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

/** Calls returning (a copy of) their argument: `open(path)`, `Path(path)`, `dict(section)`. */
const PATH_WRAPPERS =
  /^(?:dict|open|io\.open|gzip\.open|bz2\.open|lzma\.open|fsspec\.open|tf\.io\.gfile\.GFile|tensorflow\.io\.gfile\.GFile|pathlib\.Path|pathlib\.PurePath|pathlib\.PosixPath|Path|str|os\.fspath|os\.path\.(?:abspath|expanduser|expandvars|realpath|normpath))$/;

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

/**
 * What a call gives: an environment variable or configuration key it reads,
 * the path it wraps, joins or lists, a configuration object, an instance
 * of a project class, or what a project function returns.
 */
export function callValue(
  reader: ValueReader,
  project: PythonProject,
  node: SyntaxNode,
  scope: Scope,
  depth: number,
): Value {
  const module = scope.module;
  const syntax = module.syntax;
  const call = module.callAt(node);
  const callee = node.firstChild;
  if (!call || !callee) return unknownValue();
  const registered = registryLookup(reader, call, scope, depth);
  if (registered) return registered;
  const args = call.args;
  const first = args.positional[0];
  if (call.dotted) {
    const canonical = canonicalCallee(project, module, call.dotted);
    if (ENV_GETTERS.has(canonical)) {
      const name = first ? syntax.stringValue(first) : undefined;
      const fallback =
        args.positional[1] ?? args.keyword.get('default') ?? undefined;
      const value = fallback
        ? reader.read(fallback, scope, depth + 1)
        : emptyValue();
      return name
        ? { ...value, keys: [{ key: name, env: true }, ...value.keys] }
        : { ...value, unknown: true };
    }
    if (canonical === 'os.path.dirname' && first) {
      const inner = reader.read(first, scope, depth + 1);
      return { ...inner, literals: inner.literals.map(parentOf) };
    }
    if (PATH_WRAPPERS.test(canonical)) {
      return first ? reader.read(first, scope, depth + 1) : emptyValue();
    }
    if (canonical === 'os.path.join' || canonical === 'posixpath.join') {
      const values = args.positional.map(p => reader.read(p, scope, depth + 1));
      return composed(values, joinLiterals);
    }
    if (SEVERAL.test(canonical)) {
      return { ...unknownValue(), multiple: true };
    }
    const envObject = envVariableObject(
      reader,
      call,
      canonical,
      n => syntax.stringValue(n),
      scope,
      depth,
    );
    if (envObject) return envObject;
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
        return reader.read(receiver, scope, depth + 1);
      }
      if (method === 'split' && receiver) {
        return splitValue(reader.read(receiver, scope, depth + 1), first, n =>
          syntax.stringValue(n),
        );
      }
      if (method === 'get' && receiver) {
        // `config.get("model_path")`, `settings.get(…)`.
        const base = reader.read(receiver, scope, depth + 1);
        // `MODELS_DIR.get()` of an environment variable object.
        if (!first && base.keys.some(k => k.env)) return base;
        const key = first ? syntax.stringValue(first) : undefined;
        const entry =
          first && key === undefined
            ? tableEntry(reader, base, first, scope, depth)
            : undefined;
        if (entry) return entry;
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
    const target = reader.callTarget(module, call.dotted, scope, depth);
    if (target?.kind === 'class') {
      return {
        ...emptyValue(),
        object: { kind: 'instance', module: target.module, cls: target.cls },
      };
    }
    if (target?.kind === 'function') {
      const returned = target.fn.returns.map(r =>
        reader.read(
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
    const returned = receiverMethodValue(reader, call, callee, scope, depth);
    if (returned) return returned;
  } else if (callee.name === 'MemberExpression') {
    const method = callee.lastChild
      ? syntax.textOf(callee.lastChild)
      : undefined;
    const receiver = callee.firstChild;
    if (method && PATH_METHODS.has(method) && receiver) {
      return reader.read(receiver, scope, depth + 1);
    }
    if (method === 'split' && receiver) {
      return splitValue(reader.read(receiver, scope, depth + 1), first, n =>
        syntax.stringValue(n),
      );
    }
    if (method && /^(?:format|joinpath|with_suffix|with_name)$/.test(method)) {
      const parts = [
        ...(receiver ? [reader.read(receiver, scope, depth + 1)] : []),
        ...args.positional.map(p => reader.read(p, scope, depth + 1)),
      ];
      return { ...unionOf(parts), literals: [], unknown: true };
    }
  }
  return { ...unknownValue(), calls: [{ module, call }] };
}

/**
 * `os.getenv("MODELS", "a|b").split("|")`: each part of what the string
 * may be, several of them (a list of names held in one variable).
 */
function splitValue(
  base: Value,
  separatorNode: SyntaxNode | undefined,
  stringValue: (node: SyntaxNode) => string | undefined,
): Value {
  const separator = separatorNode ? stringValue(separatorNode) : undefined;
  if (separatorNode && !separator)
    return { ...base, literals: [], unknown: true, multiple: true };
  const literals = base.literals
    .flatMap(l => (separator ? l.split(separator) : l.split(/\s+/)))
    .map(part => part.trim())
    .filter(part => part !== '');
  return {
    ...base,
    literals: [...new Set(literals)].slice(0, 8),
    multiple: true,
  };
}
