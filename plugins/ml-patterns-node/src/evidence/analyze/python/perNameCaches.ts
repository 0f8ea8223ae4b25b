import type { SyntaxNode } from '@lezer/common';
import type { ArtifactLoad } from './artifactLoads';
import type { FunctionInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import { companionFileName } from './artifactRoles';
import { same } from './loadUses';
import { childrenOf } from './syntax';
import type { Value } from './value';

/**
 * A model cache keyed by the name it loads: `models[name] = load(name)`
 * (or `model = load(name)` then `models[name] = model`) where the name is
 * chosen per call — a request's parameter, any of several names the code
 * spells out. Each name asked for is loaded once and kept, so the process
 * ends up holding several models at once: the load stands for several.
 * A name fixed for the process (an env var, one literal, a default every
 * caller keeps) fills the cache with one model.
 */
export function keptPerName(load: ArtifactLoad): ArtifactLoad {
  const value = load.value;
  if (!value || value.multiple || !load.spec.target) return load;
  const { module, call } = load.chain[0];
  const key = cacheKeyOf(module, call.node, call.bound, call.fn?.node);
  if (!key || !mentions(module, load.spec.target, key)) return load;
  const chosen =
    variesPerCall(value) ||
    // No caller in the repository fixed the name (a route, a framework
    // calls the function): its parameter is the request's choice.
    (load.chain.length === 1 &&
      call.fn !== undefined &&
      fromParameter(module, call.fn, key));
  return chosen ? { ...load, value: { ...value, multiple: true } } : load;
}

/** A name not fixed for the process: a caller's parameter, or several models' names spelled out (not a model and its scaler). */
function variesPerCall(value: Value): boolean {
  const literals = new Set(
    value.literals.filter(l => l !== '' && !companionFileName(l)),
  );
  return value.params.length > 0 || literals.size > 1;
}

/** The key is a parameter of the function, or a local computed from one (`name = ALIASES.get(size, size)`). */
function fromParameter(
  module: PythonModule,
  fn: FunctionInfo,
  key: string,
): boolean {
  const root = /^\w+/.exec(key)?.[0];
  if (!root) return false;
  const params = fn.params.map(p => p.name).filter(n => n !== 'self');
  if (params.includes(root)) return true;
  return module
    .assignmentsTo(root)
    .some(
      a =>
        a.fn === fn &&
        a.value !== undefined &&
        params.some(param => mentions(module, a.value!, param)),
    );
}

/** The key (`name` of `models[name] = …`) the load's result is stored under, as written. */
function cacheKeyOf(
  module: PythonModule,
  call: SyntaxNode,
  bound: string | undefined,
  fn: SyntaxNode | undefined,
): string | undefined {
  let expression = call;
  if (expression.parent?.name === 'AwaitExpression')
    expression = expression.parent;
  const direct = subscriptKey(module, expression.parent, expression);
  if (direct || !bound || !fn) return direct;
  // `model = load(name)` then `models[name] = model` in the same function.
  return storedUnder(module, fn, bound);
}

/** In `container[key] = value`: the key, when the statement stores `value` that way. */
function subscriptKey(
  module: PythonModule,
  statement: SyntaxNode | null,
  value: SyntaxNode,
): string | undefined {
  if (statement?.name !== 'AssignStatement') return undefined;
  const parts = childrenOf(statement);
  const op = parts.findIndex(p => p.name === 'AssignOp');
  if (op !== 1 || !same(parts[2], value)) return undefined;
  const target = parts[0];
  if (target.name !== 'MemberExpression' || target.lastChild?.name !== ']')
    return undefined;
  const key = childrenOf(target).find(
    (c, i) => i > 0 && c.name !== '[' && c.name !== ']',
  );
  if (!key || (key.name !== 'VariableName' && key.name !== 'MemberExpression'))
    return undefined;
  return module.syntax.textOf(key);
}

const MAX_STATEMENTS = 256;

/** The key of `container[key] = <name>` in the function's own body. */
function storedUnder(
  module: PythonModule,
  fn: SyntaxNode,
  name: string,
): string | undefined {
  const stack: SyntaxNode[] = [fn];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_STATEMENTS) {
    const node = stack.pop()!;
    for (const child of childrenOf(node)) {
      if (child.name === 'AssignStatement') {
        const value = childrenOf(child)[2];
        if (
          value?.name === 'VariableName' &&
          module.syntax.textOf(value) === name
        ) {
          const key = subscriptKey(module, child, value);
          if (key) return key;
        }
      } else if (
        child.name !== 'FunctionDefinition' &&
        child.name !== 'ClassDefinition' &&
        !/Expression$/.test(child.name)
      ) {
        stack.push(child);
      }
    }
  }
  return undefined;
}

const MAX_NODES = 256;

/** Whether the load's name (`f"{root}/{name}.pt"`, `name`) is built from the key. */
function mentions(
  module: PythonModule,
  target: SyntaxNode,
  key: string,
): boolean {
  const stack: SyntaxNode[] = [target];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_NODES) {
    const node = stack.pop()!;
    if (
      (node.name === 'VariableName' || node.name === 'MemberExpression') &&
      module.syntax.textOf(node) === key
    )
      return true;
    stack.push(...childrenOf(node));
  }
  return false;
}
