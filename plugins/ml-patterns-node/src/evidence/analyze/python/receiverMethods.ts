import type { SyntaxNode } from '@lezer/common';
import type { CallInfo } from './moduleFacts';
import { Scope, unionOf, Value } from './value';
import type { ValueReader } from './values';

/**
 * What a method of a project class returns when it is called on an object
 * the code holds (`self.config.model_path()`, `settings.vocab_dir()`): the
 * getters of a configuration object, read through the object's class.
 * Undefined when the receiver is not an instance (or the class) of a
 * project class, or the method returns nothing it spells out.
 */
export function receiverMethodValue(
  reader: ValueReader,
  call: CallInfo,
  callee: SyntaxNode,
  scope: Scope,
  depth: number,
): Value | undefined {
  if (callee.name !== 'MemberExpression' || depth > 12) return undefined;
  const receiver = callee.firstChild;
  const name = callee.lastChild;
  if (!receiver || !name || name.name !== 'PropertyName') return undefined;
  const object = reader.read(receiver, scope, depth + 1).object;
  if (object?.kind !== 'instance' && object?.kind !== 'class') return undefined;
  const method = reader.methodOf(
    object.module,
    object.cls,
    scope.module.syntax.textOf(name),
    0,
  );
  if (!method || method.fn.returns.length === 0) return undefined;
  const returned = method.fn.returns.map(r =>
    reader.read(
      r,
      {
        module: method.module,
        fn: method.fn,
        cls: method.fn.owner,
        loops: [],
        at: r.from,
        bound: { fn: method.fn, call, scope },
      },
      depth + 1,
    ),
  );
  return { ...unionOf(returned), calls: [{ module: scope.module, call }] };
}
