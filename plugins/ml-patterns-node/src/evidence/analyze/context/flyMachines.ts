import { parse as parseToml, TomlError } from 'smol-toml';
import {
  ContainerFacts,
  EnvVar,
  EvidenceProblem,
  WorkloadFacts,
} from '../../types';
import { countModels } from '../containers';
import { pythonScriptOf, scriptOf } from '../docker/imageCommands';
import { pythonScriptFetch } from '../docker/pythonScriptFetch';
import { baseName, dirName, joinPath } from '../paths';
import { commandFetchesModel } from '../shell/modelFetch';
import {
  commandsOfArgv,
  parseShellScript,
  ShellCommand,
} from '../shell/shellScript';
import { problemMessage } from '../text';

/**
 * A Fly.io app configuration (`fly.toml`, `fly.<env>.toml`): each process
 * group is a machine started with the command the file gives
 * (`[processes]`, else `[experimental] cmd`/`entrypoint`), which replaces
 * the image's own. A start script that fetches a model before it starts
 * the server (`python download_model.py` when the volume lacks it) makes
 * the machine get its model when it starts (Model-load), whatever image it
 * runs. Scripts are read from the repository: where `[[files]]` puts a
 * file of it, else the path as written, near the configuration. A start
 * command that fetches no model (and names none) is no such evidence: it
 * only tells which process the machine runs.
 */

export function isFlyConfig(path: string): boolean {
  return /^fly(?:\.[\w-]{1,40})?\.toml$/.test(baseName(path));
}

/** Most levels of scripts running scripts followed. */
const MAX_DEPTH = 3;

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every(v => typeof v === 'string')
    ? (value as string[])
    : undefined;

/** The 1-based line of `key =` in `[section]` (the first after its header), else the header's. */
function lineOf(lines: string[], section: string, key?: string): number {
  let inSection = false;
  let header = 1;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed.startsWith('[')) {
      // `[experimental]`, `[[mounts]]`, `[env] # comment`.
      const opened = trimmed.replace(/^\[+/, '');
      const name = opened.slice(0, opened.indexOf(']')).trim();
      inSection = name === section;
      if (inSection) header = i + 1;
      continue;
    }
    if (inSection && key !== undefined) {
      const equals = trimmed.indexOf('=');
      if (equals > 0 && trimmed.slice(0, equals).trim() === key) return i + 1;
    }
  }
  return header;
}

/** A command as the machine runs it: a string through a shell, an array as argv. */
function commandsOf(value: unknown, line: number): ShellCommand[] {
  if (typeof value === 'string')
    return parseShellScript(value, { firstLine: line }).commands;
  const argv = strings(value);
  return argv ? commandsOfArgv(argv, line).commands : [];
}

/** What a fly.toml's start commands fetch, read through the scripts they run. */
class StartReader {
  constructor(
    private readonly folder: string,
    /** `[[files]]`: machine path → repository path. */
    private readonly placed: Map<string, string>,
    private readonly textOf: (path: string) => string | undefined,
  ) {}

  /** The repository file a path of the machine is (`[[files]]`, else the longest suffix found near the configuration). */
  resolve(written: string): string | undefined {
    const clean = written.replace(/^\.\//, '');
    for (const [guest, local] of this.placed) {
      if (guest === written || guest.endsWith(`/${clean}`)) return local;
    }
    const segments = clean.split('/').filter(s => s !== '' && s !== '.');
    for (let i = 0; i < segments.length; i++) {
      const path = joinPath(this.folder, segments.slice(i).join('/'));
      if (path !== undefined && this.textOf(path) !== undefined) return path;
    }
    return undefined;
  }

  /** The first model fetch of these commands: where, and what. */
  fetch(
    commands: ShellCommand[],
    path: string,
    depth = 0,
  ): { path: string; line: number; description: string } | undefined {
    for (const command of commands) {
      const python = pythonScriptOf(command);
      const pythonPath = python ? this.resolve(python) : undefined;
      const pythonText = pythonPath ? this.textOf(pythonPath) : undefined;
      if (pythonPath && pythonText !== undefined) {
        const found = pythonScriptFetch(pythonText);
        if (found)
          return {
            path: pythonPath,
            line: found.line,
            description: `${found.description} in ${pythonPath}, run at start by ${path}:${command.line}`,
          };
        continue;
      }
      const script = scriptOf(command);
      const scriptPath = script ? this.resolve(script) : undefined;
      const scriptText = scriptPath ? this.textOf(scriptPath) : undefined;
      if (scriptPath && scriptText !== undefined && depth < MAX_DEPTH) {
        const found = this.fetch(
          parseShellScript(scriptText).commands,
          scriptPath,
          depth + 1,
        );
        if (found) return found;
        continue;
      }
      const direct = commandFetchesModel(command);
      if (direct)
        return {
          path,
          line: command.line,
          description: `${direct.description}: ${command.words.join(' ')}`,
        };
    }
    return undefined;
  }
}

/** A machine the configuration starts with a command of its own. */
export interface FlyStart {
  name: string;
  /** The line of the command in the configuration. */
  line: number;
  commands: ShellCommand[];
  /** The commands as one line, as a container's command is written. */
  command?: string;
  image?: string;
  env: EnvVar[];
}

interface FlyConfig {
  starts: FlyStart[];
  reader: StartReader;
}

/** The machines a Fly.io configuration starts with a command of its own; undefined when it does not parse. */
function readFlyConfig(
  path: string,
  text: string,
  textOf: (path: string) => string | undefined,
  problems?: EvidenceProblem[],
): FlyConfig | undefined {
  let config: Table;
  try {
    config = parseToml(text) as Table;
  } catch (error) {
    problems?.push({
      path,
      line: error instanceof TomlError ? error.line : undefined,
      message: `invalid TOML: ${problemMessage(error)}`,
    });
    return undefined;
  }
  const lines = text.split('\n');
  const folder = dirName(path);
  const placed = new Map<string, string>();
  for (const file of Array.isArray(config.files) ? config.files : []) {
    if (!isTable(file)) continue;
    const { guest_path: guest, local_path: local } = file;
    const repoPath =
      typeof local === 'string'
        ? joinPath(folder, local.replace(/^\.\//, ''))
        : undefined;
    if (typeof guest === 'string' && repoPath !== undefined)
      placed.set(guest, repoPath);
  }
  const written: Array<{ name: string; line: number; command: unknown }> = [];
  if (isTable(config.processes)) {
    for (const [name, command] of Object.entries(config.processes))
      written.push({ name, line: lineOf(lines, 'processes', name), command });
  } else if (isTable(config.experimental)) {
    const experimental = config.experimental;
    // `entrypoint` replaces the image's ENTRYPOINT (and runs first), `cmd` its CMD.
    const key = ['entrypoint', 'cmd'].find(k => experimental[k] !== undefined);
    if (key)
      written.push({
        name: typeof config.app === 'string' ? config.app : 'app',
        line: lineOf(lines, 'experimental', key),
        command: experimental[key],
      });
  }
  const build = isTable(config.build) ? config.build : {};
  const image = typeof build.image === 'string' ? build.image : undefined;
  const env = Object.entries(isTable(config.env) ? config.env : {})
    .filter(([, value]) => typeof value === 'string')
    .map(([name, value]) => ({
      name,
      value: value as string,
      line: lineOf(lines, 'env', name),
    }));
  const starts = written.map(start => {
    const commands = commandsOf(start.command, start.line);
    return {
      name: start.name,
      line: start.line,
      commands,
      command: commands.map(c => c.words.join(' ')).join('; ') || undefined,
      image,
      env,
    };
  });
  return { starts, reader: new StartReader(folder, placed, textOf) };
}

/**
 * The machines a Fly.io configuration starts with a command of its own
 * (see `flyMachines`), parse problems left to it: for reading the
 * processes they start.
 */
export function flyStarts(
  path: string,
  text: string,
  textOf: (path: string) => string | undefined,
): FlyStart[] {
  return readFlyConfig(path, text, textOf)?.starts ?? [];
}

/**
 * The machines a Fly.io configuration starts with a command that fetches a
 * model or names the models it serves, as workloads. A machine whose start
 * fetches no model says nothing of how the model arrives: the process it
 * starts is read with the others (see `flyStarts`), and it is no
 * deployment whose readiness the release is judged by.
 */
export function flyMachines(
  path: string,
  text: string,
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
): WorkloadFacts[] {
  const config = readFlyConfig(path, text, textOf, problems);
  if (!config) return [];
  const workloads: WorkloadFacts[] = [];
  for (const start of config.starts) {
    const container: ContainerFacts = {
      name: start.name,
      image: start.image,
      line: start.line,
      env: start.env,
      command: start.command,
    };
    const fetch = config.reader.fetch(start.commands, path);
    if (fetch)
      container.downloadsModel = {
        path: fetch.path,
        line: fetch.line,
        description: `${fetch.description}, which ${path}:${start.line} starts the machine with`,
      };
    const counted = countModels([container], path);
    if (!fetch && counted.count === null && !counted.multiModel) continue;
    workloads.push({
      path,
      line: start.line,
      kind: 'other',
      name: start.name,
      containers: [container],
      initContainers: [],
      modelsLoaded: counted.count,
      modelsLoadedEvidence: counted.evidence,
      multiModel: counted.multiModel,
    });
  }
  return workloads;
}
