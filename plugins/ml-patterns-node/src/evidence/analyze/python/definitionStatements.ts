import type { SyntaxNode } from '@lezer/common';
import { callArguments, childrenOf, dottedName, PythonSyntax } from './syntax';
import type { ClassInfo, FunctionInfo, Parameter } from './moduleFacts';
import type { PythonModule } from './pythonModule';

/**
 * `def` and `class` statements: the functions (parameters, decorators,
 * owner class) and classes (bases, decorators) a module defines, recorded
 * on the module being read.
 */
export function readFunction(
  module: PythonModule,
  node: SyntaxNode,
  parent: FunctionInfo | undefined,
  owner: ClassInfo | undefined,
): FunctionInfo {
  const syntax = module.syntax;
  const nameNode = node.getChild('VariableName');
  const params: Parameter[] = [];
  const list = node.getChild('ParamList');
  if (list) {
    const children = childrenOf(list);
    let index = 0;
    let keywordOnly = false;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.name === '*' || child.name === '**') {
        keywordOnly = true;
        if (children[i + 1]?.name === 'VariableName') {
          params.push({ name: syntax.textOf(children[i + 1]), index: -1 });
          i++;
        }
        continue;
      }
      if (child.name !== 'VariableName') continue;
      const name = syntax.textOf(child);
      let j = i + 1;
      if (children[j]?.name === 'TypeDef') j++;
      const param: Parameter = { name, index: -1 };
      if (children[j]?.name === 'AssignOp' && children[j + 1]) {
        param.default = children[j + 1];
        j++;
      }
      i = j;
      const receiver =
        owner !== undefined && params.length === 0 && index === 0;
      if (receiver && (name === 'self' || name === 'cls')) continue;
      if (!keywordOnly) param.index = index++;
      params.push(param);
    }
  }
  const fn: FunctionInfo = {
    name: nameNode ? syntax.textOf(nameNode) : '',
    node,
    line: syntax.lineOf(node),
    params,
    owner,
    parent,
    decorators: decoratorsOf(syntax, node),
    returns: [],
  };
  module.functions.push(fn);
  if (owner && !parent) owner.methods.set(fn.name, fn);
  return fn;
}

export function readClass(
  module: PythonModule,
  node: SyntaxNode,
  parent?: FunctionInfo,
): ClassInfo {
  const syntax = module.syntax;
  const nameNode = node.getChild('VariableName');
  const bases: string[] = [];
  const args = node.getChild('ArgList');
  if (args) {
    for (const base of callArguments(syntax, args).positional) {
      const name = dottedName(syntax, base);
      if (name) bases.push(name);
    }
  }
  const cls: ClassInfo = {
    name: nameNode ? syntax.textOf(nameNode) : '',
    node,
    line: syntax.lineOf(node),
    bases,
    decorators: decoratorsOf(syntax, node),
    methods: new Map(),
    parent,
  };
  module.classes.push(cls);
  return cls;
}

function decoratorsOf(syntax: PythonSyntax, node: SyntaxNode): string[] {
  const parent = node.parent;
  if (!parent || parent.name !== 'DecoratedStatement') return [];
  return parent
    .getChildren('Decorator')
    .map(decorator =>
      syntax
        .textOf(decorator)
        .replace(/^@\s*/, '')
        .replace(/\(.*$/s, '')
        .trim(),
    );
}
