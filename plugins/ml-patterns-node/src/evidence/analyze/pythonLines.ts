/**
 * The line and call patterns of the Python scanner, as linear scans. They
 * find what these regular expressions find, which backtrack
 * quadratically or worse on long runs of blanks or unclosed constructs
 * (a 250 KB file of `a . a . a …` took a minute):
 *
 *   for loop     /^(\s*)(?:async\s+)?for\s+(.+?)\s+in\s+(.+):\s*$/
 *   with open    /\bwith\s+open\s*\((.+?)\)\s+as\s+(\w+)/
 *   assignment   /^\s*((?:self\.)?[A-Za-z_]\w*)\s*(?::\s*[^=]+?)?\s*=(?!=)\s*(.+)$/
 *   field        /^\s+([A-Za-z_]\w*)\s*:\s*[\w.[\], |]+\s*$/
 *   call         /(?<![\w.])([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\(/g
 *   targets      /\bfor\s+([\w\s,()]+?)\s+in\b/g
 *
 * (whitespace-only loop targets aside, which name nothing).
 */

const SPACE = /\s/;
/** What `.` does not match. */
const TERMINATOR = /[\n\r\u2028\u2029]/;

const isSpace = (c: string | undefined) => c !== undefined && SPACE.test(c);
const isWord = (c: string | undefined) =>
  c !== undefined && /[A-Za-z0-9_]/.test(c);
const isIdentifierStart = (c: string | undefined) =>
  c !== undefined && /[A-Za-z_]/.test(c);

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text[i])) i++;
  return i;
}

function skipWord(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWord(text[i])) i++;
  return i;
}

/** `\s*(.+)$` on the text from `from`: is there a rest `.` can match to the end? */
function restMatches(text: string, from: number): boolean {
  const rest = skipSpaces(text, from);
  if (rest < text.length) return !TERMINATOR.test(text.slice(rest));
  // Only blanks: `.+` takes the last one.
  return from < text.length && !TERMINATOR.test(text[text.length - 1]);
}

/** Where the trailing blanks of a text start. */
function trimmedEnd(text: string): number {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  return end;
}

/** A `for … in …:` header: its indentation, loop targets and iterable. */
export function forLoopHeader(
  line: string,
): { indent: number; names: string; iter: string } | undefined {
  const head = /^(\s*)(?:async\s+)?for\s+/.exec(line);
  if (!head) return undefined;
  const colon = trimmedEnd(line) - 1;
  if (colon < 0 || line[colon] !== ':') return undefined;
  const start = head[0].length;
  for (let i = start + 1; i < colon; i++) {
    // The targets end where a blank run followed by `in` and a blank starts.
    if (TERMINATOR.test(line[i - 1])) return undefined;
    if (!isSpace(line[i])) continue;
    const word = skipSpaces(line, i);
    if (!line.startsWith('in', word) || !isSpace(line[word + 2])) {
      i = word - 1;
      continue;
    }
    const iterStart = skipSpaces(line, word + 2);
    let iter: string;
    if (iterStart < colon) {
      iter = line.slice(iterStart, colon);
    } else if (colon - (word + 2) >= 2) {
      // Only blanks before the colon: `(.+)` takes the last of them.
      iter = line[colon - 1];
    } else {
      return undefined;
    }
    if (TERMINATOR.test(iter)) return undefined;
    return { indent: head[1].length, names: line.slice(start, i), iter };
  }
  return undefined;
}

/** `with open(<argument>) as <name>` anywhere in a line. */
export function withOpenAs(
  line: string,
): { argument: string; name: string } | undefined {
  // `)` followed by ` as name`, in order.
  const closers: Array<{ at: number; name: string }> = [];
  for (let i = line.indexOf(')'); i >= 0; i = line.indexOf(')', i + 1)) {
    const as = skipSpaces(line, i + 1);
    if (as === i + 1 || !line.startsWith('as', as)) continue;
    const name = skipSpaces(line, as + 2);
    if (name === as + 2 || !isWord(line[name])) continue;
    closers.push({ at: i, name: line.slice(name, skipWord(line, name)) });
  }
  if (closers.length === 0) return undefined;
  const opens = /\bwith\s+open\s*\(/g;
  let next = 0;
  for (let open = opens.exec(line); open; open = opens.exec(line)) {
    const from = open.index + open[0].length;
    while (next < closers.length && closers[next].at < from + 1) next++;
    if (next === closers.length) return undefined;
    const argument = line.slice(from, closers[next].at);
    if (!TERMINATOR.test(argument))
      return { argument, name: closers[next].name };
  }
  return undefined;
}

/** The name an assignment line binds (`x = …`, `self.x: T = …`). */
export function assignedName(line: string): string | undefined {
  const target = /^\s*((?:self\.)?[A-Za-z_]\w*)/.exec(line);
  if (!target) return undefined;
  const after = skipSpaces(line, target[0].length);
  let equals: number;
  if (line[after] === '=') {
    equals = after;
  } else if (line[after] === ':') {
    // An annotation: anything but `=`, at least one character.
    equals = line.indexOf('=', after + 1);
    if (equals < after + 2) return undefined;
  } else {
    return undefined;
  }
  if (line[equals + 1] === '=') return undefined;
  return restMatches(line, equals + 1) ? target[1] : undefined;
}

/** An annotated field without a value (`  model_path: str`). */
export function annotatedField(line: string): string | undefined {
  const field = /^\s+([A-Za-z_]\w*)\s*:/.exec(line);
  if (!field) return undefined;
  const rest = line.slice(field[0].length);
  const type = rest.trim();
  if (type === '') return rest.includes(' ') ? field[1] : undefined;
  return /^[\w.[\], |]*$/.test(type) ? field[1] : undefined;
}

/** A match of the call pattern: `[0]` up to the `(`, `[1]` the dotted callee as written. */
export interface CallMatch {
  index: number;
  0: string;
  1: string;
}

/**
 * Dotted calls (`a.b . c (`) in order, with a settable `lastIndex` like a
 * global regular expression. A chain not followed by `(` is skipped
 * whole: every name in it ends where it does.
 */
export function callPattern(code: string): {
  lastIndex: number;
  exec(): CallMatch | null;
} {
  return {
    lastIndex: 0,
    exec() {
      for (let i = this.lastIndex; i < code.length; i++) {
        if (!isIdentifierStart(code[i])) continue;
        if (i > 0 && (isWord(code[i - 1]) || code[i - 1] === '.')) continue;
        let end = skipWord(code, i + 1);
        for (;;) {
          const dot = skipSpaces(code, end);
          if (code[dot] !== '.') break;
          const name = skipSpaces(code, dot + 1);
          if (!isIdentifierStart(code[name])) break;
          end = skipWord(code, name + 1);
        }
        const open = skipSpaces(code, end);
        if (code[open] === '(') {
          this.lastIndex = open + 1;
          return {
            index: i,
            0: code.slice(i, open + 1),
            1: code.slice(i, end),
          };
        }
        i = end - 1;
      }
      this.lastIndex = 0;
      return null;
    },
  };
}

/** The targets of the `for … in` clauses of a statement (comprehensions), as written. */
export function comprehensionTargets(statement: string): string[] {
  const targets: string[] = [];
  const loops = /\bfor\s+/g;
  for (let loop = loops.exec(statement); loop; loop = loops.exec(statement)) {
    const start = loop.index + loop[0].length;
    let i = start + 1;
    let found = false;
    for (; i < statement.length; i++) {
      const c = statement[i - 1];
      if (!isWord(c) && !isSpace(c) && c !== ',' && c !== '(' && c !== ')')
        break;
      if (!isSpace(statement[i])) continue;
      const word = skipSpaces(statement, i);
      if (statement.startsWith('in', word) && !isWord(statement[word + 2])) {
        targets.push(statement.slice(start, i));
        loops.lastIndex = word + 2;
        found = true;
        break;
      }
      i = word - 1;
    }
    // No target list closes before `i`: a later `for` inside it fails too.
    if (!found) loops.lastIndex = Math.max(loops.lastIndex, i - 1);
  }
  return targets;
}

/** The expression without trailing `.method()` calls (`Path(x).resolve()` → `Path(x)`). */
export function withoutTrailingCalls(expr: string): string {
  let end = expr.length;
  while (expr.startsWith('()', end - 2)) {
    const name = end - 2;
    let start = name;
    while (start > 0 && isWord(expr[start - 1])) start--;
    if (start === name || expr[start - 1] !== '.') break;
    end = start - 1;
  }
  return expr.slice(0, end);
}
