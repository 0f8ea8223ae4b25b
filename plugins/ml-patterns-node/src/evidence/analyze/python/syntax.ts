import type { SyntaxNode, Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { sharedParse } from '../sharedParses';
import { LineIndex } from '../text';

/**
 * One Python source parsed by `@lezer/python` (an incremental LR parser
 * with error recovery: broken code still gives a tree, in linear time),
 * with the small node helpers the analyzers share.
 */
export class PythonSyntax {
  readonly tree: Tree;
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    // A module copied under several paths (a vendored copy, an inline
    // script that is also a file) is parsed once per analysis: the tree is
    // read, never changed.
    this.tree = sharedParse('python', text, '', [], () => parser.parse(text));
    this.lines = new LineIndex(text);
  }

  get top(): SyntaxNode {
    return this.tree.topNode;
  }

  textOf(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  lineOf(node: SyntaxNode | number): number {
    return this.lines.lineOf(typeof node === 'number' ? node : node.from);
  }

  /** The value of a string literal (`"a"`, `r'b'`, `"a" "b"`), or undefined for any other node. */
  stringValue(node: SyntaxNode): string | undefined {
    if (node.name === 'ContinuedString') {
      let value = '';
      for (const part of childrenOf(node)) {
        const piece = this.stringValue(part);
        if (piece === undefined) return undefined;
        value += piece;
      }
      return value;
    }
    if (node.name !== 'String') return undefined;
    return unquote(this.textOf(node));
  }
}

/** The children of a node (tokens included), in order. */
export function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    children.push(child);
  }
  return children;
}

/** Punctuation and keyword tokens: nodes that are not expressions or statements. */
const TOKEN = /^(?:[^A-Za-z]+|[a-z]+)$/;

/** The children that are expressions/statements (no brackets, commas, keywords). */
export function partsOf(node: SyntaxNode): SyntaxNode[] {
  return childrenOf(node).filter(
    child =>
      !TOKEN.test(child.name) ||
      child.name === 'String' ||
      child.name === 'Number',
  );
}

/** `r"x"`, `'''y'''` → the characters between the quotes (escapes kept as written, but `\\` and quotes). */
function unquote(literal: string): string | undefined {
  const match = /^([rRbBuU]{0,2})("""|'''|"|')/.exec(literal);
  if (!match) return undefined;
  const quote = match[2];
  const body = literal.slice(match[0].length);
  if (!body.endsWith(quote)) return undefined;
  const inner = body.slice(0, body.length - quote.length);
  return /r/i.test(match[1])
    ? inner
    : inner.replace(/\\(["'\\])/g, (_, c: string) => c);
}

/** A dotted name written as `a.b.c` (no calls or subscripts in it), else undefined. */
export function dottedName(
  syntax: PythonSyntax,
  node: SyntaxNode,
): string | undefined {
  const properties: string[] = [];
  let current: SyntaxNode | null = node;
  // Iterative: a hostile `a.a.a.…` chain must not exhaust the stack.
  while (current && current.name === 'MemberExpression') {
    const property: SyntaxNode | null = current.lastChild;
    if (!property || property.name !== 'PropertyName') return undefined;
    properties.push(syntax.textOf(property));
    current = current.firstChild;
    if (properties.length > 64) return undefined;
  }
  if (!current || current.name !== 'VariableName') return undefined;
  return [syntax.textOf(current), ...properties.reverse()].join('.');
}

/** Arguments of a call: positional expressions and keyword → expression. `*a` is skipped. */
export interface CallArguments {
  positional: SyntaxNode[];
  keyword: Map<string, SyntaxNode>;
  /** The mapping of the first `**kwargs`, whose keys are keyword arguments too. */
  spread?: SyntaxNode;
}

export function callArguments(
  syntax: PythonSyntax,
  argList: SyntaxNode | null,
): CallArguments {
  const positional: SyntaxNode[] = [];
  const keyword = new Map<string, SyntaxNode>();
  let spread: SyntaxNode | undefined;
  if (!argList) return { positional, keyword };
  const children = childrenOf(argList);
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    const next = children[i + 1];
    if (child.name === '*' || child.name === '**') {
      if (child.name === '**') spread ??= next;
      i++;
      continue;
    }
    if (child.name === 'VariableName' && next?.name === 'AssignOp') {
      const value = children[i + 2];
      if (value) keyword.set(syntax.textOf(child), value);
      i += 2;
      continue;
    }
    if (
      TOKEN.test(child.name) &&
      child.name !== 'String' &&
      child.name !== 'Number'
    ) {
      continue;
    }
    if (child.name === 'ComprehensionExpression' || child.name === 'for') {
      continue;
    }
    positional.push(child);
  }
  return spread ? { positional, keyword, spread } : { positional, keyword };
}
