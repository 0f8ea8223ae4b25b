import type { SyntaxNode } from '@lezer/common';
import type { BranchArm } from './moduleFacts';
import { ENDPOINT_DECORATOR_TEXT } from './webEndpoints';

/** Statements whose bodies are alternatives: only one of them runs. */
const BRANCHING = new Set(['IfStatement', 'TryStatement']);

/** How many siblings of `node` before it have the name `name`. */
function countBefore(node: SyntaxNode, name: string): number {
  let count = 0;
  for (let s = node.prevSibling; s; s = s.prevSibling) {
    if (s.name === name) count++;
  }
  return count;
}

/** Longest decorator text read. */
const MAX_DECORATOR = 200;

/**
 * A branch in a web endpoint is taken per request: every arm runs for
 * some request, so its arms are no alternatives for the process.
 */
function inEndpoint(
  node: SyntaxNode,
  textOf: (node: SyntaxNode) => string,
): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name !== 'FunctionDefinition') continue;
    const decorated = up.parent;
    if (decorated?.name !== 'DecoratedStatement') return false;
    return decorated
      .getChildren('Decorator')
      .some(
        d =>
          d.to - d.from <= MAX_DECORATOR &&
          ENDPOINT_DECORATOR_TEXT.test(textOf(d)),
      );
  }
  return false;
}

/**
 * The innermost arm of an `if`/`elif`/`else`, `try`/`except` or
 * `match`/`case` statement a node sits in, within its own function or
 * module level; undefined when it runs whenever its scope does, or when
 * the arm is picked per request (the branch is in a web endpoint).
 */
export function branchArmOf(
  node: SyntaxNode,
  textOf: (node: SyntaxNode) => string,
): BranchArm | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FunctionDefinition' || up.name === 'ClassDefinition')
      return undefined;
    if (up.name !== 'Body' || !up.parent) continue;
    const statement = up.parent;
    let arm: BranchArm | undefined;
    if (BRANCHING.has(statement.name))
      arm = { statement: statement.from, arm: countBefore(up, 'Body') };
    // `case` clauses sit in the match statement's body (MatchBody).
    const match = statement.parent?.parent;
    if (statement.name === 'MatchClause' && match?.name === 'MatchStatement')
      arm = {
        statement: match.from,
        arm: countBefore(statement, 'MatchClause'),
      };
    if (arm) return inEndpoint(statement, textOf) ? undefined : arm;
  }
  return undefined;
}
