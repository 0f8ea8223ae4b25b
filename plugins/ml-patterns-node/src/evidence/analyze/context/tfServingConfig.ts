import { MAX_SERVER_CONFIG_BYTES } from '../../limits';
import { EvidenceProblem, ModelServerConfigFacts } from '../../types';
import { baseName, extensionOf } from '../paths';
import { messagesOf, parseTextProto, scalarOf } from './textProto';

/**
 * TensorFlow Serving's model server config (`--model_config_file`): a
 * `model_config_list` of `config { name base_path }` entries, each a
 * model the one `tensorflow_model_server` process loads. Versions of one
 * model (`model_version_policy`) are one model.
 */

const CONFIG_EXTENSIONS = new Set(['.conf', '.config', '.pbtxt', '.textproto']);

/**
 * Other extensions the file the server is started with
 * (`--model_config_file=/models/config.tf`) is given, when its name says it
 * is a configuration: the server reads it whatever it is called.
 */
const OTHER_EXTENSIONS = new Set(['', '.txt', '.tf', '.cfg', '.cnf']);

/** `config`, `models_config`, `serving-conf`: a name saying it is a configuration. */
const CONFIG_NAME = /(?:^|[._-])(?:conf|config|cfg)(?:[._-]|$)/i;

/** Files that may hold a model server config, by name and size. */
export function mayBeTfServingConfig(path: string, size: number): boolean {
  if (size > MAX_SERVER_CONFIG_BYTES) return false;
  const extension = extensionOf(path);
  if (CONFIG_EXTENSIONS.has(extension)) {
    return !baseName(path).startsWith('config.pbtxt');
  }
  const name = baseName(path);
  return (
    OTHER_EXTENSIONS.has(extension) &&
    CONFIG_NAME.test(name.slice(0, name.length - extension.length))
  );
}

/**
 * A file read as a config only because its name says configuration
 * (`.txt`, `.tf`, `.cfg`, no extension): when a start command names the
 * config file, only a file of that name is read.
 */
export function hasLooseConfigName(path: string): boolean {
  return !CONFIG_EXTENSIONS.has(extensionOf(path));
}

/** Cheap test before parsing: the file mentions the list at all. */
export function looksLikeTfServingConfig(text: string): boolean {
  return text.includes('model_config_list');
}

export function readTfServingConfig(
  path: string,
  text: string,
  problems: EvidenceProblem[],
): ModelServerConfigFacts | undefined {
  const parsed = parseTextProto(text);
  if (!parsed.ok) {
    problems.push({
      path,
      line: parsed.line,
      message: `TensorFlow Serving model config not read: ${parsed.error}`,
    });
    return undefined;
  }
  const lists = messagesOf(parsed.message, 'model_config_list');
  if (lists.length === 0) return undefined;
  const models: ModelServerConfigFacts['models'] = [];
  for (const list of lists) {
    for (const config of messagesOf(list.message, 'config')) {
      const name = scalarOf(config.message, 'name') ?? '(unnamed)';
      if (models.some(m => m.name === name)) continue;
      const basePath = scalarOf(config.message, 'base_path');
      models.push({
        path,
        line: config.line,
        name,
        note: `TensorFlow Serving model ${name}${
          basePath ? ` from ${basePath}` : ''
        }`,
      });
    }
  }
  return {
    path,
    line: lists[0].line,
    server: 'tensorflow-serving',
    description: `TensorFlow Serving model_config_list in ${path}`,
    models,
  };
}
