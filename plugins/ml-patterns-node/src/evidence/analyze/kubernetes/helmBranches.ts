import { evaluateCondition, ValueSeen, ValuesLookup } from './helmConditions';
import { templateActions } from '../yamlDocuments';

/**
 * The branches of a Helm template's `{{ if }} … {{ else if }} … {{ else }}
 * … {{ end }}` (and `{{ with }}`) blocks are alternatives: a render deploys
 * one of them. The branch the chart's default values take is kept and the
 * others are blanked, keeping every newline so that lines stay where they
 * are. When a condition cannot be told from the values, the first branch
 * that could be taken is kept and the others are still left out: what
 * exclusive branches hold is never read as deployed together. One pass
 * over the template's actions (found by `indexOf`), no backtracking.
 */

/** What was chosen at one block, for the evidence. */
export interface BranchChoice {
  /** 1-based line of the block's `{{ if … }}`. */
  line: number;
  /** 1-based line of its `{{ end }}`. */
  endLine: number;
  /** Whether a branch with content was left out. */
  leftOut: boolean;
  note: string;
}

export interface ChosenTemplate {
  text: string;
  choices: BranchChoice[];
}

interface Branch {
  /** The condition, undefined for `else`. */
  condition?: string;
  line: number;
  /** The action opening the branch: [start, end). */
  action: [number, number];
}

interface Blanks {
  /** The content of branches not rendered. */
  leftOut: Array<[number, number]>;
  /** The `if`/`else`/`end` actions of decided blocks. */
  actions: Array<[number, number]>;
}

interface Block {
  kind: 'if' | 'with' | 'other';
  branches: Branch[];
  /** `.` is the chart's root in this block (not inside `with`/`range`). */
  dotIsRoot: boolean;
  /** `.` is the chart's root where the block's conditions are read. */
  conditionDotIsRoot: boolean;
}

/** Blocks nested deeper than this are kept whole (not a chart's template). */
const MAX_OPEN_BLOCKS = 100;
/** Notes kept per template: enough for a chart's templates, bounded on hostile input. */
const MAX_CHOICES = 50;

/** An action's words without the trim markers: `{{- else if x -}}` → `else if x`. */
function actionBody(text: string, [start, end]: [number, number]): string {
  let body = text.slice(start + 2, end - 2);
  if (body.startsWith('-')) body = body.slice(1);
  if (body.endsWith('-')) body = body.slice(0, -1);
  return body.trim();
}

function firstWord(body: string): string {
  let end = 0;
  while (end < body.length && /\w/.test(body[end])) end++;
  return body.slice(0, end);
}

/** Line numbers of offsets, read in increasing order (one pass). */
class LineCursor {
  private line = 1;
  /** The next newline not yet counted (-1: none left). */
  private next: number;
  constructor(private readonly text: string) {
    this.next = text.indexOf('\n');
  }
  lineAt(offset: number): number {
    while (this.next >= 0 && this.next < offset) {
      this.line++;
      this.next = this.text.indexOf('\n', this.next + 1);
    }
    return this.line;
  }
}

function describeValues(read: ValueSeen[], valuesPath: string): string {
  return read
    .map(
      seen =>
        `${seen.line !== undefined ? `${valuesPath}:${seen.line} ` : ''}${
          seen.key
        }: ${
          seen.value === null || seen.value === undefined
            ? 'not set'
            : JSON.stringify(seen.value)
        }`,
    )
    .join(', ');
}

/** Keeps, for every `if`/`with` block, the branch a render takes (or could take first). */
export function chooseTemplateBranches(
  text: string,
  lookUp: ValuesLookup,
  valuesPath: string,
): ChosenTemplate {
  if (!text.includes('{{')) return { text, choices: [] };
  const lines = new LineCursor(text);
  /** Ranges to blank (newlines kept): left-out branches and the control actions of decided blocks. */
  const blank: Blanks = { leftOut: [], actions: [] };
  const choices: Array<{ at: number; choice: BranchChoice }> = [];
  const stack: Block[] = [];
  const dotIsRoot = () =>
    stack.length === 0 || stack[stack.length - 1].dotIsRoot;

  for (const action of templateActions(text)) {
    const body = actionBody(text, action);
    if (body.startsWith('/*')) continue;
    const word = firstWord(body);
    if (word === 'if' || word === 'with' || word === 'range') {
      if (stack.length >= MAX_OPEN_BLOCKS) break;
      const inherited = dotIsRoot();
      stack.push({
        kind: word === 'range' ? 'other' : word,
        branches: [
          {
            condition: body.slice(word.length).trim(),
            line: lines.lineAt(action[0]),
            action,
          },
        ],
        dotIsRoot: word === 'if' ? inherited : false,
        conditionDotIsRoot: inherited,
      });
    } else if (word === 'define' || word === 'block') {
      if (stack.length >= MAX_OPEN_BLOCKS) break;
      stack.push({
        kind: 'other',
        branches: [],
        dotIsRoot: false,
        conditionDotIsRoot: false,
      });
    } else if (word === 'else' && stack.length > 0) {
      const rest = body.slice(word.length).trim();
      const nested = firstWord(rest);
      stack[stack.length - 1].branches.push({
        condition:
          nested === 'if' || nested === 'with'
            ? rest.slice(nested.length).trim()
            : undefined,
        line: lines.lineAt(action[0]),
        action,
      });
    } else if (word === 'end' && stack.length > 0) {
      const block = stack.pop()!;
      if (block.kind === 'other') continue;
      const choice = decide(text, block, action, lookUp, valuesPath, blank);
      choice.endLine = lines.lineAt(action[0]);
      choices.push({ at: block.branches[0].action[0], choice });
    }
  }
  return {
    text: blankRanges(text, [...blank.leftOut, ...blank.actions]),
    choices: outside(choices, blank.leftOut).slice(0, MAX_CHOICES),
  };
}

/** Chooses a block's branch and records what to blank. */
function decide(
  text: string,
  block: Block,
  end: [number, number],
  lookUp: ValuesLookup,
  valuesPath: string,
  blank: Blanks,
): BranchChoice {
  const { branches } = block;
  const read: ValueSeen[] = [];
  let kept: number | undefined;
  let undecided = false;
  for (let i = 0; i < branches.length && kept === undefined; i++) {
    const { condition } = branches[i];
    if (condition === undefined) {
      kept = i;
      break;
    }
    const value = evaluateCondition(condition, lookUp, {
      dotIsRoot: block.conditionDotIsRoot,
    });
    read.push(...value.read);
    if (value.truthy === false) continue;
    kept = i;
    undecided = value.truthy === undefined;
  }
  let leftOut = false;
  branches.forEach((branch, i) => {
    const contentEnd =
      i + 1 < branches.length ? branches[i + 1].action[0] : end[0];
    blank.actions.push(branch.action);
    if (i !== kept) {
      blank.leftOut.push([branch.action[1], contentEnd]);
      if (text.slice(branch.action[1], contentEnd).trim() !== '')
        leftOut = true;
    }
  });
  blank.actions.push(end);
  const first = branches[0];
  const head = `{{ ${actionBody(text, first.action)} }}`;
  const keptBranch = kept === undefined ? undefined : branches[kept];
  return {
    line: first.line,
    endLine: first.line,
    leftOut,
    note: `Helm template block ${head}: ${basisOf(
      keptBranch?.line,
      undecided,
      read.length > 0 ? describeValues(read, valuesPath) : undefined,
    )}`,
  };
}

/** Why a block's branch was read: the chart's values, literals, or the first that could be. */
function basisOf(
  keptLine: number | undefined,
  undecided: boolean,
  values: string | undefined,
): string {
  if (undecided) {
    return `cannot be told from the chart's values${
      values ? ` (${values})` : ''
    }: the branch at line ${keptLine}, the first that could be rendered, is read; the others are alternatives to it, not deployed with it`;
  }
  const kept =
    keptLine === undefined
      ? 'no branch is rendered'
      : `the branch at line ${keptLine} is read`;
  const by = values ? ` by the chart's default values (${values})` : '';
  return `${kept}${by}; the other branches are alternatives, not deployed with it`;
}

/** Choices made inside a left-out branch are no one's: dropped. */
function outside(
  choices: Array<{ at: number; choice: BranchChoice }>,
  leftOut: Array<[number, number]>,
): BranchChoice[] {
  const ranges = mergedRanges(leftOut);
  const sorted = [...choices].sort((a, b) => a.at - b.at);
  const result: BranchChoice[] = [];
  let r = 0;
  for (const { at, choice } of sorted) {
    while (r < ranges.length && ranges[r][1] <= at) r++;
    if (!(r < ranges.length && ranges[r][0] <= at)) result.push(choice);
  }
  return result;
}

function mergedRanges(
  ranges: Array<[number, number]>,
): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The text with the ranges' characters removed, their newlines kept. */
function blankRanges(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const [start, end] of mergedRanges(ranges)) {
    parts.push(text.slice(last, start));
    const removed = text.slice(start, end);
    let newlines = 0;
    for (
      let i = removed.indexOf('\n');
      i >= 0;
      i = removed.indexOf('\n', i + 1)
    )
      newlines++;
    parts.push('\n'.repeat(newlines));
    last = end;
  }
  parts.push(text.slice(last));
  return parts.join('');
}
