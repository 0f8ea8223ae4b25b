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
 * The arm the statements after an `if` or `try` belong to, when they run
 * only if its exiting arms did not: an `if`/`elif` chain with no `else`
 * whose every arm ends in `return` or `raise` (`if
 * os.environ.get("TARGET") == "mlflow": … return model`) leaves them an
 * implicit `else` arm, numbered after the written ones. Undefined when
 * they may run after any arm.
 */
export function implicitArmAfter(statement: SyntaxNode): BranchArm | undefined {
  if (statement.name === 'TryStatement') return armAfterExitingTry(statement);
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

/**
 * A `try` whose body ends in `return` and that has one `except` clause
 * and no `else`/`finally` (`try: return registry_load(…)` / `except …:
 * log`, then a local load): the statements after it run only after the
 * `except` arm did, so they share its arm, an alternative of the body.
 */
function armAfterExitingTry(statement: SyntaxNode): BranchArm | undefined {
  const body = statement.getChild('Body');
  const last = body ? lastStatement(body) : null;
  if (!last || !EXITS.has(last.name)) return undefined;
  let excepts = 0;
  for (let part = statement.firstChild; part; part = part.nextSibling) {
    if (part.name === 'else' || part.name === 'finally') return undefined;
    if (part.name === 'except') excepts++;
  }
  return excepts === 1 ? { statement: statement.from, arm: 1 } : undefined;
}
