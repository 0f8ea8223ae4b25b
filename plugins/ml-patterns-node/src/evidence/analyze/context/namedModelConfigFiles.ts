import { parseShellScript } from '../shell/shellScript';
import { flagValues, lastSegment } from './serverArguments';

/** TensorFlow Serving's flag naming its model server config. */
const CONFIG_FLAGS = ['--model_config_file', '--model-config-file'];

/** Cheap test before parsing a script: it may pass the flag at all. */
const MAY_NAME_CONFIG = /--model[_-]config[_-]file\b/;

/**
 * The file names (last path segment, `models.config`) that TF Serving
 * start commands pass as `--model_config_file`: in the start commands of
 * containers and images, and in the shell scripts of the tree. A file
 * named like a configuration but not given this name is not the one the
 * server reads when another is named. Values that are variables are left
 * out.
 */
export function namedModelConfigFiles(
  commands: ReadonlyArray<readonly string[]>,
  scripts: Iterable<string>,
): Set<string> {
  const named = new Set<string>();
  const add = (words: readonly string[]) => {
    for (const value of flagValues(words, CONFIG_FLAGS)) {
      const name = lastSegment(value);
      if (name !== '' && !name.includes('$')) named.add(name);
    }
  };
  commands.forEach(add);
  for (const text of scripts) {
    if (!MAY_NAME_CONFIG.test(text)) continue;
    for (const command of parseShellScript(text).commands) add(command.words);
  }
  return named;
}
