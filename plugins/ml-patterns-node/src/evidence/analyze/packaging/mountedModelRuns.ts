import type { EvidenceProblem, SourceLine } from '../../facts/sourceLines';
import { flagValues } from '../context/serverArguments';
import { modelServerOfImage } from '../docker/modelServerImage';
import { isUnder } from '../paths';
import { commandSequences, isCommandFile } from './commandFiles';
import { dockerCommands, DockerRun } from './dockerCommands';

/**
 * `docker run -v $(pwd)/model_repository:/models nvcr.io/nvidia/tritonserver`:
 * a script, CI step or the documentation starts a stock model-server image
 * with a host folder mounted where the server reads its models. The models
 * reach the server when the container starts (Model-load), not with an
 * image.
 */
export type ModelMountRun = SourceLine & { description: string };

/** Flags naming the folder a model server reads its models from. */
const MODEL_FOLDER_FLAGS = [
  '--model-repository',
  '--model-store',
  '--model_base_path',
  '--model-dir',
  '--model_dir',
  '--model-path',
  '--model_path',
];

/** Most files read for runs. */
const MAX_FILES = 200;

const normalized = (path: string) => path.split('/').filter(Boolean).join('/');

/**
 * The host side of a bind mount (`$(pwd)/models`, `./models`, `/data/models`);
 * undefined for a named volume (`models:/models`) or an unreadable value.
 */
function bindMount(
  volume: string,
): { host: string; target: string } | undefined {
  const parts = volume.split(':');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [host, target] = parts;
  if (!target.startsWith('/')) return undefined;
  const bind =
    /^(?:\$\(pwd\)|\$\{?PWD\}?|`pwd`|\.{1,2}|~)(?:\/|$)/.test(host) ||
    host.startsWith('/');
  return bind ? { host, target } : undefined;
}

/**
 * The mount (of `volumes`, in `host:target` form) that puts a folder where a
 * stock model-server image reads its models; `words` is its start command.
 */
export function modelFolderMount(
  image: string,
  words: readonly string[],
  volumes: readonly string[],
):
  | {
      server: string;
      host: string;
      target: string;
      read: string;
      index: number;
    }
  | undefined {
  const server = modelServerOfImage(image);
  if (!server) return undefined;
  const given = flagValues(words, MODEL_FOLDER_FLAGS).filter(v =>
    v.startsWith('/'),
  );
  const folders = given.length > 0 ? given : server.modelPaths;
  for (const [index, volume] of volumes.entries()) {
    const mount = bindMount(volume);
    if (!mount) continue;
    const target = normalized(mount.target);
    if (target === '') continue;
    const read = folders.find(folder => isUnder(normalized(folder), target));
    if (read) return { server: server.server, ...mount, read, index };
  }
  return undefined;
}

/** The mount of a run of a model-server image that holds the server's models. */
function modelMount(run: DockerRun): string | undefined {
  const mount = modelFolderMount(
    run.image.name,
    run.command.words,
    run.volumes ?? [],
  );
  return mount
    ? `docker run of the ${mount.server} image ${run.image.name} mounts ${mount.host} at ${mount.target}, where the server reads its models (${mount.read}): the models are supplied when the container starts`
    : undefined;
}

/** Runs of stock model-server images with the models mounted, in the scripts and documentation of a tree. */
export function mountedModelRuns(
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
): ModelMountRun[] {
  const found: ModelMountRun[] = [];
  let read = 0;
  for (const path of paths) {
    if (!isCommandFile(path)) continue;
    const text = textOf(path);
    if (text === undefined || !/\b(?:docker|podman)\s+run\b/.test(text))
      continue;
    if (++read > MAX_FILES) break;
    for (const sequence of commandSequences(path, text, '', problems)) {
      for (const run of dockerCommands(sequence.runs, '').runs) {
        const description = modelMount(run);
        if (description)
          found.push({
            path,
            line: run.line,
            description: sequence.documented
              ? `${description} (from the documentation: weaker evidence than a script or CI step)`
              : description,
          });
      }
    }
  }
  return found;
}
