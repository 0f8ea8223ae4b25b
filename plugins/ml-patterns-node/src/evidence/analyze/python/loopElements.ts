import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from './pythonModule';
import type { Assignment, FunctionInfo } from './moduleFacts';
import { childrenOf, partsOf } from './syntax';
import type { Scope } from './value';
import { oneModelFiles } from './modelFileTables';

/**
 * What a loop iterates over when the code spells it out: a list, tuple,
 * set or dict written in place or held by a name that is assigned once and
 * never grown (`for entry in MODELS.values():` with `MODELS = {"main":
 * {"file": "model.pkl"}}`). Entries that are commented out are not there,
 * so a loop over one entry loads one model; so does a loop over one
 * model's files.
 */
export interface LoopSource {
  /** How many elements the loop goes through. */
  count: number;
  /** The one element, when there is one and the loop variable takes it whole. */
  element?: SyntaxNode;
  /** Where the element is read: the scope of the collection. */
  scope?: Scope;
  /** The collection holds one model's files (see `oneModelFiles`). */
  oneModel?: boolean;
}

const COLLECTIONS = new Set([
  'ArrayExpression',
  'TupleExpression',
  'SetExpression',
  'DictionaryExpression',
]);

/** Methods that grow a collection after it is written. */
const GROWING = /\.(?:append|extend|insert|update|setdefault|add|__setitem__)$/;

const MAX_ELEMENTS = 64;

/** The literal collection a loop goes through, when the code spells it out. */
export function loopSource(
  module: PythonModule,
  iter: SyntaxNode,
  fn: FunctionInfo | undefined,
  names: number,
  scope: Scope,
): LoopSource | undefined {
  let receiver = iter;
  let mode: 'elements' | 'values' | 'keys' | 'items' = 'elements';
  if (iter.name === 'CallExpression') {
    const callee = iter.firstChild;
    const method = callee?.lastChild;
    const args = iter.lastChild;
    if (
      callee?.name !== 'MemberExpression' ||
      !method ||
      method.name !== 'PropertyName' ||
      !args ||
      partsOf(args).length > 0
    ) {
      return undefined;
    }
    const name = module.syntax.textOf(method);
    if (name !== 'values' && name !== 'keys' && name !== 'items') {
      return undefined;
    }
    mode = name;
    receiver = callee.firstChild!;
  }
  let collection: SyntaxNode | undefined;
  let at = scope;
  if (COLLECTIONS.has(receiver.name)) {
    collection = receiver;
  } else if (receiver.name === 'VariableName') {
    const held = heldCollection(module, module.syntax.textOf(receiver), fn);
    if (!held) return undefined;
    collection = held.value;
    at = {
      module,
      fn: held.fn,
      cls: held.cls ?? held.fn?.owner,
      loops: [],
      at: held.from,
      bound: scope.bound,
    };
  }
  if (!collection) return undefined;
  const dict = collection.name === 'DictionaryExpression';
  if (mode !== 'elements' && !dict) return undefined;
  const entries = dict ? dictEntries(collection) : elementsOf(collection);
  if (!entries) return undefined;
  const one = entries.length === 1 ? entries[0] : undefined;
  let element: SyntaxNode | undefined;
  if (one && names === 1) {
    if (!dict) element = one.key;
    else if (mode === 'values') element = one.value;
    else if (mode !== 'items') element = one.key;
  }
  const oneModel = oneModelFiles(
    entries.map(entry =>
      [entry.key, entry.value].flatMap(node => {
        const text = node ? module.syntax.stringValue(node) : undefined;
        return text === undefined ? [] : [text];
      }),
    ),
  );
  return {
    count: entries.length,
    ...(element && { element, scope: at }),
    ...(oneModel && { oneModel }),
  };
}

interface Entry {
  key: SyntaxNode;
  value?: SyntaxNode;
}

/** The elements of a list, tuple or set; undefined with a `*spread` or too many to read. */
function elementsOf(node: SyntaxNode): Entry[] | undefined {
  const parts = partsOf(node);
  if (parts.length > MAX_ELEMENTS) return undefined;
  if (childrenOf(node).some(c => c.name === '*')) return undefined;
  return parts.map(key => ({ key }));
}

/** The `key: value` entries of a dict; undefined with a `**spread`. */
function dictEntries(node: SyntaxNode): Entry[] | undefined {
  const children = childrenOf(node);
  if (children.length > MAX_ELEMENTS * 4) return undefined;
  if (children.some(c => c.name === '**')) return undefined;
  const entries: Entry[] = [];
  children.forEach((child, i) => {
    if (child.name !== ':') return;
    const key = children[i - 1];
    const value = children[i + 1];
    if (key && value) entries.push({ key, value });
  });
  return entries;
}

/**
 * The collection a name holds: its one assignment (in the function, else
 * at module level) is a collection written in place, and nothing adds to
 * it (`NAME[k] = …`, `NAME.append(…)`).
 */
function heldCollection(
  module: PythonModule,
  name: string,
  fn: FunctionInfo | undefined,
): (Assignment & { value: SyntaxNode }) | undefined {
  const all = module.assignmentsTo(name);
  const local = fn ? all.filter(a => a.fn === fn) : [];
  const own = local.length > 0 ? local : module.moduleAssignments(name);
  if (own.length !== 1) return undefined;
  // Writes elsewhere (an element set in another function) grow it too.
  if (all.some(a => a !== own[0] && a.fn !== fn && a.kind !== 'for')) {
    return undefined;
  }
  const [assignment] = own;
  const value = assignment.value;
  if (
    assignment.kind !== 'assign' ||
    assignment.unpack !== undefined ||
    !value ||
    !COLLECTIONS.has(value.name)
  ) {
    return undefined;
  }
  if (
    module.calls.some(
      call =>
        call.dotted !== undefined &&
        call.dotted.startsWith(`${name}.`) &&
        GROWING.test(call.dotted),
    )
  ) {
    return undefined;
  }
  return { ...assignment, value };
}
