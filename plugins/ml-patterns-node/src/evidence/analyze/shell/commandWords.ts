import { parse } from 'shell-quote';

/**
 * The words of one simple command (no `&&`, `;`, `|` or newlines: those
 * are split by `shellSegments.ts`), quotes removed by `shell-quote`.
 * Expansions are kept as written (`$MODEL`, `${MODEL:-org/name}`,
 * `$(cat token)`) so the caller can read defaults and follow substitutions.
 */
export interface CommandWords {
  words: string[];
  /** Redirections: `> file`, `-o` is not one (that is an argument). */
  redirects: Array<{ op: string; target: string }>;
  /** `$(…)` / backtick bodies met in the words, to be parsed as commands too. */
  substitutions: string[];
}

/** Private-use characters around the index of a masked expansion. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MASKED = /\uE000(\d+)\uE001/g;

const REDIRECT_OPS = new Set([
  '>',
  '>>',
  '<',
  '>&',
  '<&',
  '&>',
  '&>>',
  '>|',
  '<>',
  '<<<',
]);

/**
 * Finds the end of an expansion starting at `start` (`$(`, `${` or a
 * backtick): the index just after its closing character, or the text's
 * length when it is not closed. Quotes inside are skipped; one pass.
 */
export function expansionEnd(text: string, start: number): number {
  if (text[start] === '`') {
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return i + 1;
    }
    return text.length;
  }
  const open = text[start + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  let quote: string | undefined;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') {
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === open) {
      depth++;
    } else if (c === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/**
 * Replaces `$(…)`, `${…}` and backtick expansions by placeholders, so that
 * `shell-quote` (which splits on spaces first and cannot read `${X:+a b}`
 * or `$(a b)`) sees each as part of one word.
 */
function maskExpansions(text: string): { masked: string; spans: string[] } {
  const spans: string[] = [];
  let masked = '';
  let single = false;
  let double = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (single) {
      masked += c;
      if (c === "'") single = false;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      masked += c + text[i + 1];
      i++;
      continue;
    }
    if (c === "'" && !double) single = true;
    if (c === '"') double = !double;
    if (
      (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) ||
      c === '`'
    ) {
      const end = expansionEnd(text, i);
      spans.push(text.slice(i, end));
      masked += `${OPEN}${spans.length - 1}${CLOSE}`;
      i = end - 1;
      continue;
    }
    masked += c;
  }
  return { masked, spans };
}

function unmask(word: string, spans: string[]): string {
  return word.replace(MASKED, (_, index: string) => spans[Number(index)] ?? '');
}

/** Text with nothing for a shell to interpret: its words are its blank-separated parts. */
const PLAIN = /^[\w\s.,:=/@%+-]*$/;

/** Splits one simple command into words (quotes removed, expansions kept). */
export function commandWords(text: string): CommandWords {
  if (PLAIN.test(text)) {
    return {
      words: text.split(/\s+/).filter(Boolean),
      redirects: [],
      substitutions: [],
    };
  }
  const { masked, spans } = maskExpansions(text);
  const substitutions = spans
    .filter(span => span.startsWith('$(') || span.startsWith('`'))
    .map(span =>
      span.startsWith('`') ? span.slice(1, -1) : span.slice(2, -1),
    );
  let entries: ReturnType<typeof parse>;
  try {
    // Variables stay as written: the caller resolves them against ENV/ARG.
    entries = parse(masked, name => `$${name}`);
  } catch {
    // shell-quote refuses some malformed input (an unclosed `${`): fall
    // back to whitespace-separated words rather than losing the command.
    entries = masked.split(/\s+/).filter(Boolean);
  }
  const words: string[] = [];
  const redirects: CommandWords['redirects'] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (typeof entry === 'string') {
      words.push(unmask(entry, spans));
      continue;
    }
    if ('comment' in entry) break;
    if ('op' in entry) {
      if (entry.op === 'glob') {
        words.push(unmask((entry as { pattern: string }).pattern, spans));
        continue;
      }
      if (REDIRECT_OPS.has(entry.op)) {
        // `2>&1`: shell-quote reads the descriptor as a word before the operator.
        if (/^\d$/.test(words[words.length - 1] ?? '')) words.pop();
        const target = entries[i + 1];
        if (typeof target === 'string') {
          redirects.push({ op: entry.op, target: unmask(target, spans) });
          i++;
        }
      }
    }
  }
  return { words, redirects, substitutions };
}
