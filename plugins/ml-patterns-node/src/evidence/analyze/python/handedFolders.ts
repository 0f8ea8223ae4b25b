import type { ArtifactLoad } from './artifactLoads';
import type { ValueReader } from './values';

/**
 * The folder a caller hands to the code that loads a model, when the load
 * itself names its file only at run time: a server builds an engine with
 * `Engine(models_dir=BASE / "voices" / "en")`, and the engine's method
 * loads `self.models_dir / voice / "model.onnx"` for the voice a request
 * asks for. The load reads under that folder; what lies below it is chosen
 * at run time. Written like a partly configured path, the run-time part in
 * braces (`voices/en/{chosen at run time}`), so that the image readers
 * find the folder the same way.
 *
 * Only a keyword argument named as a folder or path (`models_dir`,
 * `model_path`, `root`) counts: other arguments a caller passes (a cache
 * folder, a device) say nothing of where the model is read.
 */

/** Keyword arguments that hand over a folder or a path. */
const FOLDER_KEYWORD = /(?:path|dir|directory|folder|root|location)$/i;

const REMOTE = /^[a-z][a-z0-9+.-]*:\//i;

/** A relative or absolute folder path: plain segments, the last without a file extension. */
const FOLDER_PATH = /^(?:\/|\.\/)?[\w-][\w.-]*(?:\/[\w-][\w.-]*)*\/?$/;
const FILE_EXTENSION = /\.\w{1,10}\/?$/;

export const RUN_TIME_PART = '{chosen at run time}';

export function handedFolderPath(
  load: ArtifactLoad,
  reader: ValueReader,
): string | undefined {
  // The load's own path could not be read: what it is handed decides.
  if (!load.value?.unknown || load.value.multiple) return undefined;
  for (const site of load.chain.slice(1)) {
    const scope = reader.scopeOf(site.module, site.call);
    for (const [name, node] of site.call.args.keyword) {
      if (!FOLDER_KEYWORD.test(name)) continue;
      const value = reader.read(node, scope);
      if (
        value.unknown ||
        value.multiple ||
        value.keys.length > 0 ||
        value.params.length > 0 ||
        value.literals.length !== 1
      )
        continue;
      const folder = value.literals[0];
      if (
        REMOTE.test(folder) ||
        !FOLDER_PATH.test(folder) ||
        FILE_EXTENSION.test(folder)
      )
        continue;
      return `${folder.replace(/\/$/, '')}/${RUN_TIME_PART}`;
    }
  }
  return undefined;
}
