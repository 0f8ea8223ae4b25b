import { joinPath } from '../paths';
import { commandsInOrder } from '../shell/commandsInOrder';
import { expandWord } from '../shell/expandWord';
import { ShellCommand } from '../shell/shellScript';
import {
  all,
  DOCKER_BUILD_VALUED,
  first,
  readOptions,
  toolName,
} from './commandOptions';
import { ScriptRun } from './packagingCommands';

/**
 * The `docker build` and `docker run` commands of a sequence of shell
 * scripts (a script, a CI job's steps, a README's shell blocks): which
 * Dockerfile an image name is built from, and what a script starts an
 * image with. Read in order, with the variables set before each command
 * and the folder a `cd` leads to.
 */

/** An image reference split into its name (no registry default) and tag. */
export interface ImageRef {
  name: string;
  tag?: string;
}

export interface DockerBuild {
  line: number;
  /** Repository paths the Dockerfile may be, most likely first. */
  dockerfiles: string[];
  images: ImageRef[];
}

export interface DockerRun {
  line: number;
  image: ImageRef;
  /** The command given after the image (empty: the image's own). */
  command: ShellCommand;
  /** The `-v`/`--volume` values as written (`$(pwd)/models:/models:ro`). */
  volumes?: string[];
  /** Variables set before the command in the script, to expand its words. */
  lookup(name: string): string | undefined;
}

/** `docker run` options that take a value (the next word unless `--opt=value`). */
const RUN_VALUED = new Set([
  '-v',
  '--volume',
  '-p',
  '--publish',
  '-e',
  '--env',
  '--env-file',
  '--name',
  '--gpus',
  '--shm-size',
  '-w',
  '--workdir',
  '--network',
  '--net',
  '--entrypoint',
  '--mount',
  '-u',
  '--user',
  '--restart',
  '-m',
  '--memory',
  '--cpus',
  '--runtime',
  '--device',
  '-l',
  '--label',
  '--platform',
  '--add-host',
  '--ipc',
  '-h',
  '--hostname',
  '--link',
  '--log-driver',
  '--ulimit',
  '--cap-add',
  '--security-opt',
  '--pull',
  '--volumes-from',
]);

/** `docker.io/library/acme:1` → `{ name: 'acme', tag: '1' }`; undefined for unresolved or placeholder names. */
export function imageRef(reference: string): ImageRef | undefined {
  let text = reference.trim();
  if (text === '' || /[${}\s<>[\]]/.test(text)) return undefined;
  const at = text.indexOf('@');
  if (at >= 0) text = text.slice(0, at);
  let tag: string | undefined;
  const colon = text.lastIndexOf(':');
  if (colon > text.lastIndexOf('/')) {
    tag = text.slice(colon + 1);
    text = text.slice(0, colon);
  }
  const name = text
    .toLowerCase()
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
  if (!/^[a-z0-9][a-z0-9._/:-]*$/.test(name)) return undefined;
  return tag ? { name, tag } : { name };
}

const lastPart = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/**
 * Does a `FROM` or run reference name an image a command builds? The same
 * name, or the same last part when one side has no namespace or both say
 * the same tag: a README builds `local/llm-base:v1` that the Dockerfile
 * pulls as `team/llm-base:v1` once pushed.
 */
export function sameImage(used: ImageRef, built: ImageRef): boolean {
  const tagsAgree =
    used.tag === undefined || built.tag === undefined || used.tag === built.tag;
  if (!tagsAgree) return false;
  if (used.name === built.name) return true;
  if (lastPart(used.name) !== lastPart(built.name)) return false;
  const bare = !used.name.includes('/') || !built.name.includes('/');
  return bare || (used.tag !== undefined && used.tag === built.tag);
}

/** The paths a relative path may mean, most likely first: from each folder the command may run in, the file's folder, the root. */
function candidates(path: string, cwd: string[], fileFolder: string): string[] {
  const found: string[] = [];
  for (const base of [...cwd, fileFolder, '']) {
    const joined = joinPath(base, path.replace(/^\.\//, ''));
    if (joined !== undefined && !found.includes(joined)) found.push(joined);
  }
  return found;
}

function readBuild(
  args: string[],
  line: number,
  cwd: string[],
  fileFolder: string,
  expand: (word: string) => string | undefined,
): DockerBuild | undefined {
  const parsed = readOptions(args, DOCKER_BUILD_VALUED);
  const images = all(parsed, '-t', '--tag')
    .map(tag => expand(tag))
    .flatMap(tag => (tag === undefined ? [] : imageRef(tag) ?? []));
  if (images.length === 0) return undefined;
  const contextWord = parsed.positional[parsed.positional.length - 1];
  const context = contextWord === undefined ? undefined : expand(contextWord);
  if (context === undefined || /^[a-z]+:\/\//i.test(context)) return undefined;
  const fileWord = first(parsed, '-f', '--file');
  const file = fileWord === undefined ? undefined : expand(fileWord);
  if (fileWord !== undefined && file === undefined) return undefined;
  // `-f` is read from the folder the command runs in; the default is the context's Dockerfile.
  const dockerfiles =
    file !== undefined
      ? candidates(file, cwd, fileFolder)
      : candidates(context, cwd, fileFolder).flatMap(
          folder => joinPath(folder, 'Dockerfile') ?? [],
        );
  return { line, dockerfiles, images };
}

function readRun(
  args: string[],
  command: ShellCommand,
  lookup: (name: string) => string | undefined,
  expand: (word: string) => string | undefined,
): DockerRun | undefined {
  let i = 0;
  const volumes: string[] = [];
  while (i < args.length && args[i].startsWith('-')) {
    const word = args[i];
    const valued = RUN_VALUED.has(word) && !word.includes('=');
    if (word === '-v' || word === '--volume') {
      if (args[i + 1] !== undefined) volumes.push(args[i + 1]);
    } else if (word.startsWith('--volume=')) {
      volumes.push(word.slice('--volume='.length));
    }
    i += valued ? 2 : 1;
  }
  const reference = args[i] === undefined ? undefined : expand(args[i]);
  const image = reference === undefined ? undefined : imageRef(reference);
  if (!image) return undefined;
  return {
    line: command.line,
    image,
    command: { ...command, words: args.slice(i + 1) },
    volumes,
    lookup,
  };
}

/** Most commands kept per file. */
const MAX_COMMANDS = 100;

/** The `docker build -t` and `docker run` commands of a sequence of scripts. */
export function dockerCommands(
  runs: ScriptRun[],
  fileFolder: string,
): { builds: DockerBuild[]; runs: DockerRun[] } {
  const builds: DockerBuild[] = [];
  const started: DockerRun[] = [];
  for (const run of runs) {
    const variables = new Map<string, string>();
    const lookup = (name: string) => variables.get(name) ?? run.env?.get(name);
    const expand = (word: string) => expandWord(word, lookup);
    let cwd = run.cwd;
    for (const command of commandsInOrder(run.script, variables, expand)) {
      const words = command.words;
      const head = toolName(words[0]);
      if (head === 'cd' && words[1] !== undefined) {
        const target = expand(words[1]);
        cwd =
          target === undefined || /^[~/]/.test(target)
            ? []
            : cwd.flatMap(folder => joinPath(folder, target) ?? []);
        continue;
      }
      if (head !== 'docker' && head !== 'podman') continue;
      let rest = words.slice(1);
      if (
        rest[0] === 'image' ||
        rest[0] === 'buildx' ||
        rest[0] === 'container'
      )
        rest = rest.slice(1);
      if (builds.length + started.length >= MAX_COMMANDS) break;
      if (rest[0] === 'build') {
        const build = readBuild(
          rest.slice(1),
          command.line,
          cwd,
          fileFolder,
          expand,
        );
        if (build) builds.push(build);
      } else if (rest[0] === 'run') {
        // The variables as they are at this line, for the command's words.
        const snapshot = new Map(variables);
        const at = (name: string) => snapshot.get(name) ?? run.env?.get(name);
        const found = readRun(rest.slice(1), command, at, expand);
        if (found) started.push(found);
      }
    }
  }
  return { builds, runs: started };
}
