import { PackagedImageFacts } from '../../types';
import { joinPath } from '../paths';
import { commandsInOrder } from '../shell/commandsInOrder';
import { expandWord } from '../shell/expandWord';
import { ShellCommand, ShellScript } from '../shell/shellScript';
import {
  all,
  BENTOML_VALUED,
  DOCKER_BUILD_VALUED,
  first,
  MLFLOW_VALUED,
  MLSERVER_VALUED,
  readOptions,
  toolName,
  unwrapRunner,
} from './commandOptions';
import { imageName } from './imageName';
import {
  ContainerCopy,
  containerCommit,
  containerCopy,
} from './containerCommits';

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
  /** `docker commit`: what `docker cp` put into the committed container before. */
  copies?: ContainerCopy[];
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
      text.includes('mlflow')) ||
    (text.includes('docker cp') && text.includes('commit'))
  );
}

/** MLflow's image name when `build-docker` is given none. */
const MLFLOW_DEFAULT_IMAGE = 'mlflow-pyfunc-servable';
/** Where `generate-dockerfile` writes when given no `-d`. */
const MLFLOW_DEFAULT_DOCKERFILE_DIR = 'mlflow-dockerfile';

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
  /** `docker cp` into containers, waiting for the `docker commit` that makes an image of them. */
  copies: ContainerCopy[];
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
    readDockerCommand(command, words.slice(1), cwd, options, expand, walk);
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
  command: ShellCommand,
  args: string[],
  cwd: string[],
  options: SequenceOptions,
  expand: (word: string) => string | undefined,
  walk: Walk,
): void {
  let rest = args;
  if (rest[0] === 'image' || rest[0] === 'buildx' || rest[0] === 'container')
    rest = rest.slice(1);
  if (rest[0] === 'cp') {
    const copy = containerCopy(rest.slice(1), command.line, expand);
    if (copy && walk.copies.length < MAX_COMMANDS) walk.copies.push(copy);
    return;
  }
  if (rest[0] === 'commit') {
    const commit = containerCommit(rest.slice(1), expand);
    const copies = walk.copies.filter(c => c.container === commit?.container);
    if (copies.length === 0 || walk.commands.length >= MAX_COMMANDS) return;
    walk.commands.push({
      tool: 'docker',
      text: command.words.join(' '),
      line: command.line,
      cwd: cwd[0],
      images: commit?.image === undefined ? [] : names([commit.image], expand),
      copies,
    });
    return;
  }
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
  const walk: Walk = { commands: [], dockerfileDirs: [], copies: [] };
  let carried: string[] = [];
  const variables = new Map<string, string>();
  runs.forEach((run, index) => {
    let cwd = options.carryCwd && index > 0 ? carried : run.cwd;
    if (!options.carryCwd) variables.clear();
    const lookup = (name: string) => variables.get(name) ?? run.env?.get(name);
    const expand = (word: string) => expandWord(word, lookup);
    for (const command of commandsInOrder(run.script, variables, expand)) {
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
