import { baseName, dirName, extensionOf, joinPath } from '../paths';
import { BuiltImage } from './BuiltImage';
import { copyDestination, normaliseImagePath } from './imagePaths';
import { StoreArchive } from './servedModels';
import { finalChain } from './stageLineage';

/** Model archives (`.mar`) the final image holds in a folder: copied, packed or fetched while built. */
export function imageArchives(image: BuiltImage): StoreArchive[] {
  const found: StoreArchive[] = [];
  const push = (name: string, dir: string, line: number) => {
    if (!found.some(a => a.name === name && a.dir === dir))
      found.push({ path: image.path, line, name, dir });
  };
  for (const index of finalChain(image.parsed)) {
    const stage = image.parsed.stages[index];
    for (const copy of stage.copies) {
      const dest = copyDestination(stage, copy);
      const intoDir = copy.destination.endsWith('/') || copy.sources.length > 1;
      for (const source of copy.sources) {
        if (extensionOf(source) === '.mar') {
          const dir =
            intoDir || extensionOf(dest) !== '.mar'
              ? dest
              : dirName(dest) || '/';
          push(baseName(source), dir, copy.line);
        } else if (!copy.from) {
          const repo = joinPath(image.context, source.replace(/^\.?\/+/, ''));
          if (repo === undefined || !image.tree.hasDir(repo)) continue;
          for (const file of image.tree.filesUnder(repo))
            if (extensionOf(file) === '.mar' && dirName(file) === repo)
              push(baseName(file), dest, copy.line);
        }
      }
    }
    for (const run of stage.run) {
      for (const fetch of image.fetchesOf(stage, run)) {
        for (const destination of fetch.destinations) {
          const archiverName = /packs .* into (\S+)\/([^/\s]+)\.mar/.exec(
            fetch.description,
          );
          if (archiverName && archiverName[2] !== '*')
            push(
              `${archiverName[2]}.mar`,
              normaliseImagePath(destination),
              run.line,
            );
          else if (extensionOf(destination) === '.mar')
            push(
              baseName(destination),
              dirName(normaliseImagePath(destination)) || '/',
              run.line,
            );
        }
      }
    }
  }
  return found;
}
