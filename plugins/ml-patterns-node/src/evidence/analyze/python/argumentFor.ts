import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from './pythonModule';
import type { CallInfo, Parameter } from './moduleFacts';
import { reaching } from './reachingAssignments';
import { childrenOf } from './syntax';

/**
 * The argument a call passes for a parameter (by keyword, else by
 * position, else as a key of the `**kwargs` it spreads, when the call's
 * module builds that mapping with `dict(key=…)` or `{"key": …}`).
 */
export function argumentFor(
  call: CallInfo,
  param: Parameter,
  module?: PythonModule,
): SyntaxNode | undefined {
  const passed =
    call.args.keyword.get(param.name) ??
    (param.index >= 0 ? call.args.positional[param.index] : undefined);
  if (passed || !module || !call.args.spread) return passed;
  return spreadKey(module, call, param.name);
}

/** The value a spread mapping (`**kwargs`, a local or module name) gives a key. */
function spreadKey(
  module: PythonModule,
  call: CallInfo,
  key: string,
): SyntaxNode | undefined {
  const spread = call.args.spread!;
  let mappings: Array<SyntaxNode | undefined> = [spread];
  if (spread.name === 'VariableName') {
    const name = module.syntax.textOf(spread);
    const assignments = module
      .assignmentsTo(name)
      .filter(a => a.fn === call.fn && a.kind !== 'annotation');
    mappings = [...reaching(assignments, call.node.from)]
      .reverse()
      .map(a => a.value);
  }
  for (const value of mappings) {
    if (value?.name === 'CallExpression') {
      const built = module.callAt(value);
      if (built?.dotted === 'dict') {
        const node = built.args.keyword.get(key);
        if (node) return node;
      }
    } else if (value?.name === 'DictionaryExpression') {
      // `{"key": value, …}`: a string key, its colon, its value.
      const parts = childrenOf(value);
      for (let i = 0; i + 2 < parts.length; i++) {
        if (
          parts[i].name === 'String' &&
          parts[i + 1].name === ':' &&
          module.syntax.stringValue(parts[i]) === key
        )
          return parts[i + 2];
      }
    }
  }
  return undefined;
}
