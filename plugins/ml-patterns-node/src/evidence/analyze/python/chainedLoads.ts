import type { SyntaxNode } from '@lezer/common';
import { memoizedPer } from '../memoizedPer';
import type { ArtifactLoad } from './artifactLoads';
import { Budget, enclosing, occurrences, same, scopeOf } from './loadUses';
import { PythonModule } from './pythonModule';
import { childrenOf, dottedName } from './syntax';

/**
 * A network run only to feed another one: an encoder whose output — the
 * embeddings, as they come out, at most indexed, cast or wrapped in an
 * array or an input mapping — is the input of one other model's inference
 * call, and is used for nothing else. The other model is a head fitted on
 * that encoder's output (a classifier on sentence embeddings, a decoder on
 * its encoder's states): the two are one trained model, as a head is
 * useless without the encoder it was fitted on.
 *
 * Not a feeder: a model whose output is decoded, formatted or cut into the
 * input (a transcript put in a prompt, a detector's boxes cropping the
 * image), or that is also asked for anything else.
 */
export interface Feed {
  /** The line of the other model's inference call the output goes into. */
  line: number;
  /** The name the other model is bound to (`self.classifier`). */
  consumer: string;
}

/** Methods running a model on an input. */
const INFER =
  /^(?:run|predict|predict_proba|encode|embed|infer|inference|forward)$/;

/** Methods that ask a loaded model about itself or place it, without running it. */
const ABOUT =
  /^(?:get_inputs|get_outputs|get_modelmeta|get_providers|set_providers|eval|to|cuda|cpu|half)$/;

/** Methods of an array or tensor that keep it the same values. */
const KEEPS_VALUES =
  /^(?:astype|numpy|cpu|detach|to|float|double|half|contiguous|squeeze|unsqueeze|reshape|view|flatten|ravel)$/;

/** Functions wrapping values into an array or tensor (`np.array(x)`, `torch.tensor(x)`). */
const WRAPS =
  /^(?:np|numpy|torch)\.(?:array|asarray|ascontiguousarray|expand_dims|squeeze|tensor|from_numpy|as_tensor|float32)$/;

/** Functions asking whether models are loaded (`all([self.a, self.b])`). */
const CHECKS = /^(?:all|any|bool|callable)$/;

const MAX_STEPS = 64;
const MAX_DEPTH = 3;
const MAX_NODES = 20_000;

const readFeedOnce = memoizedPer(readFeed);
const fed = new WeakMap<ArtifactLoad, Feed>();

/**
 * The other load (its index in `loads`) that a load only feeds: bound to
 * the name the output goes to, in the same class (for `self.…`) or
 * function or module.
 */
export function fedModel(
  load: ArtifactLoad,
  loads: ArtifactLoad[],
): number | undefined {
  const feed = readFeedOnce(load);
  if (!feed) return undefined;
  const site = load.chain[0];
  const index = loads.findIndex(other => {
    const at = other.chain[0];
    return (
      other !== load &&
      at.module === site.module &&
      at.call.bound === feed.consumer &&
      (feed.consumer.startsWith('self.')
        ? at.call.cls?.node.from === site.call.cls?.node.from
        : at.call.fn?.node.from === site.call.fn?.node.from)
    );
  });
  if (index < 0) return undefined;
  fed.set(load, feed);
  return index;
}

/** The model a load was found to only feed (see `fedModel`). */
export function feedOf(load: ArtifactLoad): Feed | undefined {
  return fed.get(load);
}

function readFeed(load: ArtifactLoad): Feed | undefined {
  if (load.spec.role !== 'model' || load.spec.pickled) return undefined;
  const { module, call } = load.chain[0];
  const name = call.bound;
  if (!name) return undefined;
  const budget: Budget = { steps: 0, nodes: 0 };
  const scope = scopeOf(module, call.node, name, call.fn?.node, call.cls?.node);
  let runs: SyntaxNode | undefined;
  for (const use of occurrences(module, scope, name, call.node, budget)) {
    const kind = useKind(module, use);
    if (kind === 'about') continue;
    if (kind === 'other' || runs) return undefined;
    runs = kind;
  }
  if (!runs || budget.nodes > MAX_NODES) return undefined;
  const feeds = flowOf(module, runs, name, budget, 0);
  if (!feeds || feeds.length === 0) return undefined;
  const [first] = feeds;
  return feeds.every(f => f.consumer === first.consumer) ? first : undefined;
}

/** One use of the loaded model: the call running it, a question about it, or anything else. */
function useKind(
  module: PythonModule,
  node: SyntaxNode,
): SyntaxNode | 'about' | 'other' {
  const syntax = module.syntax;
  const parent = node.parent;
  if (!parent) return 'other';
  if (parent.name === 'CallExpression' && same(parent.firstChild, node)) {
    return parent;
  }
  if (parent.name === 'MemberExpression' && same(parent.firstChild, node)) {
    const property = parent.lastChild;
    const call = parent.parent;
    if (
      property?.name !== 'PropertyName' ||
      call?.name !== 'CallExpression' ||
      !same(call.firstChild, parent)
    ) {
      return 'other';
    }
    const method = syntax.textOf(property);
    if (INFER.test(method)) return call;
    return ABOUT.test(method) ? 'about' : 'other';
  }
  // `if model is None`, `not model`, `if model:`, `all([a, b])`.
  if (parent.name === 'BinaryExpression') {
    const op = childrenOf(parent).find(c => c.name === 'is');
    return op ? 'about' : 'other';
  }
  if (parent.name === 'UnaryExpression' || parent.name === 'IfStatement') {
    return 'about';
  }
  let holder = parent;
  if (holder.name === 'ArrayExpression' || holder.name === 'TupleExpression') {
    holder = holder.parent ?? holder;
  }
  if (holder.name === 'ArgList') {
    const callee = holder.parent?.firstChild;
    const called = callee ? dottedName(syntax, callee) : undefined;
    if (called && CHECKS.test(called)) return 'about';
  }
  return 'other';
}

/**
 * Where the result of a node goes: the inference calls of other models it
 * becomes the input of, or undefined when it goes anywhere else.
 */
function flowOf(
  module: PythonModule,
  start: SyntaxNode,
  self: string,
  budget: Budget,
  depth: number,
): Feed[] | undefined {
  const syntax = module.syntax;
  let node = start;
  while (budget.steps++ < MAX_STEPS) {
    const parent = node.parent;
    if (!parent) return undefined;
    switch (parent.name) {
      case 'ParenthesizedExpression':
      case 'ArrayExpression':
      case 'TupleExpression':
        node = parent;
        continue;
      case 'DictionaryExpression':
        // A value of an input mapping (`{name: embeddings}`), not a key.
        if (node.prevSibling?.name !== ':') return undefined;
        node = parent;
        continue;
      case 'MemberExpression': {
        if (!same(parent.firstChild, node)) return undefined;
        const property = parent.lastChild;
        const call = parent.parent;
        const called =
          call?.name === 'CallExpression' && same(call.firstChild, parent);
        if (property?.name === 'PropertyName' && called) {
          if (!KEEPS_VALUES.test(syntax.textOf(property))) return undefined;
          node = call;
        } else {
          // `output[0]`, `output.last_hidden_state`.
          node = parent;
        }
        continue;
      }
      case 'ArgList': {
        const call = parent.parent;
        const callee = call?.firstChild;
        if (!call || !callee) return undefined;
        const called = dottedName(syntax, callee);
        if (!called) return undefined;
        const consumer = inferenceOf(called);
        if (consumer !== undefined && consumer !== self) {
          return [{ line: syntax.lineOf(call), consumer }];
        }
        if (!WRAPS.test(called)) return undefined;
        node = call;
        continue;
      }
      case 'AssignStatement':
        return depth < MAX_DEPTH
          ? assignedFlow(module, parent, node, self, budget, depth)
          : undefined;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** `self.head.run` → `self.head`; `head` → `head` (a model called directly). */
function inferenceOf(called: string): string | undefined {
  const dot = called.lastIndexOf('.');
  if (dot < 0) return called;
  return INFER.test(called.slice(dot + 1)) ? called.slice(0, dot) : undefined;
}

/** Every later use of the one local name a value is assigned to must feed a model. */
function assignedFlow(
  module: PythonModule,
  statement: SyntaxNode,
  value: SyntaxNode,
  self: string,
  budget: Budget,
  depth: number,
): Feed[] | undefined {
  if (value.prevSibling?.name !== 'AssignOp') return undefined;
  const children = childrenOf(statement);
  const operators = children.filter(c => c.name === 'AssignOp');
  if (operators.length !== 1) return undefined;
  const targets = children.slice(0, children.indexOf(operators[0]));
  if (targets.length !== 1 || targets[0].name !== 'VariableName')
    return undefined;
  const fn = enclosing(statement, 'FunctionDefinition');
  if (!fn) return undefined;
  const name = module.syntax.textOf(targets[0]);
  const uses = occurrences(module, fn, name, statement, budget).filter(
    use => use.from > statement.to,
  );
  if (uses.length === 0) return undefined;
  const feeds: Feed[] = [];
  for (const use of uses) {
    const found = flowOf(module, use, self, budget, depth + 1);
    if (!found) return undefined;
    feeds.push(...found);
  }
  return feeds;
}
