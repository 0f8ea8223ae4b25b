import { parse as parseToml, TomlError } from 'smol-toml';
import { ContainerFacts, EvidenceProblem, WorkloadFacts } from '../../types';
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
 * file of it, else the path as written, near the configuration.
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

/** The machines a Fly.io configuration starts with a command of its own, as workloads. */
export function flyMachines(
  path: string,
  text: string,
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
): WorkloadFacts[] {
  let config: Table;
  try {
    config = parseToml(text) as Table;
  } catch (error) {
    problems.push({
      path,
      line: error instanceof TomlError ? error.line : undefined,
      message: `invalid TOML: ${problemMessage(error)}`,
    });
    return [];
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
  const starts: Array<{ name: string; line: number; command: unknown }> = [];
  if (isTable(config.processes)) {
    for (const [name, command] of Object.entries(config.processes))
      starts.push({ name, line: lineOf(lines, 'processes', name), command });
  } else if (isTable(config.experimental)) {
    const experimental = config.experimental;
    // `entrypoint` replaces the image's ENTRYPOINT (and runs first), `cmd` its CMD.
    const key = ['entrypoint', 'cmd'].find(k => experimental[k] !== undefined);
    if (key)
      starts.push({
        name: typeof config.app === 'string' ? config.app : 'app',
        line: lineOf(lines, 'experimental', key),
        command: experimental[key],
      });
  }
  if (starts.length === 0) return [];
  const build = isTable(config.build) ? config.build : {};
  const image = typeof build.image === 'string' ? build.image : undefined;
  const env = Object.entries(isTable(config.env) ? config.env : {})
    .filter(([, value]) => typeof value === 'string')
    .map(([name, value]) => ({
      name,
      value: value as string,
      line: lineOf(lines, 'env', name),
    }));
  const reader = new StartReader(folder, placed, textOf);
  return starts.map(start => {
    const commands = commandsOf(start.command, start.line);
    const container: ContainerFacts = {
      name: start.name,
      image,
      line: start.line,
      env,
      command: commands.map(c => c.words.join(' ')).join('; ') || undefined,
    };
    const fetch = reader.fetch(commands, path);
    if (fetch)
      container.downloadsModel = {
        path: fetch.path,
        line: fetch.line,
        description: `${fetch.description}, which ${path}:${start.line} starts the machine with`,
      };
    const counted = countModels([container], path);
    return {
      path,
      line: start.line,
      kind: 'other',
      name: start.name,
      containers: [container],
      initContainers: [],
      modelsLoaded: counted.count,
      modelsLoadedEvidence: counted.evidence,
      multiModel: counted.multiModel,
    };
  });
}
