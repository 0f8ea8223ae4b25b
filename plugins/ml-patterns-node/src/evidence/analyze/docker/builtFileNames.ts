import { ParsedDockerfile } from '../dockerfile';
import { isModelFilePath } from '../modelFiles';
import { baseName } from '../paths';
import { commandFetchesModel } from '../shell/modelFetch';
import { ImageView, runCommands } from './imageCommands';
import { finalChain } from './stageLineage';

/** A URL's file name, without its query or fragment (undefined for other words). */
function urlFileName(word: string): string | undefined {
  if (!/^https?:\/\//i.test(word)) return undefined;
  const path = word.split(/[?#]/, 1)[0];
  const name = path.slice(path.lastIndexOf('/') + 1);
  return path.indexOf('/', word.indexOf('//') + 2) > 0 && name
    ? name
    : undefined;
}

/**
 * The names of the model files the final image's build puts in it: files
 * a RUN step downloads (the URL's file name, or where it writes it) and
 * model files it copies. A start script that downloads one of these only
 * when it is missing never does so in the built image.
 */
export function builtFileNames(
  view: ImageView,
  parsed: ParsedDockerfile,
): Set<string> {
  const names = new Set<string>();
  for (const index of finalChain(parsed)) {
    const stage = parsed.stages[index];
    for (const copy of stage.copies) {
      for (const source of copy.sources) {
        if (isModelFilePath(source)) names.add(baseName(source));
      }
    }
    for (const run of stage.run) {
      for (const { command } of runCommands(view, stage, run)) {
        const fetch = commandFetchesModel(command);
        if (!fetch) continue;
        for (const written of fetch.destinations) names.add(baseName(written));
        for (const word of command.words) {
          const file = urlFileName(word);
          if (file) names.add(file);
        }
      }
    }
  }
  return names;
}
