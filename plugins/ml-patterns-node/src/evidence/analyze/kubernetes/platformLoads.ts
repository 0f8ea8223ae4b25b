import { ContainerFacts, WorkloadFacts } from '../../types';
import { commandWords, flagValues } from '../context/serverArguments';
import { FileTree } from '../paths';
import { chartFolderOf, lookUpValue, templateReference } from './helmValues';
import { hubModelAtStart } from './hubModelServers';
import { ConfigMapData, containerVariable } from './configMapEnv';

/**
 * Model-load by the server or the platform, read from the workloads of
 * Kubernetes manifests, Helm charts and compose files once every file is
 * read: a text-generation server started with a hub model id downloads
 * it at start, and a Triton server on a remote model repository
 * (`s3://`, `gs://`, `as://`) pulls its models from storage at start.
 */

/** How far below a container's image line its command may be written. */
const MAX_CONTAINER_LINES = 200;

/**
 * The line, at or below `from`, where a container writes `word`: the line
 * of a flag or argument in the source (the facts keep only the
 * container's line).
 */
function lineOfWord(
  lines: string[] | undefined,
  from: number | undefined,
  word: string,
): number | undefined {
  if (!lines || from === undefined || word === '') return undefined;
  const last = Math.min(lines.length, from - 1 + MAX_CONTAINER_LINES);
  for (let i = Math.max(from - 1, 0); i < last; i++) {
    if (containsWord(lines[i], word)) return i + 1;
  }
  return undefined;
}

/** `word` stands on its own in the line (not inside `--model-id` or `server`). */
function containsWord(line: string, word: string): boolean {
  const isPart = (c: string | undefined) =>
    c !== undefined && (/\w/.test(c) || c === '-' || c === '.');
  for (let at = line.indexOf(word); at >= 0; at = line.indexOf(word, at + 1)) {
    if (!isPart(line[at - 1]) && !isPart(line[at + word.length])) return true;
  }
  return false;
}

/** The line holding the value given after `anchorLine` (same line or the next one). */
function valueLine(
  lines: string[] | undefined,
  anchorLine: number | undefined,
  value: string,
  templated: boolean,
): number | undefined {
  if (!lines || anchorLine === undefined) return anchorLine;
  const holds = (line: string | undefined) =>
    line !== undefined &&
    (templated ? line.includes('{{') : line.includes(value));
  if (holds(lines[anchorLine - 1])) return anchorLine;
  if (holds(lines[anchorLine])) return anchorLine + 1;
  return anchorLine;
}

export function addPlatformLoads(
  workloads: WorkloadFacts[],
  tree: FileTree,
  textOf: (path: string) => string | undefined,
  configMaps: readonly ConfigMapData[] = [],
): void {
  const linesCache = new Map<string, string[] | undefined>();
  const linesOf = (path: string) => {
    if (!linesCache.has(path)) linesCache.set(path, textOf(path)?.split('\n'));
    return linesCache.get(path);
  };
  for (const workload of workloads) {
    const lines = linesOf(workload.path);
    for (const container of workload.containers) {
      remoteModelRepository(workload, container, lines, configMaps);
      hubModel(workload, container, lines, tree, textOf);
    }
  }
}

/** Flags naming the folder of models a model server reads (Triton, TorchServe, TF Serving). */
const MODEL_REPOSITORY_FLAGS = [
  '--model-repository',
  '--model-store',
  '--model_base_path',
];

const REMOTE_STORE = /^(s3|gs|as|https?):\/\//i;

/** A Kubernetes dependent variable written alone: `$(MODEL_PATH)`. */
const DEPENDENT_VARIABLE = /^\$\(([A-Za-z_][\w.-]{0,100})\)$/;

/**
 * A model server whose model folder (`--model_base_path`,
 * `--model-repository`) is remote storage reads its models from there
 * when it starts: written in the arguments, or as `$(VARIABLE)` whose
 * value is the container's env or a ConfigMap entry it takes.
 */
function remoteModelRepository(
  workload: WorkloadFacts,
  container: ContainerFacts,
  lines: string[] | undefined,
  configMaps: readonly ConfigMapData[],
): void {
  if (workload.storageUri) return;
  const words = commandWords(container.command);
  for (const flag of MODEL_REPOSITORY_FLAGS) {
    for (const written of flagValues(words, [flag])) {
      const value = written.trim();
      const variable = DEPENDENT_VARIABLE.exec(value)?.[1];
      const resolved = variable
        ? containerVariable(container, variable, configMaps)
        : undefined;
      const repository = resolved?.value.trim() ?? value;
      if (!REMOTE_STORE.test(repository)) continue;
      const argumentLine =
        lineOfWord(lines, container.line ?? workload.line, value) ??
        container.line ??
        workload.line;
      if (!resolved) {
        workload.storageUri = {
          path: workload.path,
          line: argumentLine,
          value: repository,
          via: `${container.name} model repository`,
        };
      } else {
        const at = `${flag}=${value}`;
        workload.storageUri = {
          path: resolved.path ?? workload.path,
          line: resolved.line ?? argumentLine,
          value: repository,
          via: resolved.from
            ? `${container.name} ${at} (${workload.path}:${argumentLine}) reads ${resolved.from} =`
            : `${container.name} ${at} (${workload.path}:${argumentLine}) reads env ${variable} =`,
        };
      }
      return;
    }
  }
}

function hubModel(
  workload: WorkloadFacts,
  container: ContainerFacts,
  lines: string[] | undefined,
  tree: FileTree,
  textOf: (path: string) => string | undefined,
): void {
  if (container.downloadsModel) return;
  const start = hubModelAtStart(container);
  if (!start) return;
  const from = container.line ?? workload.line;
  let line: number | undefined;
  if (start.given.startsWith('env ')) {
    line = container.env.find(e => `env ${e.name}` === start.given)?.line;
    // An env item's line is its `- name:`; the template to read is on its `value:` line.
    if (start.templated) line = valueLine(lines, line, start.value, true);
  } else {
    const anchor = start.given.endsWith(' argument')
      ? start.given.slice(0, -' argument'.length)
      : start.given;
    line = valueLine(
      lines,
      lineOfWord(lines, from, anchor),
      start.value,
      start.templated,
    );
  }
  let description = start.description;
  if (start.templated && line !== undefined && lines) {
    const reference = templateReference(lines[line - 1] ?? '');
    const chart = chartFolderOf(workload.path, p => tree.hasFile(p));
    let valuesPath: string | undefined;
    if (chart !== undefined)
      valuesPath = chart ? `${chart}/values.yaml` : 'values.yaml';
    const valuesText = valuesPath ? textOf(valuesPath) : undefined;
    const found =
      reference && valuesPath && valuesText !== undefined
        ? lookUpValue(valuesPath, valuesText, reference)
        : undefined;
    if (found) {
      if (found.value.startsWith('/') || found.value.startsWith('./')) return;
      description = `${start.server} downloads the hub model ${found.value} when it starts (${start.given}; ${found.path}:${found.line} ${found.key})`;
    }
  }
  container.downloadsModel = {
    path: workload.path,
    line: line ?? from,
    description: `container ${container.name}: ${description}`,
    configuredBy: start.configuredBy,
  };
}
