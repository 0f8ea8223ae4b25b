import { commandWords } from './commandWords';
import { ASSIGNMENT, unwrap, xargsCommand } from './commandWrappers';
import { fileTest } from './fileTests';
import { segments } from './shellSegments';
import { sharedParse } from '../sharedParses';

/**
 * Shell scripts and command lines (entrypoint scripts, Dockerfile `RUN`
 * and shell-form `CMD`, `sh -c` strings) → the simple commands they run,
 * each with its line. The text is split at newlines and control
 * operators (`shellSegments.ts`: `\` continuations, comments and
 * here-documents left out); here `for … do … done` loops, `$(…)`
 * substitutions and `sh -c '…'` are followed and command wrappers
 * (`exec`, `nohup`, `env`, `xargs`…, `commandWrappers.ts`) unwrapped; the
 * words of each simple command are read by `shell-quote`
 * (`commandWords.ts`). One pass over the text: linear on any input.
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
  /** Runs only when this path is missing (`if [ ! -f P ]; then …`, `[ -f P ] || …`), as written. */
  onlyIfMissing?: string;
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

/** Most nested loops kept for a command. */
const MAX_LOOPS = 8;

/** Most nested `sh -c` / `$(…)` levels followed. */
const MAX_DEPTH = 4;

interface Context {
  commands: ShellCommand[];
  variables: ShellScript['variables'];
  loops: ShellLoop[];
  /** Open `if` blocks, outermost first: the arm being read and the file its condition asks to be missing. */
  conditions: Array<{ arm: 'if' | 'then' | 'else'; missing?: string }>;
  depth: number;
  dockerfile: boolean;
}

/** Most nested `if` blocks tracked. */
const MAX_CONDITIONS = 16;

/** The file whose absence the open `then` arms make a command depend on. */
function missingGuard(ctx: Context): string | undefined {
  for (let i = ctx.conditions.length - 1; i >= 0; i--) {
    const block = ctx.conditions[i];
    if (block.arm === 'then' && block.missing) return block.missing;
  }
  return undefined;
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
  // `[ -f P ] || download`: the next command runs only when P is missing.
  let shortGuard: string | undefined;
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
      } else if (words[0] === 'if' && ctx.conditions.length < MAX_CONDITIONS) {
        const test = fileTest(words.slice(1));
        ctx.conditions.push({
          arm: 'if',
          ...(test?.missing && { missing: test.path }),
        });
      } else if (words[0] === 'elif' || words[0] === 'else') {
        // Later arms run when the file is there.
        const block = ctx.conditions[ctx.conditions.length - 1];
        if (block) ctx.conditions[ctx.conditions.length - 1] = { arm: 'else' };
      } else if (words[0] === 'then') {
        const block = ctx.conditions[ctx.conditions.length - 1];
        if (block?.arm === 'if') block.arm = 'then';
      }
      words = words.slice(1);
    }
    if (words[0] === 'fi') ctx.conditions.pop();
    const guard = shortGuard;
    if (segment.end !== '&&' && segment.end !== '||') shortGuard = undefined;
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
      const flag = words.findIndex(w => /^-[abd-z]*c[a-z]*$/.test(w));
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
    const onlyIfMissing = guard ?? missingGuard(ctx);
    if (onlyIfMissing) command.onlyIfMissing = onlyIfMissing;
    const test = fileTest(words);
    shortGuard =
      test &&
      ((segment.end === '||' && !test.missing) ||
        (segment.end === '&&' && test.missing))
        ? test.path
        : undefined;
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
  // A RUN step or script is read for its fetches, saves and start commands: parsed once.
  const firstLine = options.firstLine ?? 1;
  const dockerfile = options.dockerfile ?? false;
  return sharedParse(`shell:${firstLine}:${dockerfile}`, text, '', [], () =>
    readShellScript(text, firstLine, dockerfile),
  );
}

function readShellScript(
  text: string,
  firstLine: number,
  dockerfile: boolean,
): ShellScript {
  const ctx: Context = {
    commands: [],
    variables: [],
    loops: [],
    conditions: [],
    depth: 0,
    dockerfile,
  };
  parseInto(text, firstLine, ctx, false);
  return { commands: ctx.commands, variables: ctx.variables };
}

/** The command an exec-form `["sh", "-c", "…"]` or plain argv runs, as commands. */
export function commandsOfArgv(argv: string[], line: number): ShellScript {
  const shell = argv[0]?.replace(/^.*\//, '') ?? '';
  const flag = argv.findIndex(w => /^-[abd-z]*c[a-z]*$/.test(w));
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
