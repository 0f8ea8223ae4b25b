import type { SyntaxNode } from '@lezer/common';
import { memoizedPer } from '../memoizedPer';
import { ArtifactLoad } from './artifactLoads';
import { readsModelKey } from './bundledModels';
import { PythonModule } from './pythonModule';
import { childrenOf, dottedName } from './syntax';

/**
 * What the code does with a pickled object it loads, followed on the
 * syntax tree:
 *
 * - `predicts`: it is asked for predictions (`clf.predict(x)`, `clf(x)`);
 * - `features`: it only transforms input whose result reaches another
 *   object's predictions (`model.predict(vec.transform(x))`, also through
 *   variables, helpers and other transforms): a fitted preprocessing step
 *   of that model, whatever its file is called;
 * - `data`: it is only indexed, iterated or looked up like a mapping (a
 *   cached API response, a lookup table).
 *
 * Anything else (returned, aliased, put in a structure) leaves it
 * undecided.
 */
export type LoadUse =
  | { kind: 'predicts'; line: number }
  | { kind: 'features'; line: number; consumer: string }
  | { kind: 'data'; line: number };

/** Methods asking a fitted model for predictions. */
const PREDICT =
  /^(?:predict|predict_proba|predict_log_proba|decision_function|score_samples|kneighbors|classify|infer|inference|forecast)$/;

/** Methods of a mapping or sequence: reading data. */
const CONTAINER_METHOD = /^(?:get|keys|index|count)$/;

/** Functions that only read a collection. */
const DATA_FUNCTION = /^(?:len|list|dict|set|sorted|tuple|enumerate)$/;

/** Expressions through which a value passes on unchanged in kind. */
const PASS_THROUGH = new Set([
  'ParenthesizedExpression',
  'TupleExpression',
  'ArrayExpression',
  'BinaryExpression',
  'ConditionalExpression',
  'AwaitExpression',
  'UnaryExpression',
]);

const MAX_OCCURRENCES = 32;
const MAX_FLOW_DEPTH = 4;
const MAX_FLOW_STEPS = 64;
/** Syntax nodes looked at per load, and loads followed per module: bounded on hostile input. */
const MAX_NODES = 50_000;
const MAX_LOADS_PER_MODULE = 32;

export interface Budget {
  steps: number;
  nodes: number;
}

const followed = new WeakMap<PythonModule, number>();

/** How the object a pickled load returns is used (undefined: not told). */
export const useOf = memoizedPer((load: ArtifactLoad): LoadUse | undefined =>
  load.spec.pickled ? readUse(load) : undefined,
);

function readUse(load: ArtifactLoad): LoadUse | undefined {
  const { module, call } = load.chain[0];
  const name = call.bound;
  if (!name || !assignedWhole(module, call.node, name)) return undefined;
  const count = followed.get(module) ?? 0;
  if (count >= MAX_LOADS_PER_MODULE) return undefined;
  followed.set(module, count + 1);
  const budget: Budget = { steps: 0, nodes: 0 };
  const scope = scopeOf(module, call.node, name, call.fn?.node, call.cls?.node);
  const uses = occurrences(module, scope, name, call.node, budget);
  if (uses.length === 0) return undefined;
  let data: number | undefined;
  let features: { line: number; consumer: string } | undefined;
  let transforms = 0;
  for (const use of uses) {
    const kind = classify(module, use, name, budget);
    if (kind.kind === 'predicts') return kind;
    if (kind.kind === 'unknown') return undefined;
    if (kind.kind === 'data') data ??= kind.line;
    if (kind.kind === 'transform') {
      transforms++;
      features ??= kind.reaches;
    }
  }
  if (transforms === 0 && data !== undefined)
    return { kind: 'data', line: data };
  return features ? { kind: 'features', ...features } : undefined;
}

type Classified =
  | { kind: 'predicts'; line: number }
  | { kind: 'data'; line: number }
  | { kind: 'transform'; reaches?: { line: number; consumer: string } }
  | { kind: 'neutral' }
  | { kind: 'unknown' };

/** One use of the loaded object, from the node standing for its name. */
function classify(
  module: PythonModule,
  node: SyntaxNode,
  name: string,
  budget: Budget,
): Classified {
  const syntax = module.syntax;
  const line = syntax.lineOf(node);
  const parent = node.parent;
  if (!parent) return { kind: 'unknown' };
  if (parent.name === 'MemberExpression' && same(parent.firstChild, node)) {
    const property = parent.lastChild;
    if (property?.name !== 'PropertyName') {
      // `a[k]`: data, unless the element is called (a mapping of models)
      // or the key names a model (a bundle of a model and its settings).
      return readsModelKey(module, parent) ||
        usedAsObject(module, parent, budget)
        ? { kind: 'unknown' }
        : { kind: 'data', line };
    }
    const method = syntax.textOf(property);
    const call = parent.parent;
    if (call?.name !== 'CallExpression' || !same(call.firstChild, parent)) {
      return { kind: 'neutral' };
    }
    if (PREDICT.test(method)) return { kind: 'predicts', line };
    if (CONTAINER_METHOD.test(method)) {
      return readsModelKey(module, call.getChild('ArgList') ?? undefined) ||
        usedAsObject(module, call, budget)
        ? { kind: 'unknown' }
        : { kind: 'data', line };
    }
    if (method === 'items' || method === 'values') return { kind: 'unknown' };
    return { kind: 'transform', reaches: flow(module, call, name, budget, 0) };
  }
  if (parent.name === 'CallExpression' && same(parent.firstChild, node)) {
    return { kind: 'predicts', line };
  }
  if (parent.name === 'ArgList') {
    const call = parent.parent;
    const callee = call?.firstChild;
    if (!call || !callee) return { kind: 'unknown' };
    const calleeName = dottedName(syntax, callee) ?? '';
    const last = calleeName.slice(calleeName.lastIndexOf('.') + 1);
    if (DATA_FUNCTION.test(calleeName)) return { kind: 'data', line };
    if (PREDICT.test(last) || /predict|infer|classif/i.test(last)) {
      return { kind: 'unknown' };
    }
    return { kind: 'transform', reaches: flow(module, call, name, budget, 0) };
  }
  if (parent.name === 'ForStatement' && node.prevSibling?.name === 'in') {
    return usedAsObject(module, node, budget)
      ? { kind: 'unknown' }
      : { kind: 'data', line };
  }
  if (parent.name === 'BinaryExpression' && node.prevSibling?.name === 'in') {
    return { kind: 'data', line };
  }
  if (parent.name === 'ScopeStatement') return { kind: 'neutral' };
  return { kind: 'unknown' };
}

/**
 * Whether an element read from the object (`a[k]`, `a.get(k)`, the
 * variable of `for x in a`) is called or has a method called on it, there
 * or through the name it is assigned to: a mapping of models, not data.
 */
function usedAsObject(
  module: PythonModule,
  element: SyntaxNode,
  budget: Budget,
): boolean {
  const called = (node: SyntaxNode) => {
    const outer = node.parent;
    return (
      (outer?.name === 'CallExpression' && same(outer.firstChild, node)) ||
      (outer?.name === 'MemberExpression' &&
        same(outer.firstChild, node) &&
        outer.parent?.name === 'CallExpression' &&
        same(outer.parent.firstChild, outer))
    );
  };
  if (called(element)) return true;
  const statement = element.parent;
  if (!statement) return false;
  const children = childrenOf(statement);
  const until = (token: string) =>
    children.slice(
      0,
      Math.max(
        0,
        children.findIndex(c => c.name === token),
      ),
    );
  const loop = statement.name === 'ForStatement';
  let targets: SyntaxNode[] = [];
  if (
    statement.name === 'AssignStatement' &&
    element.prevSibling?.name === 'AssignOp'
  ) {
    targets = until('AssignOp');
  } else if (loop) {
    targets = until('in').slice(1);
  }
  const fn = enclosing(statement, 'FunctionDefinition');
  for (const target of targets) {
    const name = dottedName(module.syntax, target);
    if (!name) continue;
    const scope = scopeOf(module, statement, name, fn, undefined);
    const binding = loop ? target : statement;
    if (occurrences(module, scope, name, binding, budget).some(called)) {
      return true;
    }
  }
  return false;
}

/**
 * Where a value computed from the object goes: the first call asking
 * another object for predictions with it (through enclosing calls,
 * assignments to names used later in the same function, and returns of a
 * helper to its callers).
 */
function flow(
  module: PythonModule,
  start: SyntaxNode,
  self: string,
  budget: Budget,
  depth: number,
): { line: number; consumer: string } | undefined {
  const syntax = module.syntax;
  let node = start;
  while (budget.steps++ < MAX_FLOW_STEPS) {
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.name === 'ArgList') {
      const call = parent.parent;
      if (!call) return undefined;
      const consumer = predictor(module, call);
      if (consumer !== undefined && consumer !== self) {
        return { line: syntax.lineOf(call), consumer };
      }
      node = call;
      continue;
    }
    if (
      (parent.name === 'MemberExpression' && same(parent.firstChild, node)) ||
      (parent.name === 'CallExpression' && same(parent.firstChild, node)) ||
      PASS_THROUGH.has(parent.name)
    ) {
      node = parent;
      continue;
    }
    if (depth >= MAX_FLOW_DEPTH) return undefined;
    if (
      parent.name === 'AssignStatement' &&
      node.prevSibling?.name === 'AssignOp'
    ) {
      for (const target of childrenOf(parent)) {
        if (target.name === 'AssignOp') break;
        const name = dottedName(syntax, target) ?? containerOf(syntax, target);
        if (!name) continue;
        const fn = enclosing(parent, 'FunctionDefinition');
        const scope = scopeOf(module, parent, name, fn, undefined);
        for (const use of occurrences(module, scope, name, parent, budget)) {
          if (use.from < parent.to) continue;
          const found = flow(module, use, self, budget, depth + 1);
          if (found) return found;
        }
      }
      return undefined;
    }
    if (parent.name === 'ReturnStatement') {
      const fn = enclosing(parent, 'FunctionDefinition');
      const fnName = fn?.getChild('VariableName');
      if (!fn || !fnName) return undefined;
      const called = syntax.textOf(fnName);
      for (const call of module.calls) {
        const dotted = call.dotted;
        if (dotted !== called && dotted !== `self.${called}`) continue;
        const found = flow(module, call.node, self, budget, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    return undefined;
  }
  return undefined;
}

/**
 * The container a value is written into (`frame["col"] = …` → `frame`): what
 * is stored in an element travels with the container.
 */
function containerOf(
  syntax: PythonModule['syntax'],
  target: SyntaxNode,
): string | undefined {
  if (target.name !== 'MemberExpression' || target.lastChild?.name !== ']') {
    return undefined;
  }
  const base = target.firstChild;
  return base ? dottedName(syntax, base) : undefined;
}

/** The object a call asks for predictions (`model.predict(…)` → `model`). */
function predictor(module: PythonModule, call: SyntaxNode): string | undefined {
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression') return undefined;
  const property = callee.lastChild;
  if (property?.name !== 'PropertyName') return undefined;
  if (!PREDICT.test(module.syntax.textOf(property))) return undefined;
  const object = callee.firstChild;
  return object ? module.syntax.textOf(object) : undefined;
}

/** The load's result is assigned to the name itself (not into `models[k]`). */
function assignedWhole(
  module: PythonModule,
  call: SyntaxNode,
  name: string,
): boolean {
  let statement = call.parent;
  if (statement?.name === 'AwaitExpression') statement = statement.parent;
  if (statement?.name !== 'AssignStatement') return false;
  for (const target of childrenOf(statement)) {
    if (target.name === 'AssignOp') return false;
    if (dottedName(module.syntax, target) === name) return true;
  }
  return false;
}

/** Syntax nodes are made afresh on each visit: the same node is the same range and type. */
export function same(a: SyntaxNode | null | undefined, b: SyntaxNode): boolean {
  return a?.from === b.from && a.to === b.to && a.name === b.name;
}

export function enclosing(
  node: SyntaxNode,
  name: string,
): SyntaxNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.name === name) return p;
  return undefined;
}

/**
 * Where a name bound at a node is visible: its class for `self.x`, the
 * module for a module-level or `global` name or an attribute of another
 * object (`app.model`), else its function.
 */
export function scopeOf(
  module: PythonModule,
  at: SyntaxNode,
  name: string,
  fn: SyntaxNode | undefined,
  cls: SyntaxNode | undefined,
): SyntaxNode {
  if (name.startsWith('self.')) {
    return cls ?? enclosing(at, 'ClassDefinition') ?? module.syntax.top;
  }
  if (name.includes('.') || !fn || declaresGlobal(module, fn, name)) {
    return module.syntax.top;
  }
  return fn;
}

function declaresGlobal(
  module: PythonModule,
  fn: SyntaxNode,
  name: string,
): boolean {
  const body = fn.getChild('Body');
  if (!body) return false;
  for (const statement of body.getChildren('ScopeStatement')) {
    for (const variable of statement.getChildren('VariableName')) {
      if (module.syntax.textOf(variable) === name) return true;
    }
  }
  return false;
}

/**
 * The nodes reading a (dotted) name in a scope: the whole `a.b` member
 * expression for `a.b`; not the ones it is assigned to.
 */
export function occurrences(
  module: PythonModule,
  scope: SyntaxNode,
  name: string,
  binding: SyntaxNode,
  budget: Budget,
): SyntaxNode[] {
  const syntax = module.syntax;
  const parts = name.split('.');
  const found: SyntaxNode[] = [];
  const cursor = scope.cursor();
  const end = scope.to;
  do {
    if (cursor.from >= end || budget.nodes++ > MAX_NODES) break;
    if (
      cursor.name !== 'VariableName' ||
      cursor.to - cursor.from !== parts[0].length
    ) {
      continue;
    }
    let node: SyntaxNode = cursor.node;
    if (syntax.textOf(node) !== parts[0]) continue;
    let matched = 1;
    while (matched < parts.length) {
      const parent = node.parent;
      const property = parent?.lastChild;
      if (
        parent?.name !== 'MemberExpression' ||
        !same(parent.firstChild, node) ||
        property?.name !== 'PropertyName' ||
        syntax.textOf(property) !== parts[matched]
      ) {
        break;
      }
      node = parent;
      matched++;
    }
    if (matched < parts.length) continue;
    if (node.from >= binding.from && node.to <= binding.to) continue;
    const parent = node.parent;
    if (
      parent &&
      (parent.name === 'AssignStatement' ||
        parent.name === 'UpdateStatement') &&
      isTarget(parent, node)
    ) {
      continue;
    }
    found.push(node);
    if (found.length >= MAX_OCCURRENCES) break;
  } while (cursor.next());
  return found;
}

/** The node is written by the assignment (stands before its `=`). */
function isTarget(statement: SyntaxNode, node: SyntaxNode): boolean {
  for (let c = statement.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp' || c.name === 'UpdateOp') return false;
    if (c.from === node.from && c.to === node.to) return true;
  }
  return false;
}
