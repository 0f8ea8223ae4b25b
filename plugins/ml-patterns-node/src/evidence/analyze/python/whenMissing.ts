import type { SyntaxNode } from '@lezer/common';
import { CallInfo } from './moduleFacts';
import { PythonModule } from './pythonModule';

/** Calls that tell whether a file or folder is there, and tests of a remote scheme. */
const FILE_TEST =
  /\b(?:exists|isfile|isdir|is_file|is_dir|listdir|iterdir|access|getsize)\b|:\/\//;

const testsFile =
  (textOf: (node: SyntaxNode) => string) => (condition: SyntaxNode) =>
    FILE_TEST.test(textOf(condition).slice(0, 500));

/**
 * Whether a call runs only when a file is missing or could not be read: it
 * sits under an `if` testing a file's existence (`if not
 * os.path.exists(path):`) or whether a location is a remote URI (`if
 * model_dir.startswith("gs://"):`, a local file otherwise), in an `except`
 * arm, or after an `if` of its function that returns when the file
 * exists. A download written so is a fallback: an image holding the file
 * never runs it.
 */
export function runsOnlyWhenMissing(
  module: PythonModule,
  call: CallInfo,
): boolean {
  const textOf = (node: SyntaxNode) => module.syntax.textOf(node);
  const top = call.fn?.node;
  let inside: SyntaxNode = call.node;
  for (let up = call.node.parent; up && up !== top; up = up.parent) {
    if (up.name === 'IfStatement' && conditions(up).some(testsFile(textOf)))
      return true;
    if (up.name === 'TryStatement' && armOf(up, inside) > 0) return true;
    inside = up;
  }
  return top ? returnsEarlyWhenPresent(top, call.node.from, textOf) : false;
}

/** The condition expressions of an `if`/`elif` chain. */
function conditions(statement: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = statement.firstChild; child; child = child.nextSibling) {
    if (!['if', 'elif', 'else', 'Body', ':'].includes(child.name))
      found.push(child);
  }
  return found;
}

/** Which body of a statement (0: the first) holds a node. */
function armOf(statement: SyntaxNode, child: SyntaxNode): number {
  let arm = 0;
  for (let s = child.prevSibling; s; s = s.prevSibling) {
    if (s.name === 'Body') arm++;
  }
  return child.parent === statement && child.name === 'Body' ? arm : 0;
}

/** `if os.path.exists(path): return …` in the function's body before the call. */
function returnsEarlyWhenPresent(
  fn: SyntaxNode,
  before: number,
  textOf: (node: SyntaxNode) => string,
): boolean {
  const body = fn.getChild('Body');
  for (let s = body?.firstChild; s && s.to <= before; s = s.nextSibling) {
    if (
      s.name === 'IfStatement' &&
      conditions(s).some(testsFile(textOf)) &&
      s.getChild('Body')?.getChild('ReturnStatement')
    )
      return true;
  }
  return false;
}
