import { MAX_SERVER_CONFIG_BYTES } from '../../limits';
import { EvidenceProblem, ModelServerConfigFacts } from '../../types';
import { baseName, dirName, extensionOf, joinPath } from '../paths';
import { problemMessage } from '../text';
import { lastSegment } from './serverArguments';

/**
 * TorchServe's `config.properties`: `load_models` names the archives
 * loaded at start (`all` = every `.mar` of `model_store`), `models` and
 * `model_snapshot` list them as JSON. Every archive is a model of the one
 * TorchServe process.
 */

export function isTorchServeConfig(path: string): boolean {
  return baseName(path) === 'config.properties';
}

export function wantsTorchServeContent(path: string, size: number): boolean {
  return size <= MAX_SERVER_CONFIG_BYTES && isTorchServeConfig(path);
}

interface Property {
  value: string;
  line: number;
}

/**
 * Java `.properties` logical lines: `#`/`!` comments, `\` continuations,
 * the key ending at the first unescaped `=`, `:` or blank. (Only the few
 * keys TorchServe needs are read, so escapes in values are kept as
 * written.)
 */
export function readProperties(text: string): Map<string, Property> {
  const result = new Map<string, Property>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    let physical = lines[i].trimStart();
    if (physical === '' || physical[0] === '#' || physical[0] === '!') continue;
    // Continued lines are gathered and joined once (linear in the text).
    const parts: string[] = [];
    while (endsWithContinuation(physical) && i + 1 < lines.length) {
      parts.push(physical.slice(0, -1));
      physical = lines[++i].trimStart();
    }
    parts.push(physical);
    const logical = parts.join('');
    let end = 0;
    while (end < logical.length) {
      const c = logical[end];
      if (c === '\\') end += 2;
      else if (c === '=' || c === ':' || c === ' ' || c === '\t') break;
      else end++;
    }
    const key = logical.slice(0, end);
    let rest = logical.slice(end).trimStart();
    if (rest[0] === '=' || rest[0] === ':') rest = rest.slice(1).trimStart();
    if (!result.has(key)) result.set(key, { value: rest.trim(), line: first });
  }
  return result;
}

function endsWithContinuation(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function jsonKeys(
  value: string,
  path: string,
  line: number,
  problems: EvidenceProblem[],
  pick: (data: Record<string, unknown>) => unknown = data => data,
): string[] | undefined {
  try {
    const data = JSON.parse(value);
    if (typeof data !== 'object' || data === null) return undefined;
    const models = pick(data);
    return typeof models === 'object' && models !== null
      ? Object.keys(models)
      : undefined;
  } catch (error) {
    problems.push({
      path,
      line,
      message: `TorchServe model list not read: ${problemMessage(error)}`,
    });
    return undefined;
  }
}

/** The model store folder of the tree that `model_store` names. */
export function storeFolder(
  configPath: string,
  modelStore: string | undefined,
  hasDir: (path: string) => boolean,
  dirsNamed: (name: string) => string[],
): string | undefined {
  if (!modelStore) return undefined;
  const relative = joinPath(dirName(configPath), modelStore);
  if (!modelStore.startsWith('/') && relative !== undefined && hasDir(relative))
    return relative;
  if (!modelStore.startsWith('/') && hasDir(modelStore)) return modelStore;
  // An absolute container path: the folder of the tree mounted or copied there.
  const candidates = dirsNamed(lastSegment(modelStore));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function readTorchServeConfig(
  path: string,
  text: string,
  tree: {
    paths: readonly string[];
    hasDir(path: string): boolean;
    dirsNamed(name: string): string[];
  },
  problems: EvidenceProblem[],
): ModelServerConfigFacts | undefined {
  const properties = readProperties(text);
  const models: ModelServerConfigFacts['models'] = [];
  const add = (name: string, line: number, note: string) => {
    if (!models.some(m => m.name === name))
      models.push({ path, line, name, note });
  };
  const listed = properties.get('models');
  const snapshot = properties.get('model_snapshot');
  const load = properties.get('load_models');
  if (listed) {
    for (const name of jsonKeys(listed.value, path, listed.line, problems) ??
      [])
      add(name, listed.line, `TorchServe model ${name} (models)`);
  } else if (snapshot) {
    const names = jsonKeys(
      snapshot.value,
      path,
      snapshot.line,
      problems,
      data => data.models,
    );
    for (const name of names ?? [])
      add(name, snapshot.line, `TorchServe model ${name} (model_snapshot)`);
  }
  if (models.length === 0 && load) {
    const value = load.value.trim();
    if (value.toLowerCase() === 'all') {
      const store = storeFolder(
        path,
        properties.get('model_store')?.value,
        tree.hasDir,
        tree.dirsNamed,
      );
      if (store === undefined) return undefined;
      for (const archive of archivesIn(store, tree.paths)) {
        models.push({
          path: archive,
          line: 1,
          name: baseName(archive).slice(0, -4),
          note: `TorchServe archive ${archive} (load_models=all, line ${load.line} of ${path})`,
        });
      }
    } else if (value !== '' && value.toLowerCase() !== 'standalone') {
      for (const entry of value.split(',')) {
        const archive = entry.trim();
        if (!archive) continue;
        const eq = archive.indexOf('=');
        const name = (eq < 0 ? archive : archive.slice(0, eq)).replace(
          /\.mar$/,
          '',
        );
        add(name, load.line, `TorchServe model ${archive} (load_models)`);
      }
    }
  }
  if (models.length === 0) return undefined;
  return {
    path,
    line: (listed ?? snapshot ?? load)?.line ?? 1,
    server: 'torchserve',
    description: `TorchServe configured by ${path}`,
    models,
  };
}

/** The `.mar` archives directly in a model store folder of the tree. */
export function archivesIn(store: string, paths: readonly string[]): string[] {
  return paths.filter(
    path => dirName(path) === store && extensionOf(path) === '.mar',
  );
}

/**
 * The models a `torchserve --models …` command loads: the archives it
 * names, or with `all` every archive of `--model-store` found in the
 * tree; undefined when the command names none or the store is not seen.
 */
export function torchServeStartedModels(
  words: readonly string[],
  tree: {
    paths: readonly string[];
    hasDir(path: string): boolean;
    dirsNamed(name: string): string[];
  },
  at: { path: string; line: number },
): ModelServerConfigFacts['models'] | undefined {
  const start = words.indexOf('--models');
  if (start < 0) return undefined;
  const names: string[] = [];
  for (let i = start + 1; i < words.length && !words[i].startsWith('-'); i++)
    names.push(...words[i].split(',').filter(Boolean));
  if (names.length === 0) return undefined;
  if (names.some(name => name.toLowerCase() === 'all')) {
    const storeFlag = words.indexOf('--model-store');
    const store = storeFolder(
      '',
      storeFlag < 0 ? undefined : words[storeFlag + 1],
      tree.hasDir,
      tree.dirsNamed,
    );
    const archives = store === undefined ? [] : archivesIn(store, tree.paths);
    if (archives.length === 0) return undefined;
    return archives.map(archive => ({
      path: archive,
      line: 1,
      name: baseName(archive).slice(0, -4),
      note: `TorchServe archive ${archive} (--models all)`,
    }));
  }
  const models: ModelServerConfigFacts['models'] = [];
  for (const entry of names) {
    const eq = entry.indexOf('=');
    const name = (eq < 0 ? baseName(entry) : entry.slice(0, eq)).replace(
      /\.mar$/,
      '',
    );
    if (models.some(m => m.name === name)) continue;
    models.push({
      path: at.path,
      line: at.line,
      name,
      note: `TorchServe model ${entry} (--models)`,
    });
  }
  return models;
}
