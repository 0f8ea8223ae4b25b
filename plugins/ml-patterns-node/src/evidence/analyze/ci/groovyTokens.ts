/**
 * A small tokenizer for Groovy as Jenkinsfiles write it: enough to read a
 * declarative pipeline's blocks and the strings its steps are given.
 * Comments are dropped; strings ('…', "…", '''…''', """…""") are kept as
 * their text (escapes of the quote left as written); newlines are tokens,
 * since they end statements. One pass, linear in the text.
 */

export interface GroovyToken {
  kind: 'id' | 'str' | 'punct' | 'nl' | 'other';
  text: string;
  /** 1-based line the token starts on. */
  line: number;
}

/** Most tokens read from one file; beyond, it is not read. */
const MAX_TOKENS = 200_000;

const ID_START = /[A-Za-z_$]/;
const ID_PART = /[\w$]/;
const PUNCT = new Set(['{', '}', '(', ')', '[', ']', ',', ':', '=', '.', ';']);

/** Index just past the closing quote of a string starting at `start`, and its text. */
function stringAt(text: string, start: number): { end: number; value: string } {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (text.startsWith(close, i))
      return {
        end: i + close.length,
        value: text.slice(start + close.length, i),
      };
    else if (c === '\n' && !triple) break;
    else i++;
  }
  return {
    end: Math.min(i, text.length),
    value: text.slice(start + close.length, i),
  };
}

/** The tokens of a Groovy text; undefined when it has more than can be read. */
export function groovyTokens(text: string): GroovyToken[] | undefined {
  const tokens: GroovyToken[] = [];
  let line = 1;
  let i = 0;
  const countLines = (from: number, to: number) => {
    for (
      let j = text.indexOf('\n', from);
      j !== -1 && j < to;
      j = text.indexOf('\n', j + 1)
    )
      line++;
  };
  while (i < text.length) {
    if (tokens.length > MAX_TOKENS) return undefined;
    const c = text[i];
    if (c === '\n') {
      tokens.push({ kind: 'nl', text: c, line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      countLines(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      const { end, value } = stringAt(text, i);
      tokens.push({ kind: 'str', text: value, line });
      countLines(i, end);
      i = end;
    } else if (ID_START.test(c)) {
      let j = i + 1;
      while (j < text.length && ID_PART.test(text[j])) j++;
      tokens.push({ kind: 'id', text: text.slice(i, j), line });
      i = j;
    } else {
      tokens.push({ kind: PUNCT.has(c) ? 'punct' : 'other', text: c, line });
      i++;
    }
  }
  return tokens;
}

/**
 * For each opening `{`, `(` or `[`, the index of the token that closes it
 * (-1 when none does).
 */
export function matchingBrackets(tokens: GroovyToken[]): Int32Array {
  const match = new Int32Array(tokens.length).fill(-1);
  const open: number[] = [];
  const pairs: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
  tokens.forEach((token, index) => {
    if (token.kind !== 'punct') return;
    if (token.text === '{' || token.text === '(' || token.text === '[')
      open.push(index);
    else if (pairs[token.text]) {
      // Unbalanced text: drop openers until the matching kind.
      while (open.length > 0) {
        const top = open.pop()!;
        if (tokens[top].text === pairs[token.text]) {
          match[top] = index;
          break;
        }
      }
    }
  });
  return match;
}
