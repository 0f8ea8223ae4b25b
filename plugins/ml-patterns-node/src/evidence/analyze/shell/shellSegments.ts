import { expansionEnd } from './commandWords';

/**
 * The first pass of the shell reader: text → runs between control
 * operators (`&&`, `||`, `;`, `|`, `&`, newlines, `(`, `)`), outside
 * quotes and expansions, without comments, `\`-newlines and the bodies
 * of here-documents. Linear on any input.
 */

/** A run of text between control operators, with where it starts. */
export interface Segment {
  text: string;
  line: number;
  /** The operator that ended it: `&&`, `||`, `;`, `|`, `&`, `\n`, `(`, `)`, `` (end). */
  end: string;
}

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
export function segments(
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
