import type {
  ModelIntoImage,
  ModelLoaderFacts,
  WorkloadFacts,
} from '../../types';
import { isPlatformModelMount } from '../kubernetes/platformModelMount';
import { ParsedDockerfile } from '../dockerfile';
import { baseName, dirName } from '../paths';
import { isUnderImagePath, normaliseImagePath } from './imagePaths';
import { finalChain } from './stageLineage';

/**
 * A load of a file in a serving platform's model mount (`/mnt/models`,
 * which KServe's storage initializer fills at start) reads what the image
 * holds there when nothing mounts over it: the image's build writes that
 * very file (a RUN step training a model and moving it there), and no
 * workload of the repository has the platform fill the folder (a
 * `storageUri`, a model volume) nor does the image declare a VOLUME over
 * it. Such a load fetches nothing when the server starts, and the RUN step
 * that writes the file puts the model in the image (returned as such). The
 * path is the load's literal, or the image's ENV of the variable the load
 * reads.
 */
export function buildFilledPlatformMounts(
  dockerfile: string,
  parsed: ParsedDockerfile,
  loaders: readonly ModelLoaderFacts[],
  workloads: readonly WorkloadFacts[],
): ModelIntoImage[] {
  const found: ModelIntoImage[] = [];
  if (workloads.some(platformFills)) return found;
  const chain = finalChain(parsed).map(index => parsed.stages[index]);
  for (const loader of loaders) {
    if (!loader.downloads || loader.fetchedBy !== undefined) continue;
    const path = readPath(loader, chain);
    if (path === undefined || !isPlatformModelMount(path)) continue;
    if (
      chain.some(stage =>
        stage.volumes.some(v => isUnderImagePath(path, v.path)),
      )
    )
      continue;
    const run = chain
      .flatMap(stage => stage.run)
      .find(step => writes(step.command, path));
    if (!run) continue;
    loader.downloads = false;
    found.push({
      path: dockerfile,
      line: run.line,
      via: 'download-in-build',
      source: `the build writes ${path}, which ${loader.path}:${loader.line} loads (${loader.call}); nothing mounts over it`,
    });
  }
  return found;
}

/** A workload whose platform or volumes put the model in place at start. */
function platformFills(workload: WorkloadFacts): boolean {
  return (
    workload.storageUri !== undefined ||
    [...workload.containers, ...workload.initContainers].some(
      container => container.modelVolume !== undefined,
    )
  );
}

/** The image path the load reads: its literal, or the last ENV of its variable in the image. */
function readPath(
  loader: ModelLoaderFacts,
  chain: ParsedDockerfile['stages'],
): string | undefined {
  if (loader.target !== undefined)
    return loader.target.startsWith('/') ? loader.target : undefined;
  const key = loader.configKey;
  if (key === undefined) return undefined;
  const env = chain
    .map(stage => stage.env.filter(e => e.name === key).pop())
    .filter(e => e !== undefined)
    .pop();
  return env && env.value.startsWith('/') && !env.value.includes('$')
    ? env.value
    : undefined;
}

/**
 * Whether a RUN command names the file as a word of its own (`mv
 * model.joblib /mnt/models/model.joblib`), or its folder beside a word
 * ending in its file name (`cp out/model.joblib /mnt/models/`).
 */
function writes(command: string, path: string): boolean {
  const file = normaliseImagePath(path);
  const folder = dirName(file);
  const name = baseName(file);
  const words = command
    .split(/\s+/)
    .map(word => word.replace(/^["']|["';]$/g, ''))
    .filter(word => word !== '');
  const at = (word: string) =>
    word.startsWith('/') ? normaliseImagePath(word) : undefined;
  if (words.some(word => at(word) === file)) return true;
  return (
    words.some(word => at(word) === folder) &&
    words.some(word => baseName(word) === name)
  );
}
