/**
 * The `yaml` parser recurses once per nesting level: a file of 16 000 `{`
 * or `- - - …` overflows the stack, and near the limit V8 can fail to
 * compile a regular expression, which aborts the whole process. Real
 * manifests nest a few dozen levels at most, so a text nesting deeper
 * than this is reported instead of parsed.
 */
export const MAX_YAML_NESTING = 100;

const isBlank = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 13 || Number.isNaN(code);

/**
 * An upper bound of how deep a YAML text nests, in one pass: flow
 * collections (`[`, `{` not yet closed; brackets inside quotes count too,
 * which only errs on the safe side) plus the block indicators that open a
 * level on one line (`- - - a`, `? ? a`). Comments are skipped.
 */
export function yamlNestingDepth(text: string): number {
  let deepest = 0;
  let flow = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (lineStart) {
      lineStart = false;
      // Compact nested block collections: `- - - a`, `? - a`, `- : a`.
      let j = i;
      let block = 0;
      for (;;) {
        while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
        const c = text.charCodeAt(j);
        if (
          (c === 45 || c === 63 || c === 58) &&
          isBlank(text.charCodeAt(j + 1))
        ) {
          block++;
          j++;
        } else break;
      }
      deepest = Math.max(deepest, flow + block);
    }
    if (code === 10) {
      lineStart = true;
    } else if (code === 35 && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      // A comment: skip to the end of the line.
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
    } else if (code === 91 || code === 123) {
      flow++;
      deepest = Math.max(deepest, flow);
    } else if ((code === 93 || code === 125) && flow > 0) {
      flow--;
    }
  }
  return deepest;
}

/** Why a YAML text is not parsed, when it nests too deep. */
export function yamlNestingProblem(text: string): string | undefined {
  const depth = yamlNestingDepth(text);
  return depth > MAX_YAML_NESTING
    ? `YAML nested deeper than ${MAX_YAML_NESTING} levels; not parsed`
    : undefined;
}
