import type { SyntaxNode } from '@lezer/common';
import type { BranchArm } from './moduleFacts';

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

/**
 * The innermost arm of an `if`/`elif`/`else`, `try`/`except` or
 * `match`/`case` statement a node sits in, within its own function or
 * module level; undefined when it runs whenever its scope does.
 */
export function branchArmOf(node: SyntaxNode): BranchArm | undefined {
  for (let up = node.parent; up; up = up.parent) {
    if (up.name === 'FunctionDefinition' || up.name === 'ClassDefinition')
      return undefined;
    if (up.name !== 'Body' || !up.parent) continue;
    const statement = up.parent;
    if (BRANCHING.has(statement.name))
      return { statement: statement.from, arm: countBefore(up, 'Body') };
    // `case` clauses sit in the match statement's body (MatchBody).
    const match = statement.parent?.parent;
    if (statement.name === 'MatchClause' && match?.name === 'MatchStatement')
      return {
        statement: match.from,
        arm: countBefore(statement, 'MatchClause'),
      };
  }
  return undefined;
}
