/**
 * `$NAME`, `${NAME}` and `${NAME:-default}` inside a word, from the
 * variables known; undefined when one is not known. (`[^}$]` keeps each
 * attempt from scanning past the next `$`: linear on any word.)
 */
export function expandWord(
  word: string,
  lookup: (name: string) => string | undefined,
): string | undefined {
  if (!word.includes('$')) return word;
  let unknown = false;
  const expanded = word.replace(
    /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}$]*))?\})/g,
    (_, plain: string | undefined, braced: string | undefined, op, dflt) => {
      const value = lookup(plain ?? braced!);
      if (value !== undefined && (value !== '' || !op?.startsWith(':')))
        return value;
      if (op !== undefined) return dflt as string;
      unknown = true;
      return '';
    },
  );
  return unknown || expanded.includes('$') ? undefined : expanded;
}
