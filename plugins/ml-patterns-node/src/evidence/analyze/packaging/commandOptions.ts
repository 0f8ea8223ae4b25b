/**
 * The words of a packaging or `docker build` command: the runner it is
 * started through (`poetry run`, `python -m`), its options (with the
 * options of each tool that take a value) and positional arguments.
 */

export const toolName = (word: string | undefined) =>
  word?.replace(/^.*\//, '');

/** Runners that start the command that follows (`poetry run bentoml …`, `python -m mlflow …`). */
export function unwrapRunner(words: string[]): string[] {
  let rest = words;
  for (let guard = 0; guard < 4 && rest.length > 1; guard++) {
    const head = toolName(rest[0])!;
    if (
      ['poetry', 'pipenv', 'pdm', 'hatch', 'rye', 'uv'].includes(head) &&
      rest[1] === 'run'
    ) {
      let i = 2;
      while (i < rest.length && rest[i].startsWith('-')) i++;
      rest = rest.slice(i);
    } else if (/^python[0-9.]*$/.test(head) && rest[1] === '-m') {
      rest = rest.slice(2);
    } else {
      break;
    }
  }
  return rest;
}

export interface ParsedOptions {
  values: Map<string, string[]>;
  positional: string[];
}

/** Options and positional arguments; `valued` options take the next word unless written `--opt=value`. */
export function readOptions(
  args: string[],
  valued: ReadonlySet<string>,
): ParsedOptions {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  const add = (name: string, value: string) => {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    if (eq > 0) {
      add(word.slice(0, eq), word.slice(eq + 1));
    } else if (valued.has(word) && i + 1 < args.length) {
      add(word, args[i + 1]);
      i++;
    } else {
      add(word, '');
    }
  }
  return { values, positional };
}

export const first = (options: ParsedOptions, ...optionNames: string[]) => {
  for (const option of optionNames) {
    const value = options.values.get(option)?.find(v => v !== '');
    if (value !== undefined) return value;
  }
  return undefined;
};

export const all = (options: ParsedOptions, ...optionNames: string[]) =>
  optionNames
    .flatMap(option => options.values.get(option) ?? [])
    .filter(v => v !== '');

/** `bentoml containerize` options that take a value (its own and those it passes to the builder). */
export const BENTOML_VALUED = new Set([
  '-t',
  '--image-tag',
  '--backend',
  '--opt',
  '--platform',
  '--build-arg',
  '--build-context',
  '--cache-from',
  '--cache-to',
  '--label',
  '--network',
  '--output',
  '--progress',
  '--secret',
  '--ssh',
  '--target',
  '--add-host',
  '--iidfile',
  '--metadata-file',
  '--shm-size',
  '--ulimit',
  '--enable-features',
  '-f',
  '--file',
  '--version',
  '-o',
]);

export const MLSERVER_VALUED = new Set(['-t', '--tag']);

export const MLFLOW_VALUED = new Set([
  '-m',
  '--model-uri',
  '-n',
  '--name',
  '-d',
  '--output-directory',
  '--env-manager',
  '--mlflow-home',
  '--base-image',
]);

export const DOCKER_BUILD_VALUED = new Set([
  '-t',
  '--tag',
  '-f',
  '--file',
  '--build-arg',
  '--target',
  '--platform',
  '--network',
  '--label',
  '--cache-from',
  '--cache-to',
  '--progress',
  '--secret',
  '--ssh',
  '-o',
  '--output',
  '--iidfile',
  '--build-context',
  '--add-host',
  '--shm-size',
  '--ulimit',
  '--builder',
  '--metadata-file',
]);
