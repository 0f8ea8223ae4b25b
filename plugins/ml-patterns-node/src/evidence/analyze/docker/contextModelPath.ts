import { ModelIntoImage, ModelLoaderFacts, SourceLine } from '../../types';
import type { ConfigFileValue } from '../python/configFileValues';
import { ParsedStage } from '../dockerfile';
import { isModelFilePath } from '../modelFiles';
import { baseName, dirName, FileTree, isUnder, joinPath } from '../paths';
import {
  copyDestination,
  isUnderImagePath,
  normaliseImagePath,
} from './imagePaths';

/**
 * `COPY . .` (or `COPY . /app`) of a build context that holds the path the
 * server loads its model from: the model is in the image if it is in the
 * context when the image is built. When git holds that file, the model's
 * load says it is a model whatever its name (`.sav`, `.dat`, no
 * extension), and it is in the image. Otherwise weaker evidence than a
 * COPY naming the model: it is there only if the build puts it there first
 * (a training step, a download before `docker build`).
 */
export interface ContextModelInput {
  dockerfile: string;
  /** Build context folder (`` = root). */
  context: string;
  tree: FileTree;
  /** Whether a repository path is sent to the build (not in .dockerignore). */
  shipped(path: string): boolean;
  /** Stages of the final image, base first. */
  stages: ParsedStage[];
  /** Folder the server runs in (WORKDIR of its command). */
  runDir: string;
  loaders: ModelLoaderFacts[];
  /** The `.gitignore` line that keeps a repository path out of git by naming it. */
  gitIgnored?(path: string): SourceLine | undefined;
  /** Whether a Python module's own code fetches a model over the network. */
  fetchesModelIn?(path: string): boolean;
  /** The path a configured load reads, as the configuration file its module names writes it. */
  configFilePath?(loader: ModelLoaderFacts): ConfigFileValue | undefined;
}

const REMOTE = /^[a-z][a-z0-9+]*:\/\//i;

/** Scripts that train, evaluate, test or convert a model (their loads are not the server's). */
const NOT_SERVING_SCRIPT =
  /^(?:train|training|eval|evaluate|evaluation|test|benchmark|export|convert|prepare|preprocess)[\w-]*\.py$|_test\.py$/i;

/**
 * The repository folder a COPY brings in whole: the build context
 * (`COPY . .`) or one folder of it (`COPY app/ /srv/app`, one source).
 */
function copiedFolder(
  copy: ParsedStage['copies'][number],
  input: ContextModelInput,
): string | undefined {
  if (copy.from) return undefined;
  const sources = copy.sources.map(s => s.trim());
  if (sources.some(s => ['.', './', '*', './*'].includes(s)))
    return input.context;
  if (sources.length !== 1 || /[$*?[]/.test(sources[0])) return undefined;
  const folder = joinPath(input.context, sources[0]);
  if (folder === undefined || folder === input.context) return undefined;
  // A folder git does not hold (`COPY ./resources …`, filled before the
  // build): named like a folder, and sent to the build.
  const absent =
    !input.tree.exists(folder) &&
    !/\.\w{1,10}$/.test(baseName(folder)) &&
    input.shipped(folder);
  return input.tree.hasDir(folder) || absent ? folder : undefined;
}

/** The COPYs of the image that bring in a folder of the build context whole, and where. */
export function copiedFolders(input: ContextModelInput): Array<{
  copy: ParsedStage['copies'][number];
  folder: string;
  destination: string;
}> {
  return input.stages.flatMap(stage =>
    stage.copies.flatMap(copy => {
      const folder = copiedFolder(copy, input);
      return folder === undefined
        ? []
        : [{ copy, folder, destination: copyDestination(stage, copy) }];
    }),
  );
}

export function contextModelPath(
  input: ContextModelInput,
): ModelIntoImage | undefined {
  const volumes = input.stages.flatMap(s => s.volumes);
  const wholeCopies = copiedFolders(input);
  if (wholeCopies.length === 0) return undefined;
  // A load standing for several files it names (a loop over a list) is
  // read for each of them.
  const named: Array<{
    loader: ModelLoaderFacts;
    target: string;
    written?: SourceLine;
  }> = input.loaders.flatMap(loader => {
    // A configured path the configuration file of the module writes.
    const written = loader.configured
      ? input.configFilePath?.(loader)
      : undefined;
    if (written)
      return [{ loader, target: written.value, written: written.at }];
    return (
      loader.target !== undefined ? [loader.target] : loader.targets ?? []
    ).map(target => ({ loader, target: target.trim() }));
  });
  // The evidence names the model rather than a tokenizer read beside it.
  const modelsFirst = [
    ...named.filter(n => n.loader.role === 'model'),
    ...named.filter(n => n.loader.role !== 'model'),
  ];
  // A load of a committed file decides before one of a file git does not
  // hold, and only when the image holds the loading module too (a script
  // beside the copied folder is not what the image runs).
  let notCommitted: ModelIntoImage | undefined;
  const inImage = (module: string) =>
    wholeCopies.some(({ folder }) => isUnder(module, folder)) ||
    input.stages.some(stage =>
      stage.copies.some(
        copy =>
          !copy.from &&
          copy.sources.some(s => joinPath(input.context, s.trim()) === module),
      ),
    );
  for (const { loader, target, written } of modelsFirst) {
    if (
      (loader.downloads && !written) ||
      // The server fetches it (that is why git does not hold it).
      loader.fetchedBy !== undefined ||
      (loader.configured && !written) ||
      // A training or evaluation script's load is not what the server reads.
      loader.inServingCode === false ||
      NOT_SERVING_SCRIPT.test(baseName(loader.path)) ||
      // A module the build does not send (.dockerignore) is not in the image.
      (isUnder(loader.path, input.context) && !input.shipped(loader.path)) ||
      !target ||
      REMOTE.test(target) ||
      // The loading module fetches a model itself (`subprocess.run(["pget",
      // url, dest])` in `setup()`): that is why git does not hold it.
      input.fetchesModelIn?.(loader.path)
    )
      continue;
    // A model file's path, or a folder the repository keeps out of git
    // (unless the loading module also downloads: it may fill the folder
    // when the server starts, which is why git does not hold it).
    const modelFile = isModelFilePath(target);
    const fillsAtStart = input.loaders.some(
      other => other.downloads && other.path === loader.path,
    );
    if (!modelFile && fillsAtStart) continue;
    // The path as the server resolves it: against its working folder, or
    // against the loading module's folder (`Path(__file__).parent / …`).
    for (const { copy, folder, destination } of wholeCopies) {
      // (Against the module's folder only for the whole context: a folder
      // copied on its own is placed where the command's relative paths
      // may not reach.)
      const fromModule =
        folder === input.context && isUnder(loader.path, folder)
          ? normaliseImagePath(
              `${destination}/${dirName(loader.path).slice(
                folder.length,
              )}/${target}`,
            )
          : undefined;
      const candidates = target.startsWith('/')
        ? [normaliseImagePath(target)]
        : [
            normaliseImagePath(`${input.runDir}/${target}`),
            ...(fromModule ? [fromModule] : []),
          ];
      for (const imagePath of candidates) {
        if (!isUnderImagePath(imagePath, destination) || destination === '/')
          continue;
        if (volumes.some(v => isUnderImagePath(imagePath, v.path))) continue;
        const inside = imagePath.slice(destination.length + 1);
        const repoPath = joinPath(folder, inside);
        if (repoPath === undefined || !input.shipped(repoPath)) continue;
        const configured = written
          ? ` (as ${written.path}:${written.line} configures it)`
          : '';
        const copied = `${copy.sources.join(' ')} → ${destination}: ${
          folder === input.context
            ? 'the build context'
            : `the folder ${folder} of the build context`
        }`;
        if (input.tree.exists(repoPath)) {
          // A companion's file (a tokenizer, an encoder) is not the model.
          if (
            loader.role !== 'model' ||
            !input.tree.hasFile(repoPath) ||
            !inImage(loader.path)
          )
            continue;
          return {
            path: input.dockerfile,
            line: copy.line,
            via: 'directory',
            source: `${copied}, which holds ${repoPath}, the file ${loader.path}:${loader.line} loads as ${target}${configured}`,
          };
        }
        if (notCommitted) continue;
        const ignoredBy = input.gitIgnored?.(repoPath);
        if (!modelFile && !ignoredBy) continue;
        const kept = ignoredBy
          ? `, ${ignoredBy.path}:${ignoredBy.line} keeps it out of git`
          : '';
        notCommitted = {
          path: input.dockerfile,
          line: copy.line,
          via: 'directory',
          source: `${copied}, where ${loader.path}:${loader.line} loads ${target}${configured} (weaker evidence: ${repoPath} is not in the repository${kept}, so the model is in the image only if it is put in the build context before the build)`,
        };
      }
    }
  }
  return notCommitted;
}
