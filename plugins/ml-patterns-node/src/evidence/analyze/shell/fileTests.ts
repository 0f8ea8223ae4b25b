/**
 * Shell tests of whether a file is there (`[ -f P ]`, `[[ ! -e P ]]`,
 * `test -s P`), read from a condition's words: a download run only when
 * its file is missing is a fallback where the image already holds it.
 */

const FILE_FLAGS = new Set(['-f', '-e', '-s', '-d']);

/** The path a test checks, and whether it asks for it to be missing (`!`). */
export function fileTest(
  words: string[],
): { path: string; missing: boolean } | undefined {
  let rest = words;
  let negated = false;
  while (rest[0] === '!') {
    negated = !negated;
    rest = rest.slice(1);
  }
  if (rest[0] === '[' && rest[rest.length - 1] === ']')
    rest = rest.slice(1, -1);
  else if (rest[0] === '[[' && rest[rest.length - 1] === ']]')
    rest = rest.slice(1, -1);
  else if (rest[0] === 'test') rest = rest.slice(1);
  else return undefined;
  if (rest[0] === '!') {
    negated = !negated;
    rest = rest.slice(1);
  }
  if (rest.length !== 2 || !FILE_FLAGS.has(rest[0])) return undefined;
  return { path: rest[1], missing: negated };
}
