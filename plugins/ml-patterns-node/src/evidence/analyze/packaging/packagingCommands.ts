import { PackagedImageFacts } from '../../types';
import { joinPath } from '../paths';
import { ShellCommand, ShellScript } from '../shell/shellScript';

/**
 * The model-packaging commands of a sequence of shell scripts (a script,
 * the steps of a CI job, the shell blocks of a Markdown file), read in the
 * order they run: the folder each runs in (`cd`, a step's working
 * directory), the image names each builds (`-t`, `-n`, the Bento's name,
 * later `docker tag`), and what it packs (`mlserver build FOLDER`,
 * `mlflow models build-docker -m URI`).
 */

export type PackagingTool = PackagedImageFacts['tool'];

export interface PackagingCommand {
  tool: PackagingTool;
  /** The command's words, joined as written. */
  text: string;
  line: number;
  /** The folder it runs in, relative to the tree read; undefined when not known. */
  cwd?: string;
  /** Image names it builds, without tag. */
  images: string[];
  /**
   * `mlserver build`: the folder it packs, as the paths it may mean (from
   * the folder it runs in, from the file's folder, from the root).
   */
  folders?: string[];
  /** `mlflow models build-docker` / `generate-dockerfile`: the model URI (`-m`). */
  modelUri?: string;
}

/** One script of a sequence and where it starts. */
export interface ScriptRun {
  script: ShellScript;
  /**
   * The folders it may start in (relative to the tree read), most likely
   * first: a script may be run from its folder or the root. Empty: unknown.
   */
  cwd: string[];
  /** Variables set around it (CI `env:`). */
  env?: ReadonlyMap<string, string>;
}

export interface SequenceOptions {
  /** The folder of the file the commands are written in (relative paths may be meant from there). */
  fileFolder: string;
  /** A `cd` carries over to the next script (a terminal session, one CI job's script lines). */
  carryCwd: boolean;
  /** Is this a folder of the tree? Narrows where a `cd` leads. */
  hasDir?: (path: string) => boolean;
}

/**
 * Does a text (or a buffer, searched without decoding) mention a packaging
 * command? Both words of a command must be there: `containerize` alone is
 * prose, `build-docker` alone a link anchor.
 */
export function mentionsPackaging(text: string | Buffer): boolean {
  return (
    text.includes('mlserver build') ||
    (text.includes('containerize') && text.includes('bentoml')) ||
    ((text.includes('build-docker') || text.includes('generate-dockerfile')) &&
      text.includes('mlflow'))
  );
}

const toolName = (word: string | undefined) => word?.replace(/^.*\//, '');

/** Runners that start the command that follows (`poetry run bentoml …`, `python -m mlflow …`). */
function unwrapRunner(words: string[]): string[] {
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

interface ParsedOptions {
  values: Map<string, string[]>;
  positional: string[];
}

/** Options and positional arguments; `valued` options take the next word unless written `--opt=value`. */
function readOptions(
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

const first = (options: ParsedOptions, ...optionNames: string[]) => {
  for (const option of optionNames) {
    const value = options.values.get(option)?.find(v => v !== '');
    if (value !== undefined) return value;
  }
  return undefined;
};

const all = (options: ParsedOptions, ...optionNames: string[]) =>
  optionNames
    .flatMap(option => options.values.get(option) ?? [])
    .filter(v => v !== '');

/** `bentoml containerize` options that take a value (its own and those it passes to the builder). */
const BENTOML_VALUED = new Set([
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

const MLSERVER_VALUED = new Set(['-t', '--tag']);

const MLFLOW_VALUED = new Set([
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

const DOCKER_BUILD_VALUED = new Set([
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

/** MLflow's image name when `build-docker` is given none. */
const MLFLOW_DEFAULT_IMAGE = 'mlflow-pyfunc-servable';
/** Where `generate-dockerfile` writes when given no `-d`. */
const MLFLOW_DEFAULT_DOCKERFILE_DIR = 'mlflow-dockerfile';

/**
 * The image name of a reference, without registry default, tag or
 * digest: `docker.io/library/acme:1` → `acme`, `reg:5000/a/b:2` →
 * `reg:5000/a/b`. Undefined when it still holds an unresolved variable
 * or is a placeholder.
 */
export function imageName(reference: string): string | undefined {
  let name = reference.trim();
  if (name === '' || /[${}\s]/.test(name)) return undefined;
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  name = name
    .toLowerCase()
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
  // A placeholder (`<registry>/<image>`, `[IMAGE_NAME]`) names no image.
  return /^[a-z0-9][a-z0-9._/:-]*$/.test(name) ? name : undefined;
}

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

/** The paths a relative folder argument may mean, most likely first. */
function folderCandidates(
  argument: string,
  cwd: string[],
  fileFolder: string,
): string[] {
  const found: string[] = [];
  for (const base of [...cwd, fileFolder, '']) {
    const path = joinPath(base, argument);
    if (path !== undefined && !found.includes(path)) found.push(path);
  }
  return found;
}

/**
 * Where `cd TARGET` leads from the folders the script may be in: the
 * script's own folder for `$(dirname "$0")` (and `$(cd "$(dirname …)" &&
 * pwd)`), only folders of the tree. Empty: unknown.
 */
function changeDirectory(
  target: string | undefined,
  cwd: string[],
  options: SequenceOptions,
): string[] {
  if (target === undefined) return [];
  let bases = cwd;
  let relative = target;
  if (target.startsWith('$(') && target.includes('dirname')) {
    bases = [options.fileFolder];
    relative = target.slice(target.lastIndexOf(')') + 1);
  } else if (target.includes('$') || /^[~/-]/.test(target) || target === '') {
    return [];
  }
  const reached: string[] = [];
  for (const base of bases) {
    const path = joinPath(base, relative);
    if (path !== undefined && !reached.includes(path)) reached.push(path);
  }
  // A folder not in the tree (made by an earlier step, or outside it) is
  // not one a command could pack from the repository.
  return options.hasDir
    ? reached.filter(path => path === '' || options.hasDir!(path))
    : reached;
}

/** Most packaging commands read from one file, and names kept per image (real ones have a few). */
const MAX_COMMANDS = 200;
const MAX_NAMES = 20;

interface Walk {
  commands: PackagingCommand[];
  /** `generate-dockerfile` outputs waiting for the `docker build` that builds them. */
  dockerfileDirs: Array<{ command: PackagingCommand; dirs: string[] }>;
}

/** Reads one simple command: a packaging command, a `cd`, a `docker tag` or `docker build`. */
function readCommand(
  command: ShellCommand,
  words: string[],
  cwd: string[],
  options: SequenceOptions,
  expand: (word: string) => string | undefined,
  walk: Walk,
): void {
  const head = toolName(words[0]);
  if (head === 'docker' || head === 'podman') {
    readDockerCommand(words.slice(1), cwd, options, expand, walk);
    return;
  }
  if (head !== 'bentoml' && head !== 'mlserver' && head !== 'mlflow') return;
  if (walk.commands.length >= MAX_COMMANDS) return;
  const at = {
    text: command.words.join(' '),
    line: command.line,
    cwd: cwd[0],
  };
  if (head === 'bentoml') {
    const sub = words[1];
    const parsed = readOptions(words.slice(2), BENTOML_VALUED);
    if (sub === 'containerize') {
      const tags = all(parsed, '-t', '--image-tag');
      const bento = parsed.positional[0];
      // Without a tag, the image is named after the Bento.
      let references = tags;
      if (references.length === 0 && bento) references = [bento];
      walk.commands.push({
        tool: 'bentoml',
        ...at,
        images: names(references, expand),
      });
    } else if (sub === 'build' && parsed.values.has('--containerize')) {
      walk.commands.push({ tool: 'bentoml', ...at, images: [] });
    }
    return;
  }
  if (head === 'mlserver' && words[1] === 'build') {
    const parsed = readOptions(words.slice(2), MLSERVER_VALUED);
    const folder = parsed.positional[0];
    const expandedFolder = folder === undefined ? undefined : expand(folder);
    walk.commands.push({
      tool: 'mlserver',
      ...at,
      images: names(all(parsed, '-t', '--tag'), expand),
      folders:
        expandedFolder === undefined
          ? []
          : folderCandidates(expandedFolder, cwd, options.fileFolder),
    });
    return;
  }
  if (head === 'mlflow' && words[1] === 'models') {
    const sub = words[2];
    if (sub !== 'build-docker' && sub !== 'generate-dockerfile') return;
    const parsed = readOptions(words.slice(3), MLFLOW_VALUED);
    const uri = first(parsed, '-m', '--model-uri');
    const found: PackagingCommand = {
      tool: 'mlflow',
      ...at,
      images: [],
      ...(uri !== undefined && { modelUri: expand(uri) ?? uri }),
    };
    if (sub === 'build-docker') {
      found.images = names(
        [first(parsed, '-n', '--name') ?? MLFLOW_DEFAULT_IMAGE],
        expand,
      );
    } else {
      const dir = expand(
        first(parsed, '-d', '--output-directory') ??
          MLFLOW_DEFAULT_DOCKERFILE_DIR,
      );
      if (dir !== undefined)
        walk.dockerfileDirs.push({
          command: found,
          dirs: folderCandidates(dir, cwd, options.fileFolder),
        });
    }
    walk.commands.push(found);
    return;
  }
}

/** `docker tag` names a built image again; `docker build` builds what `generate-dockerfile` wrote. */
function readDockerCommand(
  args: string[],
  cwd: string[],
  options: SequenceOptions,
  expand: (word: string) => string | undefined,
  walk: Walk,
): void {
  let rest = args;
  if (rest[0] === 'image' || rest[0] === 'buildx') rest = rest.slice(1);
  if (rest[0] === 'tag' && rest.length >= 3) {
    const source = imageName(expand(rest[1]) ?? '');
    const target = imageName(expand(rest[2]) ?? '');
    if (source === undefined || target === undefined) return;
    for (const built of walk.commands) {
      if (
        built.images.length < MAX_NAMES &&
        built.images.includes(source) &&
        !built.images.includes(target)
      )
        built.images.push(target);
    }
  } else if (rest[0] === 'build' && walk.dockerfileDirs.length > 0) {
    const parsed = readOptions(rest.slice(1), DOCKER_BUILD_VALUED);
    const context = parsed.positional[parsed.positional.length - 1];
    const expanded = context === undefined ? undefined : expand(context);
    if (expanded === undefined) return;
    const dirs = folderCandidates(expanded, cwd, options.fileFolder);
    const generated = walk.dockerfileDirs.find(pending =>
      pending.dirs.some(dir => dirs.includes(dir)),
    );
    if (!generated) return;
    for (const name of names(all(parsed, '-t', '--tag'), expand)) {
      if (
        generated.command.images.length < MAX_NAMES &&
        !generated.command.images.includes(name)
      )
        generated.command.images.push(name);
    }
  }
}

function names(
  references: string[],
  expand: (word: string) => string | undefined,
): string[] {
  const found: string[] = [];
  for (const reference of references.slice(0, MAX_NAMES)) {
    const expanded = expand(reference);
    const name = expanded === undefined ? undefined : imageName(expanded);
    if (name !== undefined && !found.includes(name)) found.push(name);
  }
  return found;
}

/** The words after `export`/`declare`/`readonly`/`local` that set variables. */
function declaredVariables(
  words: string[],
): Array<{ name: string; value: string }> {
  if (!['export', 'declare', 'readonly', 'local'].includes(words[0] ?? ''))
    return [];
  const found: Array<{ name: string; value: string }> = [];
  for (const word of words.slice(1)) {
    const eq = word.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.slice(0, eq)))
      found.push({ name: word.slice(0, eq), value: word.slice(eq + 1) });
  }
  return found;
}

/** The packaging commands of a sequence of scripts, in the order they run. */
export function packagingCommands(
  runs: ScriptRun[],
  options: SequenceOptions,
): PackagingCommand[] {
  const walk: Walk = { commands: [], dockerfileDirs: [] };
  let carried: string[] = [];
  const variables = new Map<string, string>();
  runs.forEach((run, index) => {
    let cwd = options.carryCwd && index > 0 ? carried : run.cwd;
    if (!options.carryCwd) variables.clear();
    const lookup = (name: string) => variables.get(name) ?? run.env?.get(name);
    const expand = (word: string) => expandWord(word, lookup);
    // Plain assignments and commands, in line order.
    const assigned = run.script.variables;
    let next = 0;
    for (const command of run.script.commands) {
      while (next < assigned.length && assigned[next].line <= command.line) {
        const { name, value } = assigned[next++];
        variables.set(name, expand(value) ?? value);
      }
      if (command.substitution) continue;
      const words = unwrapRunner(command.words);
      for (const { name, value } of declaredVariables(words))
        variables.set(name, expand(value) ?? value);
      const head = toolName(words[0]);
      if (head === 'cd' || head === 'pushd') {
        // `cd "$SCRIPT_DIR"`: the variable's value as written, to see `$(dirname …)`.
        const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(
          words[1] ?? '',
        );
        let target: string | undefined;
        if (variable)
          target = variables.get(variable[1]) ?? run.env?.get(variable[1]);
        else if (words[1] !== undefined) target = expand(words[1]) ?? words[1];
        cwd = changeDirectory(target, cwd, options);
        continue;
      }
      readCommand(command, words, cwd, options, expand, walk);
    }
    carried = cwd;
  });
  return walk.commands;
}
