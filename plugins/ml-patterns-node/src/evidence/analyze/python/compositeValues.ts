import type { SyntaxNode } from '@lezer/common';
import { childrenOf, partsOf } from './syntax';
import {
  composed,
  joinLiterals,
  literalValue,
  Scope,
  unionOf,
  Value,
} from './value';
import type { ValueReader } from './values';

/** A URI scheme (`s3://`, `https://`) or an MLflow one (`models:/`, `runs:/`) at the start of a text. */
const REMOTE_ADDRESS = /^(?:[a-z][a-z0-9+.-]{0,20}:\/\/|(?:models|runs):\/)/i;

/** An f-string: its literal text around what each replacement reads. */
export function formatStringValue(
  reader: ValueReader,
  node: SyntaxNode,
  scope: Scope,
  depth: number,
): Value {
  const syntax = scope.module.syntax;
  const quote = /^[a-zA-Z]*("""|'''|"|')/.exec(syntax.textOf(node));
  const open = node.from + (quote ? quote[0].length : 0);
  const close = node.to - (quote ? quote[1].length : 0);
  const parts: Value[] = [];
  let cursor = open;
  const replacements = node.getChildren('FormatReplacement');
  // A remote address with a part known only at run time
  // (`f"models:/{name}/Production"`) still names where the model is.
  const remote =
    replacements.length > 0 &&
    REMOTE_ADDRESS.test(syntax.text.slice(open, replacements[0].from));
  for (const replacement of replacements) {
    parts.push(literalValue(syntax.text.slice(cursor, replacement.from)));
    const expression = partsOf(replacement)[0];
    const value = reader.read(expression, scope, depth + 1);
    // (A parameter is read at the call sites that pass it.)
    const unread =
      value.literals.length === 0 &&
      value.keys.length === 0 &&
      value.params.length === 0;
    parts.push(
      remote && unread && expression
        ? literalValue(`{${syntax.textOf(expression).slice(0, 60)}}`)
        : value,
    );
    cursor = replacement.to;
  }
  parts.push(literalValue(syntax.text.slice(cursor, Math.max(cursor, close))));
  return composed(
    parts.filter(p => !(p.literals.length === 1 && p.literals[0] === '')),
    pieceList => pieceList.join(''),
  );
}

/** `a or b` (either), `a / b` (a path), `a + b` (a string). */
export function binaryValue(
  reader: ValueReader,
  node: SyntaxNode,
  scope: Scope,
  depth: number,
): Value {
  const parts = childrenOf(node);
  const left = parts[0];
  const right = parts[parts.length - 1];
  const values = [left, right].map(p => reader.read(p, scope, depth + 1));
  // `os.getenv("X") or "default.pkl"`: either one.
  if (parts.some(p => p.name === 'or')) return unionOf(values);
  const operator = parts.find(p => p.name === 'ArithOp');
  const op = operator ? scope.module.syntax.textOf(operator) : '';
  if (op === '/') return composed(values, joinLiterals);
  if (op === '+') return composed(values, pieceList => pieceList.join(''));
  return { ...unionOf(values), literals: [], unknown: true };
}

/** A list, tuple, set or dict (its values): everything it holds. */
export function collectionValue(
  reader: ValueReader,
  node: SyntaxNode,
  scope: Scope,
  depth: number,
): Value {
  let elements = partsOf(node);
  if (node.name === 'DictionaryExpression') {
    // Values only: `{"a": x, "b": y}`.
    const children = childrenOf(node);
    elements = children.filter((_, i) => children[i - 1]?.name === ':');
  }
  const values = elements
    .slice(0, 32)
    .map(e => reader.read(e, scope, depth + 1));
  return { ...unionOf(values), object: undefined };
}
