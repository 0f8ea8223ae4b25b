/**
 * Light Python source helpers for a line/regex scanner (no AST): blanking
 * comments and docstrings, bracket matching, splitting call arguments.
 */

/**
 * Returns the source with comments and triple-quoted string contents
 * replaced by spaces (same length, same line breaks), so regexes only see
 * code and one-line string literals.
 */
export function blankCommentsAndDocstrings(text: string): string {
  const out = text.split('');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      while (i < n && text[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      if (triple) {
        const end = text.indexOf(c.repeat(3), i + 3);
        const stop = end < 0 ? n : end + 3;
        for (let j = i + 3; j < stop - 3 && j < n; j++)
          if (text[j] !== '\n') out[j] = ' ';
        i = stop;
        continue;
      }
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') i++;
        i++;
      }
      i++;
      continue;
    }
    i++;
  }
  return out.join('');
}

/** Index just after the bracket closing the one at `open`, skipping strings; -1 if none within the limit. */
export function closingBracket(
  text: string,
  open: number,
  limit = 5000,
): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  const end = Math.min(text.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < end && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/** Splits `a, b=(1, 2), c` at top-level separators. */
export function splitTopLevel(text: string, separator: RegExp = /,/): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && separator.test(c)) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

export interface CallArguments {
  positional: string[];
  keyword: Map<string, string>;
}

export function parseArguments(inside: string): CallArguments {
  const positional: string[] = [];
  const keyword = new Map<string, string>();
  for (const part of splitTopLevel(inside)) {
    const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/.exec(part);
    if (kw) keyword.set(kw[1], kw[2].trim());
    else if (!part.startsWith('*')) positional.push(part);
  }
  return { positional, keyword };
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
