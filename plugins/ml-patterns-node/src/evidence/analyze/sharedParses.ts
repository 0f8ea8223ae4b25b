import type { EvidenceProblem } from '../types';

/**
 * Parses shared by the analyzers of one analysis: a text several analyzers
 * read (a values file that is also a chart's defaults, a compose file, a
 * README with `docker run` lines, a RUN step's script) is parsed once.
 *
 * The analysis is synchronous, so the analysis running is the one whose
 * parses are shared; outside {@link withSharedParses} nothing is kept and
 * every call parses. Each caller gets the problems the parse reported, as
 * if it had parsed the text itself, so sharing changes no output. Shared
 * results are read, never changed, by the analyzers.
 */

interface SharedParse {
  value: unknown;
  /** The problems the parse reported (their path is the caller's). */
  problems: EvidenceProblem[];
}

let shared: Map<string, Map<string, SharedParse>> | undefined;

/** Runs one analysis, with its own parses shared (and dropped when it ends). */
export function withSharedParses<T>(analysis: () => T): T {
  const outer = shared;
  shared = new Map();
  try {
    return analysis();
  } finally {
    shared = outer;
  }
}

/**
 * `parse(text)` of kind `kind` (the parser and its options), once per
 * analysis. `parse` reports its problems into the array it is given, each
 * with the path the caller's problems go under (`path`).
 */
export function sharedParse<T>(
  kind: string,
  text: string,
  path: string,
  problems: EvidenceProblem[],
  parse: (problems: EvidenceProblem[]) => T,
): T {
  if (!shared) return parse(problems);
  let ofKind = shared.get(kind);
  if (!ofKind) {
    ofKind = new Map();
    shared.set(kind, ofKind);
  }
  let found = ofKind.get(text);
  if (!found) {
    const own: EvidenceProblem[] = [];
    try {
      found = { value: parse(own), problems: own };
    } catch (error) {
      problems.push(...own);
      throw error;
    }
    ofKind.set(text, found);
    problems.push(...own);
    return found.value as T;
  }
  for (const problem of found.problems) problems.push({ ...problem, path });
  return found.value as T;
}
