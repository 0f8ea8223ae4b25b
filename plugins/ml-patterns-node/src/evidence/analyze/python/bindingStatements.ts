import type { SyntaxNode } from '@lezer/common';
import { childrenOf, dottedName, PythonSyntax } from './syntax';
import type { ClassInfo, FunctionInfo, LoopVariable } from './moduleFacts';
import type { PythonModule } from './pythonModule';

/**
 * The statements that bind names: assignments (`x = …`, `a, b = f()`,
 * `name: type`), `for` targets, `with … as x` and comprehension variables,
 * recorded on the module being read.
 */
export function readFor(
  module: PythonModule,
  node: SyntaxNode,
  fn: FunctionInfo | undefined,
  cls: ClassInfo | undefined,
  inBranch: boolean,
): LoopVariable {
  const syntax = module.syntax;
  const children = childrenOf(node);
  const names: string[] = [];
  let iter: SyntaxNode | undefined;
  for (let i = 1; i < children.length; i++) {
    const child = children[i];
    if (child.name === 'in') {
      iter = children[i + 1];
      break;
    }
    collectNames(syntax, child, names);
  }
  for (const name of names) {
    module.assignments.push({
      target: name,
      value: iter,
      kind: 'for',
      conditional: inBranch,
      line: syntax.lineOf(node),
      from: node.from,
      fn,
      cls: fn ? undefined : cls,
    });
  }
  return { names, iter };
}

export function readWith(
  module: PythonModule,
  node: SyntaxNode,
  fn: FunctionInfo | undefined,
  inBranch: boolean,
): void {
  const syntax = module.syntax;
  const children = childrenOf(node);
  for (let i = 1; i + 2 < children.length; i++) {
    if (children[i + 1].name === 'as') {
      const target = children[i + 2];
      if (target.name === 'VariableName') {
        module.assignments.push({
          target: syntax.textOf(target),
          value: children[i],
          kind: 'with',
          conditional: inBranch,
          line: syntax.lineOf(children[i]),
          from: children[i].from,
          fn,
        });
      }
    }
  }
}

export function readAssign(
  module: PythonModule,
  node: SyntaxNode,
  fn: FunctionInfo | undefined,
  cls: ClassInfo | undefined,
  inBranch: boolean,
  bound: Map<string, string>,
): void {
  const syntax = module.syntax;
  const groups: SyntaxNode[][] = [[]];
  let annotation = false;
  for (const child of childrenOf(node)) {
    if (child.name === 'AssignOp') groups.push([]);
    else if (child.name === 'TypeDef') annotation = true;
    else if (child.name !== ',') groups[groups.length - 1].push(child);
  }
  const line = syntax.lineOf(node);
  if (groups.length === 1) {
    // `name: type` (a settings field without a default).
    const [target] = groups[0];
    if (annotation && target?.name === 'VariableName') {
      module.assignments.push({
        target: syntax.textOf(target),
        kind: 'annotation',
        conditional: inBranch,
        line,
        from: node.from,
        fn,
        cls,
      });
    }
    return;
  }
  const values = groups[groups.length - 1];
  for (const targets of groups.slice(0, -1)) {
    targets.forEach((target, i) => {
      const name = targetName(syntax, target);
      if (!name) return;
      const paired = values.length === targets.length;
      const value = paired ? values[i] : values[0];
      if (!value) return;
      module.assignments.push({
        target: name,
        value,
        unpack: !paired && targets.length > 1 ? i : undefined,
        kind: 'assign',
        conditional: inBranch,
        line,
        from: node.from,
        fn,
        cls,
      });
      const call = value.name === 'AwaitExpression' ? value.lastChild : value;
      if (call && (paired || i === 0)) {
        bound.set(`${call.from}:${call.to}`, name);
      }
    });
  }
}

function targetName(
  syntax: PythonSyntax,
  node: SyntaxNode,
): string | undefined {
  const dotted = dottedName(syntax, node);
  if (dotted) return dotted;
  if (node.name === 'MemberExpression') {
    // `models["a"] = …` binds into `models`.
    const object = node.firstChild;
    return object ? dottedName(syntax, object) : undefined;
  }
  return undefined;
}

function collectNames(
  syntax: PythonSyntax,
  node: SyntaxNode,
  names: string[],
  depth = 0,
): void {
  if (node.name === 'VariableName') {
    names.push(syntax.textOf(node));
    return;
  }
  if (
    depth < 8 &&
    (node.name === 'TupleExpression' ||
      node.name === 'ParenthesizedExpression' ||
      node.name === 'ArrayExpression')
  ) {
    for (const child of childrenOf(node)) {
      collectNames(syntax, child, names, depth + 1);
    }
  }
}

export function comprehensionVariables(
  syntax: PythonSyntax,
  node: SyntaxNode,
): LoopVariable {
  const children = childrenOf(node);
  const names: string[] = [];
  let iter: SyntaxNode | undefined;
  for (let i = 0; i < children.length; i++) {
    if (children[i].name !== 'for') continue;
    for (let j = i + 1; j < children.length; j++) {
      if (children[j].name === 'in') {
        iter ??= children[j + 1];
        i = j;
        break;
      }
      collectNames(syntax, children[j], names);
    }
  }
  return { names, iter };
}
