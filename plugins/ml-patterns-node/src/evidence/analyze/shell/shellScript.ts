import { commandWords, expansionEnd } from './commandWords';

/**
 * Shell scripts and command lines (entrypoint scripts, Dockerfile `RUN`
 * and shell-form `CMD`, `sh -c` strings) → the simple commands they run,
 * each with its line. The structure is read here — newlines, `\`
 * continuations, comments, here-documents, `&&`/`||`/`;`/`|`/`&`,
 * `for … do … done` loops, `$(…)` substitutions, `sh -c '…'` and command
 * wrappers (`exec`, `nohup`, `env`, `xargs`…) — and the words of each
 * simple command by `shell-quote` (`commandWords.ts`). One pass over the
 * text: linear on any input.
 */

export interface ShellLoop {
  /** The loop variable (`f` in `for f in *.mar`); `` for while/until loops. */
  variable: string;
  /** The words looped over, as written (`$(ls /store)`, `*.mar`, `a b c`). */
  items: string[];
  line: number;
}

export interface ShellCommand {
  /** The command and its arguments, quotes removed, expansions as written. */
  words: string[];
  /** `NAME=value` words before the command. */
  assignments: Array<{ name: string; value: string }>;
  redirects: Array<{ op: string; target: string }>;
  /** 1-based line where the command starts. */
  line: number;
  /** Enclosing loops, outermost first. */
  loops: ShellLoop[];
  /** The command before this one in a pipeline (`ls store | xargs curl …`). */
  pipedFrom?: ShellCommand;
  /** Started in the background (`server &`). */
  background: boolean;
  /** Replaces the shell (`exec server`): nothing after it runs. */
  exec: boolean;
  /** Runs inside a `$(…)` substitution of another command. */
  substitution: boolean;
  /** Run by `xargs` once per input line (`{}` stands for the line). */
  xargs?: { replace?: string };
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Plain assignments (`MODEL_DIR=/models`), in order. */
  variables: Array<{ name: string; value: string; line: number }>;
}

export interface ShellOptions {
  /** Line of the first character of `text` (a Dockerfile instruction's line). */
  firstLine?: number;
  /**
   * Docker's reading of `RUN`/`CMD` text: comment lines inside a `\`
   * continuation are dropped (the shell never sees them).
   */
  dockerfile?: boolean;
}

/** A run of text between control operators, with where it starts. */
interface Segment {
  text: string;
  line: number;
  /** The operator that ended it: `&&`, `||`, `;`, `|`, `&`, `\n`, `(`, `)`, `` (end). */
  end: string;
}

/** Most nested loops kept for a command. */
const MAX_LOOPS = 8;

/** Most nested `sh -c` / `$(…)` levels followed. */
const MAX_DEPTH = 4;

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** Words that wrap another command: the real command follows. */
const WRAPPERS = new Set([
  'exec',
  'nohup',
  'sudo',
  'time',
  'command',
  'builtin',
  'env',
  'gosu',
  'su-exec',
  'tini',
  'dumb-init',
  'setsid',
  'stdbuf',
  'chroot',
]);

/** Options of wrappers that take a value. */
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t']),
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']),
  stdbuf: new Set(['-i', '-o', '-e']),
};

/** xargs options that take a value (`-I {}`, `-n 1`, `-P 4`). */
const XARGS_VALUE_OPTIONS = new Set([
  '-I',
  '-i',
  '-n',
  '-P',
  '-L',
  '-d',
  '-E',
  '-s',
  '-a',
  '--arg-file',
  '--delimiter',
  '--max-args',
  '--max-procs',
  '--replace',
]);

function heredocDelimiters(
  line: string,
): Array<{ word: string; strip: boolean }> {
  const found: Array<{ word: string; strip: boolean }> = [];
  let single = false;
  let double = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (single) {
      if (c === "'") single = false;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" && !double) single = true;
    else if (c === '"') double = !double;
    else if (!double && c === '<' && line.startsWith('<<<', i)) i += 2;
    else if (!double && c === '<' && line[i + 1] === '<') {
      let j = i + 2;
      const strip = line[j] === '-';
      if (strip) j++;
      while (line[j] === ' ' || line[j] === '\t') j++;
      let word = '';
      while (j < line.length && !/[\s;&|<>()]/.test(line[j])) {
        if (line[j] !== '"' && line[j] !== "'" && line[j] !== '\\')
          word += line[j];
        j++;
      }
      if (word) found.push({ word, strip });
      i = j - 1;
    }
  }
  return found;
}

/**
 * Splits the text into segments at control operators and newlines,
 * outside quotes and expansions; drops comments, `\`-newlines and the
 * bodies of here-documents.
 */
function segments(
  text: string,
  firstLine: number,
  dockerfile: boolean,
): Segment[] {
  const result: Segment[] = [];
  let current = '';
  // Whether `current` holds more than blanks (kept as it grows: trimming
  // a long continued command at every line would be quadratic).
  let blank = true;
  const append = (piece: string) => {
    current += piece;
    if (blank && /\S/.test(piece)) blank = false;
  };
  let startLine = firstLine;
  let line = firstLine;
  let quote: string | undefined;
  let atLineStart = true;
  const push = (end: string) => {
    if (!blank || end === '(' || end === ')')
      result.push({ text: current, line: startLine, end });
    current = '';
    blank = true;
    startLine = line;
  };
  const lines = text.split('\n');
  // Here-document bodies are skipped line by line.
  const pendingHeredocs: Array<{ word: string; strip: boolean }> = [];
  for (let n = 0; n < lines.length; n++) {
    let physical = lines[n];
    if (physical.endsWith('\r')) physical = physical.slice(0, -1);
    if (pendingHeredocs.length > 0 && quote === undefined) {
      const next = pendingHeredocs[0];
      const candidate = next.strip ? physical.replace(/^\t+/, '') : physical;
      if (candidate.trim() === next.word) pendingHeredocs.shift();
      line++;
      startLine = line;
      continue;
    }
    if (
      dockerfile &&
      atLineStart &&
      n > 0 &&
      quote === undefined &&
      /^\s*#/.test(physical)
    ) {
      line++;
      if (blank) startLine = line;
      continue;
    }
    if (blank && quote === undefined) startLine = line;
    pendingHeredocs.push(
      ...(quote === undefined ? heredocDelimiters(physical) : []),
    );
    let continued = false;
    for (let i = 0; i < physical.length; i++) {
      const c = physical[i];
      if (quote === "'") {
        append(c);
        if (c === "'") quote = undefined;
        continue;
      }
      if (c === '\\') {
        if (i === physical.length - 1) {
          continued = true;
          break;
        }
        append(c + physical[i + 1]);
        i++;
        continue;
      }
      if (quote === '"') {
        append(c);
        if (c === '"') quote = undefined;
        else if (
          (c === '$' && (physical[i + 1] === '(' || physical[i + 1] === '{')) ||
          c === '`'
        ) {
          const end = expansionEnd(physical, i);
          append(physical.slice(i + 1, end));
          i = end - 1;
        }
        continue;
      }
      if (c === "'" || c === '"') {
        quote = c;
        append(c);
        continue;
      }
      if (
        (c === '$' && (physical[i + 1] === '(' || physical[i + 1] === '{')) ||
        c === '`'
      ) {
        const end = expansionEnd(physical, i);
        append(physical.slice(i, end));
        i = end - 1;
        continue;
      }
      if (
        c === '#' &&
        (current === '' || /[\s;&|()]/.test(current[current.length - 1]))
      )
        break;
      if (c === '&' && physical[i + 1] === '&') {
        push('&&');
        i++;
      } else if (c === '|' && physical[i + 1] === '|') {
        push('||');
        i++;
      } else if (c === '|') {
        push('|');
      } else if (
        c === '&' &&
        physical[i - 1] !== '>' &&
        physical[i + 1] !== '>'
      ) {
        push('&');
      } else if (c === ';') {
        if (physical[i + 1] === ';') i++;
        push(';');
      } else if (c === '(' || c === ')') {
        push(c);
      } else {
        append(c);
      }
    }
    line++;
    if (continued) {
      atLineStart = true;
      continue;
    }
    atLineStart = true;
    if (quote !== undefined) {
      append('\n');
      continue;
    }
    push('\n');
  }
  push('');
  return result;
}

interface Context {
  commands: ShellCommand[];
  variables: ShellScript['variables'];
  loops: ShellLoop[];
  depth: number;
  dockerfile: boolean;
}

/** The command a wrapper runs: `exec x`, `env A=1 x`, `sudo -u u x`, `gosu user x`, `tini -- x`. */
function unwrap(words: string[]): {
  words: string[];
  exec: boolean;
  assignments: ShellCommand['assignments'];
} {
  let rest = words;
  let exec = false;
  const assignments: ShellCommand['assignments'] = [];
  for (let guard = 0; guard < 8 && rest.length > 0; guard++) {
    const head = rest[0].replace(/^.*\//, '');
    if (!WRAPPERS.has(head)) break;
    if (head === 'exec') exec = true;
    let i = 1;
    const valued = WRAPPER_VALUE_OPTIONS[head];
    while (i < rest.length && rest[i].startsWith('-')) {
      if (rest[i] === '--') {
        i++;
        break;
      }
      if (valued?.has(rest[i])) i++;
      i++;
    }
    if (head === 'env') {
      while (i < rest.length && ASSIGNMENT.test(rest[i])) {
        const [, name, value] = ASSIGNMENT.exec(rest[i])!;
        assignments.push({ name, value });
        i++;
      }
    }
    // `gosu user cmd`, `su-exec user cmd`, `chroot dir cmd`: one argument before the command.
    if (
      (head === 'gosu' || head === 'su-exec' || head === 'chroot') &&
      i < rest.length
    )
      i++;
    rest = rest.slice(i);
  }
  return { words: rest, exec, assignments };
}

/** `xargs -I {} curl …` → the command xargs runs. */
function xargsCommand(
  words: string[],
): { words: string[]; replace?: string } | undefined {
  if (words[0]?.replace(/^.*\//, '') !== 'xargs') return undefined;
  let replace: string | undefined;
  let i = 1;
  while (i < words.length && words[i].startsWith('-')) {
    const option = words[i];
    if (option === '-I' || option === '--replace') replace = words[i + 1];
    else if (option.startsWith('-I') && option.length > 2)
      replace = option.slice(2);
    else if (option === '-i') replace = '{}';
    if (XARGS_VALUE_OPTIONS.has(option)) i++;
    i++;
  }
  return { words: words.slice(i), replace };
}

const RESERVED_PREFIXES = new Set([
  'then',
  'else',
  'do',
  '{',
  '!',
  'time',
  'if',
  'elif',
  'while',
  'until',
]);
const RESERVED_ALONE = new Set(['fi', 'esac', '}', 'done', 'in']);

function parseInto(
  text: string,
  firstLine: number,
  ctx: Context,
  substitution: boolean,
): void {
  const parts = segments(text, firstLine, ctx.dockerfile && ctx.depth === 0);
  let previous: ShellCommand | undefined;
  let pendingLoop: ShellLoop | undefined;
  // Open `(` groups: a `)` closing none ends a `case` pattern.
  let groups = 0;
  for (let index = 0; index < parts.length; index++) {
    const segment = parts[index];
    // `name() {`: a function header, not a command.
    if (
      segment.end === '(' &&
      parts[index + 1]?.end === ')' &&
      parts[index + 1].text.trim() === ''
    ) {
      index++;
      previous = undefined;
      continue;
    }
    if (segment.end === '(') groups++;
    const closesGroup = segment.end === ')' && groups > 0;
    if (closesGroup) groups--;
    // A `case` pattern (`start)`) ends at a `)` that opened nothing.
    if (segment.end === ')' && !closesGroup) continue;
    const parsed = commandWords(segment.text);
    let words = parsed.words;
    const pipedFrom: ShellCommand | undefined = previous;
    previous = undefined;
    // Block keywords: strip those that precede a command, track loops.
    while (words.length > 0 && RESERVED_PREFIXES.has(words[0])) {
      if (words[0] === 'do' && pendingLoop) {
        // Deeper nesting than any real script: kept flat, not grown.
        if (ctx.loops.length < MAX_LOOPS) ctx.loops.push(pendingLoop);
        pendingLoop = undefined;
      } else if (words[0] === 'while' || words[0] === 'until') {
        pendingLoop = { variable: '', items: [], line: segment.line };
      }
      words = words.slice(1);
    }
    if (words[0] === 'done') {
      ctx.loops.pop();
      words = words.slice(1);
    }
    if (words.length === 0 || RESERVED_ALONE.has(words[0])) continue;
    if (words[0] === 'for') {
      const inAt = words.indexOf('in');
      pendingLoop = {
        variable: words[1] ?? '',
        items: inAt >= 0 ? words.slice(inAt + 1) : [],
        line: segment.line,
      };
      continue;
    }
    if (words[0] === 'case' || words[0] === 'function') continue;
    const assignments: ShellCommand['assignments'] = [];
    while (words.length > 0 && ASSIGNMENT.test(words[0])) {
      const [, name, value] = ASSIGNMENT.exec(words[0])!;
      assignments.push({ name, value });
      words = words.slice(1);
    }
    for (const body of parsed.substitutions) {
      if (ctx.depth < MAX_DEPTH) {
        ctx.depth++;
        parseInto(body, segment.line, ctx, true);
        ctx.depth--;
      }
    }
    if (words.length === 0) {
      for (const a of assignments)
        ctx.variables.push({ ...a, line: segment.line });
      continue;
    }
    const unwrapped = unwrap(words);
    words = unwrapped.words;
    assignments.push(...unwrapped.assignments);
    if (words.length === 0) continue;
    // `sh -c '…'`: the string is the script that runs.
    const shell = words[0].replace(/^.*\//, '');
    if (/^(ba|da|z)?sh$/.test(shell)) {
      const flag = words.findIndex(w => /^-[a-z]*c[a-z]*$/.test(w));
      if (flag > 0 && words[flag + 1] !== undefined && ctx.depth < MAX_DEPTH) {
        ctx.depth++;
        const before = ctx.commands.length;
        parseInto(words[flag + 1], segment.line, ctx, substitution);
        ctx.depth--;
        if (unwrapped.exec || segment.end === '&') {
          for (const command of ctx.commands.slice(before)) {
            command.exec ||= unwrapped.exec;
            command.background ||= segment.end === '&';
          }
        }
        continue;
      }
    }
    const command: ShellCommand = {
      words,
      assignments,
      redirects: parsed.redirects,
      line: segment.line,
      loops: [...ctx.loops],
      background: segment.end === '&',
      exec: unwrapped.exec,
      substitution,
    };
    if (pipedFrom) command.pipedFrom = pipedFrom;
    const xargs = xargsCommand(words);
    if (xargs && xargs.words.length > 0) {
      command.words = xargs.words;
      command.xargs = xargs.replace ? { replace: xargs.replace } : {};
    }
    ctx.commands.push(command);
    if (segment.end === '|') previous = command;
  }
}

/** Parses a shell script or command line into the simple commands it runs. */
export function parseShellScript(
  text: string,
  options: ShellOptions = {},
): ShellScript {
  const ctx: Context = {
    commands: [],
    variables: [],
    loops: [],
    depth: 0,
    dockerfile: options.dockerfile ?? false,
  };
  parseInto(text, options.firstLine ?? 1, ctx, false);
  return { commands: ctx.commands, variables: ctx.variables };
}

/** The command an exec-form `["sh", "-c", "…"]` or plain argv runs, as commands. */
export function commandsOfArgv(argv: string[], line: number): ShellScript {
  const shell = argv[0]?.replace(/^.*\//, '') ?? '';
  const flag = argv.findIndex(w => /^-[a-z]*c[a-z]*$/.test(w));
  if (
    /^(ba|da|z)?sh$/.test(shell) &&
    flag > 0 &&
    argv[flag + 1] !== undefined
  ) {
    return parseShellScript(argv[flag + 1], { firstLine: line });
  }
  const unwrapped = unwrap(argv);
  if (unwrapped.words.length === 0) return { commands: [], variables: [] };
  return {
    commands: [
      {
        words: unwrapped.words,
        assignments: unwrapped.assignments,
        redirects: [],
        line,
        loops: [],
        background: false,
        exec: unwrapped.exec,
        substitution: false,
      },
    ],
    variables: [],
  };
}
