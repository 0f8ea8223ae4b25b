import { SourceLine } from '../../types';
import { ancestorsOf, dirName, extensionOf, joinPath } from '../paths';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';

/**
 * A model path a load reads from a configuration object
 * (`config = OmegaConf.load("config/serving.yaml")` …
 * `torch.jit.load(os.path.join(config.model, "model.pt"))`), read from the
 * configuration file of the repository that the loading module names: the
 * path written in the file, and the file's line. Undefined when the module
 * names no such file, or the files it names disagree or lack the key.
 */

/** A file name written as a string literal (`"config/serving.yaml"`): no quotes or spaces inside. */
const CONFIG_FILE_LITERAL = /["']([\w./-]{1,200}\.(?:ya?ml|json))["']/g;

/** `config.model.path`, `cfg["model"]["path"]` → the keys below the configuration object. */
function keyPath(key: string): string[] | undefined {
  const parts: string[] = [];
  for (const match of key.matchAll(/\.(\w+)|\[["']([^"'\]]{1,100})["']\]/g)) {
    parts.push(match[1] ?? match[2]);
  }
  return parts.length > 0 ? parts : undefined;
}

/** The repository file a literal names, against the module's folder and the folders above it. */
function resolveFile(
  literal: string,
  module: string,
  exists: (path: string) => boolean,
): string | undefined {
  const clean = literal.replace(/^\.\//, '');
  for (const folder of [dirName(module), ...ancestorsOf(module).reverse()]) {
    const path = folder ? joinPath(folder, clean) : clean;
    if (path !== undefined && exists(path)) return path;
  }
  return undefined;
}

export interface ConfigFileValue {
  /** The value written in the file. */
  value: string;
  /** Where it is written. */
  at: SourceLine;
}

export function configFileValue(
  module: string,
  key: string,
  textOf: (path: string) => string | undefined,
  exists: (path: string) => boolean,
): ConfigFileValue | undefined {
  const keys = keyPath(key);
  const moduleText = textOf(module);
  if (!keys || moduleText === undefined) return undefined;
  const found = new Map<string, ConfigFileValue>();
  for (const match of moduleText.matchAll(CONFIG_FILE_LITERAL)) {
    const file = resolveFile(match[1], module, exists);
    const text = file !== undefined ? textOf(file) : undefined;
    if (file === undefined || text === undefined) continue;
    const json = extensionOf(file) === '.json';
    const parsed = parseYamlDocuments(file, text, [], { keepBraces: json });
    const first = parsed.documents[0];
    if (!first) continue;
    const nav = new YamlNav(first.doc);
    // `self.config.model`: the object may be reached through attributes
    // the file does not hold; the longest key path it holds counts.
    let node: unknown;
    let value: string | undefined;
    for (let i = 0; i < keys.length && !value; i++) {
      node = nav.get(first.root, ...keys.slice(i));
      value = nav.str(node)?.trim();
    }
    if (!value) continue;
    found.set(value, {
      value,
      at: { path: file, line: parsed.lineOf(node) ?? first.line },
    });
  }
  return found.size === 1 ? [...found.values()][0] : undefined;
}
