import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from './moduleFacts';
import { emptyValue, Scope, unionOf, Value } from './value';
import type { ValueReader } from './values';

/**
 * An environment variable read through an object that names it: a small
 * class of the project or a library's (`Var("MODELS_DIR", "/models")`,
 * MLflow's `_EnvironmentVariable("MODELS_DIR", str, "/mnt/models")`),
 * whose `.get()` gives the variable's value or the default. The class's
 * name says it is one (`Env…`, `…Var…`); the first argument is the
 * variable's name as environment variables are written.
 */

const ENV_CLASS = /env|var/i;
/** Context variables are not the environment. */
const NOT_ENV_CLASS = /(?:^|\.)ContextVar$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]{1,80}$/;

/** The environment variable a constructor call names, with its default; undefined when it is not one. */
export function envVariableObject(
  reader: ValueReader,
  call: CallInfo,
  canonical: string,
  stringValue: (node: SyntaxNode) => string | undefined,
  scope: Scope,
  depth: number,
): Value | undefined {
  const className = canonical.slice(canonical.lastIndexOf('.') + 1);
  if (!ENV_CLASS.test(className) || NOT_ENV_CLASS.test(canonical))
    return undefined;
  const [first, ...rest] = call.args.positional;
  const name = first ? stringValue(first) : undefined;
  if (name === undefined || !ENV_NAME.test(name)) return undefined;
  const keyword = call.args.keyword.get('default');
  // The default: `default=`, else the last later argument that is a string.
  const defaults = keyword
    ? [reader.read(keyword, scope, depth + 1)]
    : rest
        .map(node => reader.read(node, scope, depth + 1))
        .filter(value => value.literals.length > 0)
        .slice(-1);
  const value = defaults.length > 0 ? unionOf(defaults) : emptyValue();
  return {
    ...value,
    unknown: false,
    keys: [{ key: name, env: true }, ...value.keys],
  };
}
