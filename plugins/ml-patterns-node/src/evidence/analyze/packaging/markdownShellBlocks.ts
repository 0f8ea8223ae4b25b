import { getDefaults, Lexer, Token, Tokens } from 'marked';
import { EvidenceProblem } from '../../types';
import { sharedParse } from '../sharedParses';
import { problemMessage } from '../text';
import { withoutStackTraces } from '../withoutStackTraces';

/**
 * The shell code blocks of a Markdown document (fenced, with a shell
 * language or none), as the commands a reader would type: prompts
 * (`$ `, `% `, `(venv) $ `) removed and the output lines of a console
 * session blanked, each block with the line its first command is on.
 * The blocks are found by `marked`'s block lexer.
 */

export interface ShellBlock {
  /** The commands, one source line per line (blanked lines keep the numbering). */
  text: string;
  /** The 1-based line of the block's first line of code. */
  firstLine: number;
}

/** Languages of blocks read as shell commands (`` is a block without one). */
const SHELL_LANGUAGES = new Set([
  '',
  'sh',
  'bash',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'shellsession',
  'terminal',
]);

/** Languages that are console sessions: only prompted lines are commands. */
const SESSION_LANGUAGES = new Set([
  'console',
  'shell-session',
  'shellsession',
  'terminal',
]);

/**
 * The lexer recurses once per container (block quote, list item) a
 * line opens: `> > > …` or `1. 1. 1. …` thousands deep overflow the
 * stack after seconds. Real documents nest a few levels.
 */
export const MAX_MARKDOWN_NESTING = 32;

/** Most code blocks read from one document. */
const MAX_BLOCKS = 1000;

/** A prompt: `$ `, `% `, after an optional `(venv) ` and indentation. */
const PROMPT = /^[ \t]{0,8}(?:\([^()\n]{0,64}\)[ \t]{0,4})?[$%](?:[ \t]|$)/;

const isSpace = (code: number) => code === 32 || code === 9;

/**
 * An upper bound of how deep a document's containers nest, in one pass:
 * per line, the block-quote and list markers it opens (`> - 1. x`) plus
 * half its indentation outside fenced code (nested lists indent).
 */
export function markdownNestingDepth(text: string): number {
  let deepest = 0;
  let fence: { char: number; length: number } | undefined;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let i = start;
    let indent = 0;
    while (i < end && isSpace(text.charCodeAt(i))) {
      indent += text.charCodeAt(i) === 9 ? 4 : 1;
      i++;
    }
    let markers = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      let next = i;
      if (c === 62 /* > */) {
        next = i + 1;
      } else if (c === 45 || c === 42 || c === 43 /* - * + */) {
        next = i + 1;
        if (next < end && !isSpace(text.charCodeAt(next))) break;
      } else if (c >= 48 && c <= 57) {
        let j = i;
        while (
          j < end &&
          j - i < 9 &&
          text.charCodeAt(j) >= 48 &&
          text.charCodeAt(j) <= 57
        )
          j++;
        const d = text.charCodeAt(j);
        if (d !== 46 && d !== 41 /* . ) */) break;
        next = j + 1;
        if (next < end && !isSpace(text.charCodeAt(next))) break;
      } else {
        break;
      }
      markers++;
      i = next;
      while (i < end && isSpace(text.charCodeAt(i))) i++;
    }
    // Fenced code: its indentation is content, not nesting.
    const c = text.charCodeAt(i);
    if (c === 96 || c === 126 /* ` ~ */) {
      let j = i;
      while (j < end && text.charCodeAt(j) === c) j++;
      const length = j - i;
      if (length >= 3) {
        if (!fence) fence = { char: c, length };
        else if (fence.char === c && length >= fence.length) fence = undefined;
      }
    }
    const depth = markers + (fence ? 0 : Math.floor(indent / 2));
    if (depth > deepest) deepest = depth;
    start = end + 1;
  }
  return deepest;
}

/** Fenced code tokens, in document order, inside block quotes and lists too. */
function fencedCode(tokens: Token[], found: Tokens.Code[]): void {
  for (const token of tokens) {
    if (found.length >= MAX_BLOCKS) return;
    if (token.type === 'code') {
      if ((token as Tokens.Code).codeBlockStyle !== 'indented')
        found.push(token as Tokens.Code);
    } else if (token.type === 'list') {
      for (const item of (token as Tokens.List).items)
        fencedCode(item.tokens, found);
    } else if (token.type === 'blockquote') {
      fencedCode((token as Tokens.Blockquote).tokens, found);
    }
  }
}

/** Offsets where the document's lines start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
    starts.push(i + 1);
  return starts;
}

/** The 1-based line of an offset (binary search in the line starts). */
function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** What may stand before a fence on its line: indentation, `>` and list markers. */
const FENCE_PREFIX = /^[ \t>*+\-0-9.)]*$/;

/**
 * The line each code token's opening fence is on. Tokens of nested
 * containers lose their indentation and `>`, so the fence line is looked
 * for from the end of the previous block, at a line start (after
 * indentation and container markers): one pass over the document.
 */
function fenceLines(
  text: string,
  blocks: Tokens.Code[],
): Array<number | undefined> {
  const starts = lineStarts(text);
  const lines: Array<number | undefined> = [];
  let cursor = 0;
  let lost = false;
  for (const block of blocks) {
    if (lost) {
      lines.push(undefined);
      continue;
    }
    const raw = block.raw.replace(/^\n+/, '');
    const fence = raw
      .slice(0, raw.indexOf('\n') < 0 ? raw.length : raw.indexOf('\n'))
      .trim();
    let at = text.indexOf(fence, cursor);
    while (at >= 0) {
      const lineStart = starts[lineAt(starts, at) - 1];
      if (at - lineStart <= 64 && FENCE_PREFIX.test(text.slice(lineStart, at)))
        break;
      at = text.indexOf(fence, at + 1);
    }
    if (at < 0) {
      lost = true;
      lines.push(undefined);
      continue;
    }
    const line = lineAt(starts, at);
    lines.push(line);
    let last = raw.length;
    while (last > 0 && raw.charCodeAt(last - 1) === 10) last--;
    let spanned = 1;
    for (
      let i = raw.indexOf('\n');
      i >= 0 && i < last;
      i = raw.indexOf('\n', i + 1)
    )
      spanned++;
    cursor = starts[Math.min(line - 1 + spanned, starts.length - 1)];
    if (line - 1 + spanned >= starts.length) cursor = text.length;
  }
  return lines;
}

/** A block's lines as commands: prompts removed, output of a session blanked. */
function commandText(code: string, session: boolean): string {
  const lines = code.split('\n');
  if (!session && !lines.some(line => PROMPT.test(line))) return code;
  let continued = false;
  return lines
    .map(line => {
      const prompt = PROMPT.exec(line);
      if (prompt) {
        const command = line.slice(prompt[0].length);
        continued = command.endsWith('\\');
        return command;
      }
      if (continued) {
        // The continuation of a prompted command (`> ` is the shell's second prompt).
        const rest = line.replace(/^[ \t]*> /, '');
        continued = rest.endsWith('\\');
        return rest;
      }
      return '';
    })
    .join('\n');
}

/** The shell blocks of a Markdown document; a problem when it cannot be read. */
export function markdownShellBlocks(
  path: string,
  markdown: string,
  problems: EvidenceProblem[],
): ShellBlock[] {
  // A README is read for the images it runs and for the ones it builds: lexed once.
  return sharedParse('markdown-shell-blocks', markdown, path, problems, own =>
    readShellBlocks(path, markdown, own),
  );
}

function readShellBlocks(
  path: string,
  markdown: string,
  problems: EvidenceProblem[],
): ShellBlock[] {
  const text = markdown.replace(/\r\n?/g, '\n');
  if (markdownNestingDepth(text) > MAX_MARKDOWN_NESTING) {
    problems.push({
      path,
      message: `Markdown nested deeper than ${MAX_MARKDOWN_NESTING} levels; its code blocks are not read`,
    });
    return [];
  }
  let tokens: Token[];
  try {
    // Block structure only: inline markup is never lexed.
    tokens = withoutStackTraces(() =>
      new Lexer(getDefaults()).blockTokens(text),
    );
  } catch (error) {
    problems.push({
      path,
      message: `Markdown not read: ${problemMessage(error)}`,
    });
    return [];
  }
  const blocks: Tokens.Code[] = [];
  fencedCode(tokens, blocks);
  const lines = fenceLines(text, blocks);
  const result: ShellBlock[] = [];
  blocks.forEach((block, index) => {
    const line = lines[index];
    const language = (block.lang ?? '')
      .trim()
      .split(/[\s{]/, 1)[0]
      .toLowerCase();
    if (line === undefined || !SHELL_LANGUAGES.has(language)) return;
    result.push({
      text: commandText(block.text, SESSION_LANGUAGES.has(language)),
      firstLine: line + 1,
    });
  });
  return result;
}
