import type { SyntaxNode } from '@lezer/common';
import { PythonSyntax } from './syntax';

const STRING = new Set(['String', 'ContinuedString', 'FormatString']);

/**
 * Lines of Python code that are prose: wholly inside a statement that is
 * only a string literal (a module, class or function docstring), which
 * runs nothing. Line scanners skip them as they skip comments. The code is
 * parsed only when a line is asked about.
 */
export function proseLines(
  text: string,
): (offset: number, line: string) => boolean {
  let syntax: PythonSyntax | undefined;
  return (offset, line) => {
    const start = offset + (line.length - line.trimStart().length);
    syntax ??= new PythonSyntax(text);
    const statement = stringStatementAt(syntax.tree.resolveInner(start, 1));
    if (!statement || statement.from > start) return false;
    const rest = text.slice(statement.to, offset + line.length).trim();
    return rest === '' || rest.startsWith('#');
  };
}

/** The statement made of the string literal a node is in, if it is one. */
function stringStatementAt(node: SyntaxNode | null): SyntaxNode | undefined {
  let string: SyntaxNode | undefined;
  for (let at = node; at; at = at.parent) {
    if (STRING.has(at.name)) string = at;
    else if (string) {
      return at.name === 'ExpressionStatement' &&
        at.firstChild?.from === string.from &&
        at.firstChild.to === string.to &&
        at.firstChild.nextSibling === null
        ? at
        : undefined;
    }
  }
  return undefined;
}
