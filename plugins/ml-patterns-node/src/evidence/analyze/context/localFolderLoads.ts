import { ModelLoaderFacts } from '../../types';
import { dirName, joinPath } from '../paths';
import { GitIgnoredFolders } from './gitIgnoredFolders';

/** A scheme (`s3://`, `hf://`) or an absolute path: not a project folder. */
const NOT_RELATIVE = /^(?:[a-z][a-z0-9+]*:|\/)/i;

/**
 * `from_pretrained("cache")` reads a folder when the project has one by
 * that name, and a `.gitignore` naming it says it does: a folder a script
 * of the repository fills (a download or training run) and keeps out of
 * git. Such a load reads local files, not the hub, so it downloads
 * nothing. The name is looked up next to the loading module and at the
 * root (where the code is usually run from).
 */
export function localFolderLoads(
  loaders: ModelLoaderFacts[],
  ignored: GitIgnoredFolders,
): void {
  for (const loader of loaders) {
    const target = loader.target?.trim();
    if (!loader.downloads || !target || NOT_RELATIVE.test(target)) continue;
    const places = [
      joinPath(dirName(loader.path), target),
      joinPath('', target),
    ];
    if (places.some(place => place && ignored.ignoredBy(place)))
      loader.downloads = false;
  }
}
