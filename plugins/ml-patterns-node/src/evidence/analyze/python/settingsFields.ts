import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from './pythonModule';
import type { ClassInfo } from './moduleFacts';

/**
 * Fields of a pydantic settings class (`class Settings(BaseSettings)`):
 * the default a field declares and the environment variable it is read from.
 */

/** `Field(default="x")`, `Field("x")` → the default; any other value as is. */
export function fieldDefaultOf(
  module: PythonModule,
  value: SyntaxNode,
): SyntaxNode | undefined {
  if (value.name !== 'CallExpression') return value;
  const call = module.callAt(value);
  if (!call || !/(?:^|\.)Field$/.test(call.dotted ?? '')) return value;
  return call.args.keyword.get('default') ?? call.args.positional[0];
}

/** The environment variable of a settings field: `env=`/`alias=`, else prefix + name, upper-cased. */
export function settingsKey(
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
