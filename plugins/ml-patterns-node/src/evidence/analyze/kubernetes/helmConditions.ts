/**
 * The value of a Helm template condition (`if`, `else if`, `with`) under
 * the chart's default values: `.Values.a.b`, string, number and boolean
 * literals, `nil`, `not`, `and`, `or`, `eq`, `ne`, `empty` and
 * parentheses. Anything else (pipelines, other functions, `.Release`,
 * variables) cannot be told from the chart alone: the condition is
 * undecided. Read by one pass over the condition's characters.
 */

/** A value the chart's defaults give, and where that value is written. */
export interface ValueSeen {
  key: string;
  value: unknown;
  /** 1-based line in the values file, when the key is written there. */
  line?: number;
}

/** Looks up `.Values.a.b` in the chart's values; `found: false` when defaults cannot tell. */
export type ValuesLookup = (
  keys: string[],
) => { found: true; value: unknown; line?: number } | { found: false };

export interface ConditionValue {
  /** undefined: the condition cannot be told from the chart's values. */
  truthy: boolean | undefined;
  /** The values the condition read. */
  read: ValueSeen[];
}

const UNDECIDED = Symbol('undecided');
/** The functions a condition may call. */
const FUNCTIONS = new Set(['not', 'and', 'or', 'eq', 'ne', 'empty']);
type Value = unknown;

/** Deeper nesting than this is not a chart's condition: left undecided. */
const MAX_DEPTH = 16;
const MAX_TOKENS = 200;

type Token =
  | { kind: 'open' | 'close' }
  | { kind: 'word'; text: string }
  | { kind: 'literal'; value: unknown };

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Splits a condition into tokens; undefined when it holds what is not read (pipes, comments). */
function tokenize(condition: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < condition.length) {
    if (tokens.length > MAX_TOKENS) return undefined;
    const c = condition[i];
    if (isSpace(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close' });
      i++;
    } else if (c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      while (j < condition.length && condition[j] !== c) {
        if (c === '"' && condition[j] === '\\' && j + 1 < condition.length) j++;
        value += condition[j];
        j++;
      }
      if (j >= condition.length) return undefined;
      tokens.push({ kind: 'literal', value });
      i = j + 1;
    } else {
      let j = i;
      while (
        j < condition.length &&
        !isSpace(condition[j]) &&
        condition[j] !== '(' &&
        condition[j] !== ')' &&
        condition[j] !== '"'
      )
        j++;
      const text = condition.slice(i, j);
      if (text.includes('|') || text.includes(':=') || text === '=')
        return undefined;
      tokens.push(wordToken(text));
      i = j;
    }
  }
  return tokens;
}

function wordToken(text: string): Token {
  if (text === 'true' || text === 'false')
    return { kind: 'literal', value: text === 'true' };
  if (text === 'nil') return { kind: 'literal', value: null };
  if (/^-?\d+(?:\.\d+)?$/.test(text))
    return { kind: 'literal', value: Number(text) };
  return { kind: 'word', text };
}

/** Go template truth: false, 0, nil and empty strings, lists and maps are false. */
function truth(value: Value): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

class ConditionReader {
  private at = 0;
  readonly read: ValueSeen[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly lookUp: ValuesLookup,
    /** Inside `with`/`range`, `.` is not the chart's root: only `$.Values` is. */
    private readonly dotIsRoot: boolean,
  ) {}

  /** The whole condition: a command (function and arguments) or one operand. */
  condition(): Value | typeof UNDECIDED {
    const value = this.command(0, () => this.at < this.tokens.length);
    return this.at === this.tokens.length ? value : UNDECIDED;
  }

  private command(
    depth: number,
    more: () => boolean,
  ): Value | typeof UNDECIDED {
    const head = this.tokens[this.at];
    if (head?.kind === 'word' && FUNCTIONS.has(head.text)) {
      this.at++;
      const args: Array<Value | typeof UNDECIDED> = [];
      while (more()) args.push(this.operand(depth));
      return apply(head.text, args);
    }
    const value = this.operand(depth);
    return more() ? UNDECIDED : value;
  }

  private operand(depth: number): Value | typeof UNDECIDED {
    const token = this.tokens[this.at++];
    if (!token || token.kind === 'close') return UNDECIDED;
    if (token.kind === 'literal') return token.value;
    if (token.kind === 'open') {
      if (depth >= MAX_DEPTH) {
        this.at = this.tokens.length;
        return UNDECIDED;
      }
      const value = this.command(
        depth + 1,
        () =>
          this.at < this.tokens.length && this.tokens[this.at].kind !== 'close',
      );
      if (this.tokens[this.at]?.kind !== 'close') return UNDECIDED;
      this.at++;
      return value;
    }
    return token.kind === 'word' ? this.reference(token.text) : UNDECIDED;
  }

  private reference(word: string): Value | typeof UNDECIDED {
    let path: string | undefined;
    if (word.startsWith('$.Values.')) path = word.slice('$.Values.'.length);
    else if (this.dotIsRoot && word.startsWith('.Values.'))
      path = word.slice('.Values.'.length);
    if (path === undefined) return UNDECIDED;
    const keys = path.split('.');
    if (keys.some(key => !/^\w+$/.test(key))) return UNDECIDED;
    const found = this.lookUp(keys);
    if (!found.found) return UNDECIDED;
    this.read.push({
      key: keys.join('.'),
      value: found.value,
      line: found.line,
    });
    return found.value;
  }
}

/** Three-valued: an undecided argument decides nothing unless the others do. */
function apply(
  name: string,
  args: Array<Value | typeof UNDECIDED>,
): Value | typeof UNDECIDED {
  const known = (v: Value | typeof UNDECIDED) => v !== UNDECIDED;
  switch (name) {
    case 'not':
    case 'empty':
      if (args.length !== 1 || !known(args[0])) return UNDECIDED;
      return !truth(args[0]);
    case 'and':
      if (args.length === 0) return UNDECIDED;
      if (args.some(a => known(a) && !truth(a))) return false;
      return args.every(known) ? true : UNDECIDED;
    case 'or':
      if (args.length === 0) return UNDECIDED;
      if (args.some(a => known(a) && truth(a))) return true;
      return args.every(known) ? false : UNDECIDED;
    case 'eq':
    case 'ne': {
      if (args.length < 2 || !args.every(known)) return UNDECIDED;
      const [first, ...others] = args;
      const equal = others.some(other => sameValue(first, other));
      return name === 'eq' ? equal : !equal;
    }
    default:
      return UNDECIDED;
  }
}

function sameValue(a: Value, b: Value): boolean {
  const nil = (v: Value) => v === null || v === undefined;
  if (nil(a) || nil(b)) return nil(a) && nil(b);
  return a === b;
}

/** Evaluates a condition (the text after `if`/`else if`/`with`). */
export function evaluateCondition(
  condition: string,
  lookUp: ValuesLookup,
  options: { dotIsRoot: boolean },
): ConditionValue {
  const tokens = tokenize(condition);
  if (!tokens || tokens.length === 0) return { truthy: undefined, read: [] };
  const reader = new ConditionReader(tokens, lookUp, options.dotIsRoot);
  const value = reader.condition();
  return {
    truthy: value === UNDECIDED ? undefined : truth(value),
    read: reader.read,
  };
}
