import { isScalar, Scalar } from 'yaml';

/**
 * The line a YAML scalar's text starts on: the line after a block
 * scalar's `|`/`>` header, so evidence names the first line of a
 * script rather than its header.
 */
export function firstLineOf(
  node: unknown,
  lineOf: (node: unknown) => number | undefined,
): number | undefined {
  const line = lineOf(node);
  if (line === undefined) return undefined;
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  return type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED' ? line + 1 : line;
}
