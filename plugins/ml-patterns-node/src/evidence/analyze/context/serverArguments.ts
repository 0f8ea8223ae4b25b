/**
 * Reading model-server flags from a container command or a Dockerfile
 * CMD, already split into words by the manifest (`args: [...]`) or joined
 * with blanks. Flags come as `--flag=value` or `--flag value`.
 */

/** Words of a command, surrounding quotes removed. */
export function commandWords(command: string | undefined): string[] {
  if (!command) return [];
  return command.split(/\s+/).filter(Boolean).map(stripQuotes).filter(Boolean);
}

function stripQuotes(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && (word[start] === '"' || word[start] === "'")) start++;
  while (end > start && `"',`.includes(word[end - 1])) end--;
  return word.slice(start, end);
}

/** Every value given to a flag (any of `names`), in order. */
export function flagValues(
  words: readonly string[],
  names: string[],
): string[] {
  const values: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    for (const name of names) {
      if (
        word === name &&
        i + 1 < words.length &&
        !words[i + 1].startsWith('-')
      ) {
        values.push(words[i + 1]);
      } else if (word.startsWith(`${name}=`)) {
        values.push(word.slice(name.length + 1));
      }
    }
  }
  return values;
}

/** Flags naming the model, or the folder of models, a server reads. */
export const MODEL_PATH_FLAGS = [
  '--model-repository',
  '--model-store',
  '--model_base_path',
  '--model_dir',
  '--model-dir',
  '--model_path',
  '--model-path',
];

/** The absolute model paths a server command gives its model-path flags (`--model_path=/mnt/models`). */
export function modelPathArguments(
  command: string | undefined,
): Array<{ given: string; value: string }> {
  const words = commandWords(command);
  return MODEL_PATH_FLAGS.flatMap(flag =>
    flagValues(words, [flag])
      .filter(value => value.startsWith('/'))
      .map(value => ({ given: `${flag}=${value}`, value })),
  );
}

/** A server command that loads only the models named by `--load-model` (Triton explicit mode). */
export function tritonExplicitModels(
  words: readonly string[],
): Set<string> | undefined {
  const mode = flagValues(words, ['--model-control-mode']);
  if (!mode.some(m => m.toLowerCase() === 'explicit')) return undefined;
  const loaded = flagValues(words, ['--load-model']);
  if (loaded.includes('*')) return undefined;
  return new Set(loaded);
}

/** The last folder or file name of a path given to a flag (`/opt/models/` → `models`). */
export function lastSegment(path: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  const trimmed = path.slice(0, end);
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
