import { ModelIntoImage } from '../../types';
import { baseName, isUnder, joinPath } from '../paths';
import { ContextModelInput, copiedFolders } from './contextModelPath';
import { isUnderImagePath, normaliseImagePath } from './imagePaths';

/**
 * An image whose ENV points the variable the server reads its model
 * location from (`ENV MODEL_DIR=/srv/app/models/churn/3`, read by
 * `os.path.join(os.environ["MODEL_DIR"], "model.pt")`) at a folder a COPY
 * of the build context fills (`COPY app /srv/app`): the server reads the
 * model the image was built with. Read only when no COPY names a model
 * file of the repository (that is stronger evidence), so it is weaker
 * evidence: the model is in the image only if it is put there before the
 * build.
 */

/** Scripts that train, evaluate or convert a model (their loads are not the server's). */
const NOT_SERVING_SCRIPT =
  /^(?:train|training|eval|evaluate|evaluation|test|benchmark|export|convert)[\w-]*\.py$|_test\.py$/i;

export function envModelPath(
  input: ContextModelInput,
): ModelIntoImage | undefined {
  const envs = input.stages.flatMap(stage => stage.env);
  if (envs.length === 0) return undefined;
  const volumes = input.stages.flatMap(s => s.volumes);
  const copies = copiedFolders(input);
  for (const loader of input.loaders) {
    const key = loader.configKey;
    if (
      key === undefined ||
      loader.fetchedBy !== undefined ||
      NOT_SERVING_SCRIPT.test(baseName(loader.path))
    )
      continue;
    // The last ENV of the variable is the one the server sees.
    const env = envs.filter(e => e.name === key).pop();
    const value = env?.value.trim();
    if (!env || !value?.startsWith('/') || value.includes('$')) continue;
    const imagePath = normaliseImagePath(value);
    if (volumes.some(v => isUnderImagePath(imagePath, v.path))) continue;
    for (const { copy, folder, destination } of copies) {
      // The loading module travels in the same image.
      if (!isUnder(loader.path, folder) || !input.shipped(loader.path))
        continue;
      if (destination === '/' || !isUnderImagePath(imagePath, destination))
        continue;
      const repoPath =
        imagePath === destination
          ? folder
          : joinPath(folder, imagePath.slice(destination.length + 1));
      if (repoPath === undefined || !input.shipped(repoPath)) continue;
      return {
        path: input.dockerfile,
        line: copy.line,
        via: 'directory',
        source: `${copy.sources.join(
          ' ',
        )} → ${destination}, where ENV ${key}=${value} (line ${
          env.line
        }) points ${loader.path}:${
          loader.line
        }: the model is read from ${repoPath} (weaker evidence: the repository holds no model file there, so the model is in the image only if it is put in the build context before the build)`,
      };
    }
  }
  return undefined;
}
