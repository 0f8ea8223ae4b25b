import { ModelIntoImage } from '../../types';
import { ParsedStage } from '../dockerfile';
import { extensionOf } from '../paths';
import { copyDestination, isUnderImagePath } from './imagePaths';

/**
 * COPY/ADD into the folder a model server reads its models from (the
 * image's documented default, or the folder its start command names):
 * whatever lands there is a model the image serves, even when the build
 * context fills it only before `docker build` (a model repository that
 * git does not hold). Single configuration or code files are not models.
 */

/** Files that configure a server or a model, or are code: not the model itself. */
const NOT_A_MODEL = new Set([
  '.conf',
  '.config',
  '.properties',
  '.yaml',
  '.yml',
  '.json',
  '.txt',
  '.cfg',
  '.ini',
  '.toml',
  '.pbtxt',
  '.md',
  '.sh',
  '.py',
  '.whl',
]);

export function modelStoreCopies(
  dockerfile: string,
  stages: ParsedStage[],
  stores: Array<{ path: string; server: string }>,
): ModelIntoImage[] {
  const found: ModelIntoImage[] = [];
  for (const stage of stages) {
    for (const copy of stage.copies) {
      if (copy.from) continue;
      const sources = copy.sources.filter(
        s => !/^[a-z]+:\/\//i.test(s) && !NOT_A_MODEL.has(extensionOf(s)),
      );
      if (sources.length === 0) continue;
      const destination = copyDestination(stage, copy);
      const store = stores.find(
        s => s.path !== '/' && isUnderImagePath(destination, s.path),
      );
      if (!store) continue;
      found.push({
        path: dockerfile,
        line: copy.line,
        via: 'directory',
        source: `${sources.join(' ')} → ${destination}, the model folder ${
          store.server
        } reads (${store.path})`,
      });
    }
  }
  return found;
}
