import { ModelIntoImage, ModelLoaderFacts } from '../../types';
import { isProgramFile } from '../fileKinds';
import { baseName, isUnder, joinPath } from '../paths';
import { ContextModelInput } from './contextModelPath';
import {
  copyDestination,
  hasGlob,
  isUnderImagePath,
  normaliseImagePath,
} from './imagePaths';

/**
 * The server reads a model file whose name configuration gives, from a
 * fixed folder (`Path(f"bucket/{os.getenv('MODEL_FILE')}")`), and the
 * image copies that folder in from the build context although the
 * repository does not hold it (`COPY ./bucket ./bucket`, the folder
 * git-ignored or missing: a training run fills it before the build).
 * The model is in the image; weaker evidence, as it is there only if it is
 * put in the build context first.
 */

const REMOTE = /^[a-z][a-z0-9+.-]*:\//i;

/** Scripts that train, evaluate or convert a model (their loads are not the server's). */
const NOT_SERVING_SCRIPT =
  /^(?:train|training|eval|evaluate|evaluation|test|benchmark|export|convert)[\w-]*\.py$|_test\.py$/i;

/** The fixed folder before the first configured part (`bucket` of `bucket/{MODEL_FILE}`). */
function fixedFolder(template: string): string | undefined {
  if (REMOTE.test(template)) return undefined;
  const segments = template.split('/');
  const configured = segments.findIndex(s => s.includes('{'));
  if (configured <= 0) return undefined;
  const folder = segments.slice(0, configured).join('/');
  return folder.replace(/^\.\//, '') || undefined;
}

export function namedFileFolder(
  input: ContextModelInput,
  partlyConfiguredPath: (loader: ModelLoaderFacts) => string | undefined,
): ModelIntoImage | undefined {
  const volumes = input.stages.flatMap(stage => stage.volumes);
  for (const loader of input.loaders) {
    if (
      loader.downloads ||
      loader.fetchedBy !== undefined ||
      loader.inServingCode === false ||
      NOT_SERVING_SCRIPT.test(baseName(loader.path)) ||
      (isUnder(loader.path, input.context) && !input.shipped(loader.path))
    )
      continue;
    const template = partlyConfiguredPath(loader);
    const folder = template === undefined ? undefined : fixedFolder(template);
    if (folder === undefined) continue;
    const imagePath = normaliseImagePath(
      folder.startsWith('/') ? folder : `${input.runDir}/${folder}`,
    );
    if (volumes.some(volume => isUnderImagePath(imagePath, volume.path)))
      continue;
    for (const stage of input.stages) {
      for (const copy of stage.copies) {
        const source = copy.sources[0]?.trim();
        if (
          copy.from ||
          copy.sources.length !== 1 ||
          !source ||
          hasGlob(source) ||
          source.includes('$')
        )
          continue;
        const destination = copyDestination(stage, copy);
        if (destination === '/' || !isUnderImagePath(imagePath, destination))
          continue;
        const copied = joinPath(input.context, source.replace(/^\.\//, ''));
        // A file copied into the folder (`COPY poetry.lock .`) is not it.
        if (copied === undefined || input.tree.hasFile(copied)) continue;
        const inside = imagePath.slice(destination.length + 1);
        const repoPath = inside === '' ? copied : joinPath(copied, inside);
        // The build context itself, or a folder of code: not a model folder.
        if (repoPath === undefined || repoPath === input.context) continue;
        if (input.tree.hasFile(repoPath) || !input.shipped(repoPath)) continue;
        const ignoredBy = input.gitIgnored?.(repoPath);
        const held = input.tree.hasDir(repoPath);
        // A folder the COPY names is one the build expects; one inside a
        // copied folder only when git is told to keep it out.
        if ((held || copied !== repoPath) && !ignoredBy) continue;
        if (held && input.tree.filesUnder(repoPath).some(isProgramFile))
          continue;
        const kept = ignoredBy
          ? `, ${ignoredBy.path}:${ignoredBy.line} keeps it out of git`
          : '';
        // A folder git holds only what the .gitignore spares of (a README).
        const absence =
          held && ignoredBy
            ? `${ignoredBy.path}:${ignoredBy.line} keeps what ${repoPath} holds out of git`
            : `${repoPath} is not in the repository${kept}`;
        return {
          path: input.dockerfile,
          line: copy.line,
          via: 'directory',
          source: `${copy.sources.join(' ')} → ${destination}, where ${
            loader.path
          }:${
            loader.line
          } loads ${template} (weaker evidence: ${absence}, so the model is in the image only if it is put in the build context before the build)`,
        };
      }
    }
  }
  return undefined;
}
