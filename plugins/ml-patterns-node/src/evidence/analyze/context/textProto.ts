/**
 * Protocol Buffers text format without a schema, as model servers write
 * their configuration in it (Triton `config.pbtxt`, TensorFlow Serving's
 * `model_config_list`). No maintained JavaScript parser reads text format
 * without the `.proto` schema, so this is a small single-pass tokenizer
 * and recursive-descent parser: linear in the input, depth- and
 * size-bounded, tolerant of template placeholders (`$MAX_BATCH_SIZE`,
 * `${NAME}`, `{{ name }}`) that stand where a value is, and of blanks left
 * for a script to fill in (`max_batch_size:` with nothing after it).
 */

export interface TextProtoField {
  name: string;
  /** 1-based line of the field name. */
  line: number;
  /** A scalar as written (strings unquoted), or a nested message. */
  value: string | TextProtoMessage;
}

export interface TextProtoMessage {
  fields: TextProtoField[];
}

export type TextProtoResult =
  | { ok: true; message: TextProtoMessage }
  | { ok: false; error: string; line: number };

const MAX_DEPTH = 64;
const MAX_TOKENS = 200_000;

interface Token {
  kind: 'word' | 'string' | 'punct';
  text: string;
  line: number;
}

function isWordChar(c: string): boolean {
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' ||
    c === '.' ||
    c === '-' ||
    c === '+' ||
    c === '$' ||
    c === '/'
  );
}

function tokenize(text: string): Token[] | { error: string; line: number } {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    if (tokens.length > MAX_TOKENS) {
      return { error: `more than ${MAX_TOKENS} tokens`, line };
    }
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\n') return { error: 'unterminated string', line };
        if (text[i] === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else {
          value += text[i];
          i++;
        }
      }
      if (i >= text.length) return { error: 'unterminated string', line };
      i++;
      tokens.push({ kind: 'string', text: value, line: start });
    } else if (c === '{' && text[i + 1] === '{') {
      // A template action standing for a value: one opaque word.
      const end = text.indexOf('}}', i + 2);
      if (end < 0) return { error: 'unterminated template action', line };
      const action = text.slice(i, end + 2);
      tokens.push({ kind: 'word', text: action, line });
      for (const ch of action) if (ch === '\n') line++;
      i = end + 2;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) return { error: 'unterminated placeholder', line };
      tokens.push({ kind: 'word', text: text.slice(i, end + 1), line });
      i = end + 1;
    } else if ('{}[]<>:,;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else if (isWordChar(c)) {
      const start = i;
      while (i < text.length && isWordChar(text[i])) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), line });
    } else {
      return { error: `unexpected character '${c}'`, line };
    }
  }
  return tokens;
}

class TextProtoError extends Error {
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private fail(message: string): never {
    const token = this.peek() ?? this.tokens[this.tokens.length - 1];
    throw new TextProtoError(message, token?.line ?? 1);
  }

  private takePunct(text: string): boolean {
    const token = this.peek();
    if (token?.kind === 'punct' && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  /** Fields until `close` (or the end of input at the top level). */
  message(close: string | undefined, depth: number): TextProtoMessage {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH}`);
    const fields: TextProtoField[] = [];
    for (;;) {
      const token = this.peek();
      if (!token) {
        if (close) this.fail(`missing '${close}'`);
        return { fields };
      }
      if (close && this.takePunct(close)) return { fields };
      if (this.takePunct(',') || this.takePunct(';')) continue;
      if (token.kind !== 'word') this.fail(`expected a field name`);
      this.position++;
      const colon = this.takePunct(':');
      this.values(token.text, token.line, colon, fields, depth);
    }
  }

  private values(
    name: string,
    line: number,
    colon: boolean,
    into: TextProtoField[],
    depth: number,
  ): void {
    if (this.takePunct('[')) {
      if (this.takePunct(']')) return;
      for (;;) {
        into.push({ name, line, value: this.value(depth) });
        if (this.takePunct(']')) return;
        if (!this.takePunct(',')) this.fail(`expected ',' or ']'`);
        // A trailing comma before the close.
        if (this.takePunct(']')) return;
      }
    }
    if (!colon && !this.isOpen()) this.fail(`expected ':' after ${name}`);
    // A blank left in a template: the field is not written yet.
    if (colon && this.isBlank()) return;
    into.push({ name, line, value: this.value(depth) });
  }

  /**
   * After `name:`, no value: the input ends, the message closes, or the
   * next field starts (a word followed by `:`, `{`, `<` or `[`).
   */
  private isBlank(): boolean {
    const token = this.peek();
    if (!token) return true;
    if (token.kind === 'punct') return '}>],;'.includes(token.text);
    const next = this.tokens[this.position + 1];
    return (
      token.kind === 'word' &&
      next?.kind === 'punct' &&
      ':{<['.includes(next.text)
    );
  }

  private isOpen(): boolean {
    const token = this.peek();
    return (
      token?.kind === 'punct' && (token.text === '{' || token.text === '<')
    );
  }

  private value(depth: number): string | TextProtoMessage {
    if (this.takePunct('{')) return this.message('}', depth + 1);
    if (this.takePunct('<')) return this.message('>', depth + 1);
    const token = this.peek();
    if (!token || token.kind === 'punct') this.fail('expected a value');
    this.position++;
    let text = token.text;
    // Adjacent string literals concatenate.
    while (token.kind === 'string' && this.peek()?.kind === 'string') {
      text += this.peek()!.text;
      this.position++;
    }
    return text;
  }
}

/** Parses a text-format message; never throws. */
export function parseTextProto(text: string): TextProtoResult {
  const tokens = tokenize(text);
  if (!Array.isArray(tokens)) {
    return { ok: false, error: tokens.error, line: tokens.line };
  }
  try {
    return { ok: true, message: new Parser(tokens).message(undefined, 0) };
  } catch (error) {
    if (error instanceof TextProtoError) {
      return { ok: false, error: error.message, line: error.line };
    }
    throw error;
  }
}

/** The fields of a message with this name. */
export function fieldsNamed(
  message: TextProtoMessage | undefined,
  name: string,
): TextProtoField[] {
  return message ? message.fields.filter(field => field.name === name) : [];
}

/** The first scalar value of a field. */
export function scalarOf(
  message: TextProtoMessage | undefined,
  name: string,
): string | undefined {
  const field = fieldsNamed(message, name).find(
    f => typeof f.value === 'string',
  );
  return field?.value as string | undefined;
}

/** The nested messages of a field. */
export function messagesOf(
  message: TextProtoMessage | undefined,
  name: string,
): Array<{ message: TextProtoMessage; line: number }> {
  return fieldsNamed(message, name)
    .filter(f => typeof f.value !== 'string')
    .map(f => ({ message: f.value as TextProtoMessage, line: f.line }));
}
