import { baseName } from '../paths';
import { ShellCommand } from '../shell/shellScript';

/**
 * A build step's download that says nothing of a model by its URL or
 * script name (`wget …/aravec/full_grams_cbow_100_twitter.zip`) still
 * fetches the model when the server loads a file of the same name
 * (`data/full_grams_cbow_100_twitter.mdl`): an archive holding the file
 * it is named after.
 */

const FETCH_TOOL = /^(?:wget|curl|gdown|aria2c)$/;
/** Archive and compression suffixes that a fetched file's own name sits before. */
const ARCHIVE_SUFFIX = /\.(?:zip|tar|gz|tgz|bz2|xz|7z|zst)$/i;
/** Names too plain to tie a download to a load. */
const PLAIN_STEM =
  /^(?:data|model|models|main|latest|download|file|archive|weights|master|v?\d+(?:\.\d+)*)$/i;

/** `dir/name.tar.gz` → `name`; `data/name.mdl` → `name` (the last suffix only, when not an archive's). */
export function fileStem(path: string): string | undefined {
  const query = path.search(/[?#]/);
  let name = baseName(query < 0 ? path : path.slice(0, query));
  let archive = false;
  for (let guard = 0; guard < 3 && ARCHIVE_SUFFIX.test(name); guard++) {
    name = name.replace(ARCHIVE_SUFFIX, '');
    archive = true;
  }
  if (!archive) {
    const dot = name.lastIndexOf('.');
    if (dot > 0) name = name.slice(0, dot);
  }
  return name.length >= 4 && !PLAIN_STEM.test(name) ? name : undefined;
}

/** The loaded file a download command fetches (by name), if any. */
export function fetchedLoadedFile(
  command: ShellCommand,
  loadedStems: ReadonlySet<string>,
): string | undefined {
  if (loadedStems.size === 0) return undefined;
  if (!FETCH_TOOL.test(baseName(command.words[0] ?? ''))) return undefined;
  for (const word of command.words.slice(1)) {
    if (word.startsWith('-') || word.includes('$')) continue;
    const stem = fileStem(word);
    if (stem !== undefined && loadedStems.has(stem)) return word;
  }
  return undefined;
}

/** The stems of the local model files the code loads (a load not fetched from elsewhere; companions left out). */
export function loadedFileStems(
  loaders: ReadonlyArray<{
    target?: string;
    downloads: boolean;
    inServingCode?: boolean;
    role?: string;
  }>,
): ReadonlySet<string> {
  const stems = new Set<string>();
  for (const loader of loaders) {
    if (
      loader.downloads ||
      !loader.target ||
      loader.inServingCode === false ||
      (loader.role !== undefined && loader.role !== 'model')
    )
      continue;
    if (/^[a-z][a-z0-9+]*:\/\//i.test(loader.target)) continue;
    const stem = fileStem(loader.target);
    if (stem) stems.add(stem);
  }
  return stems;
}
