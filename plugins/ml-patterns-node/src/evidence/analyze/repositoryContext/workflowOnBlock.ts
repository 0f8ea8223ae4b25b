/** A top-level `on:` key (quoted or not; `true:` is how YAML 1.1 reads `on`). */
const ON_KEY = /^(?:on|"on"|'on'|true|"true"|'true')[ \t]*:(?=[ \t\r]|$)/gm;

/** Directives and document markers: the file is not one plain document. */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;

/**
 * The lines of a workflow's top-level `on:` entry, as a YAML text of its
 * own: the key's line and every following line that is blank, a comment,
 * indented, or an item of a sequence written at the key's column. The
 * rest of a workflow (its jobs, often hundreds of lines) never decides
 * its triggers, and parsing it was most of the time spent on the CI of
 * large repositories.
 *
 * Undefined when the entry cannot be told apart line by line (no such
 * key, the key twice, several documents or directives): the caller parses
 * the whole file then, as it does when the block alone does not parse.
 */
export function workflowOnBlock(text: string): string | undefined {
  return workflowOnBlockAt(text)?.text;
}

/** `workflowOnBlock` with the offset in `text` where the entry starts. */
export function workflowOnBlockAt(
  text: string,
): { start: number; text: string } | undefined {
  if (DOCUMENT_MARKER.test(text)) return undefined;
  ON_KEY.lastIndex = 0;
  const first = ON_KEY.exec(text);
  if (!first) return undefined;
  if (ON_KEY.exec(text)) return undefined;
  const start = first.index;
  let end = text.indexOf('\n', start);
  while (end !== -1) {
    const next = end + 1;
    if (!continuesBlock(text, next)) break;
    end = text.indexOf('\n', next);
  }
  return { start, text: text.slice(start, end === -1 ? text.length : end) };
}

/** Does the line starting at `at` belong to the entry above it? */
function continuesBlock(text: string, at: number): boolean {
  const c = text[at];
  if (c === undefined) return false;
  if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '#') {
    return true;
  }
  // `- push` written at the key's column is still the key's sequence.
  if (c === '-') {
    const after = text[at + 1];
    return (
      after === undefined ||
      after === ' ' ||
      after === '\t' ||
      after === '\n' ||
      after === '\r'
    );
  }
  return false;
}
