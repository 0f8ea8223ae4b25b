/**
 * The value of a word that is one parameter expansion (`$MODEL`,
 * `${MODEL}`, `${MODEL:-org/name}`), given the variables known where it
 * runs (Dockerfile ENV/ARG). Other words are their own value.
 */
export interface WordValue {
  /** The value, when known (set variable, or the expansion's default). */
  value?: string;
  /** The variable the word names, when it is an expansion. */
  variable?: string;
}

const EXPANSION =
  /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\})$/;

export function wordValue(
  word: string,
  lookup: (name: string) => string | undefined,
): WordValue {
  const match = EXPANSION.exec(word);
  if (!match) return word.includes('$') ? {} : { value: word };
  const variable = match[1] ?? match[2];
  const set = lookup(variable);
  const hasDefault = match[3] !== undefined;
  // `:-` uses the default when the variable is unset or empty, `-` only when unset.
  if (set !== undefined && (set !== '' || !match[3]?.startsWith(':')))
    return { value: set, variable };
  if (hasDefault) return { value: match[4], variable };
  return { variable };
}
