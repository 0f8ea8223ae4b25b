import { ParsedDockerfile, ParsedStage } from '../dockerfile';
import { baseName, dirName } from '../paths';
import { copyDestination } from './imagePaths';
import { modelServerOfImage } from './modelServerImage';
import { lineageCopies } from './stageLineage';

/**
 * A model-server image's own ENTRYPOINT script (`pytorch/torchserve` runs
 * `/usr/local/bin/dockerd-entrypoint.sh` with CMD `serve`) still starts an
 * image built FROM it that sets no ENTRYPOINT; when the Dockerfile COPYs a
 * file of the repository onto that path, the container starts with the
 * repository's script. Returns that image path, or undefined.
 */
export function replacedBaseEntrypoint(
  parsed: ParsedDockerfile,
  stage: ParsedStage,
): string | undefined {
  if (stage.entrypoint) return undefined;
  let root = stage;
  for (let i = 0; root.parent !== undefined && i < 20; i++)
    root = parsed.stages[root.parent];
  const entrypoint = modelServerOfImage(root.baseImage)?.entrypoint;
  if (!entrypoint) return undefined;
  const replaced = lineageCopies(parsed, stage).some(
    ({ copy, stage: owner }) => {
      if (copy.from) return false;
      const dest = copyDestination(owner, copy);
      return (
        dest === entrypoint ||
        (dest === dirName(entrypoint) &&
          copy.sources.some(s => baseName(s) === baseName(entrypoint)))
      );
    },
  );
  return replaced ? entrypoint : undefined;
}
