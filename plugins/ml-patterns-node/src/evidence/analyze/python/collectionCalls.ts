import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from './pythonModule';
import type { CallInfo } from './moduleFacts';
import { partsOf } from './syntax';

/**
 * A call of what a module-level collection picks: `TASKS[task](model_id)`
 * or `TASKS.get(task)(model_id)`, where `TASKS = {"embed": EmbedPipeline,
 * …}` (or a list or tuple) holds the class or function by name. Any of the
 * collection's members may be the one called, so the call is a call site
 * of each (a registry of pipelines chosen by a setting).
 */
export function callsThroughCollection(
  module: PythonModule,
  call: CallInfo,
  name: string,
): boolean {
  const collection = pickedFrom(module, call.callee);
  if (collection === undefined) return false;
  return module
    .moduleAssignments(collection)
    .some(a => a.value !== undefined && holdsName(module, a.value, name));
}

/** The collection a callee picks from: `X[…]` or `X.get(…)`, with `X` a plain name. */
function pickedFrom(
  module: PythonModule,
  callee: SyntaxNode,
): string | undefined {
  let object: SyntaxNode | null = null;
  if (callee.name === 'MemberExpression' && callee.firstChild?.nextSibling) {
    // `X[…]`: the object, then the `[` token.
    if (callee.firstChild.nextSibling.name === '[') object = callee.firstChild;
  } else if (callee.name === 'CallExpression') {
    const member = callee.firstChild;
    const property = member?.lastChild;
    if (
      member?.name === 'MemberExpression' &&
      property?.name === 'PropertyName' &&
      module.syntax.textOf(property) === 'get'
    )
      object = member.firstChild;
  }
  return object?.name === 'VariableName'
    ? module.syntax.textOf(object)
    : undefined;
}

const COLLECTIONS = new Set([
  'DictionaryExpression',
  'ArrayExpression',
  'TupleExpression',
]);

/** Whether a collection literal holds the name among its members (a dict's keys or values). */
function holdsName(module: PythonModule, node: SyntaxNode, name: string) {
  if (!COLLECTIONS.has(node.name)) return false;
  return partsOf(node).some(
    part => part.name === 'VariableName' && module.syntax.textOf(part) === name,
  );
}
