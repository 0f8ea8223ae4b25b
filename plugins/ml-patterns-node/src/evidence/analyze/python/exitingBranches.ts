import type { SyntaxNode } from '@lezer/common';
import type { BranchArm } from './moduleFacts';

/** Statements after which the rest of their block does not run. */
const EXITS = new Set(['ReturnStatement', 'RaiseStatement']);

/** The last statement of a body (comments aside). */
function lastStatement(body: SyntaxNode): SyntaxNode | null {
  let last = body.lastChild;
  while (last && last.name === 'Comment') last = last.prevSibling;
  return last;
}

/**
 * An `if`/`elif` chain with no `else` whose every arm ends in `return` or
 * `raise` (`if os.environ.get("TARGET") == "mlflow": … return model`):
 * the statements after it run only when no arm did, as an implicit `else`
 * arm. Returns that arm, numbered after the written ones, or undefined.
 */
export function armAfterExitingIf(
  statement: SyntaxNode,
): BranchArm | undefined {
  let bodies = 0;
  for (let part = statement.firstChild; part; part = part.nextSibling) {
    if (part.name === 'else') return undefined;
    if (part.name !== 'Body') continue;
    bodies++;
    const last = lastStatement(part);
    if (!last || !EXITS.has(last.name)) return undefined;
  }
  return bodies > 0 ? { statement: statement.from, arm: bodies } : undefined;
}
