const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;

/** How often a name stands as a whole word in a text (`load` in `load(x)`, not in `loader`). */
export function wordCount(text: string, name: string): number {
  let count = 0;
  for (
    let at = text.indexOf(name);
    at >= 0;
    at = text.indexOf(name, at + name.length)
  ) {
    const before = at > 0 ? text[at - 1] : '';
    const after = text[at + name.length] ?? '';
    if (!IDENTIFIER_CHAR.test(before) && !IDENTIFIER_CHAR.test(after)) count++;
  }
  return count;
}
