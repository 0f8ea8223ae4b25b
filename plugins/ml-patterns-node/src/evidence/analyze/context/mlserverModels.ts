import { MAX_SERVER_CONFIG_BYTES } from '../../limits';
import { EvidenceProblem, ModelServerConfigFacts } from '../../types';
import { ancestorsOf, baseName, dirName, isUnder } from '../paths';
import { problemMessage } from '../text';

/**
 * MLServer: each model has a `model-settings.json`; `mlserver start DIR`
 * loads every model-settings.json found under DIR into one server, whose
 * own options sit in DIR's `settings.json`. So the model settings under
 * one `settings.json` (or under a folder a start command names) are the
 * models of one server; a model-settings.json on its own is a
 * single-model server.
 */

export function isMlserverModelSettings(path: string): boolean {
  return baseName(path) === 'model-settings.json';
}

export function isMlserverSettings(path: string): boolean {
  return baseName(path) === 'settings.json';
}

export function wantsMlserverContent(path: string, size: number): boolean {
  return size <= MAX_SERVER_CONFIG_BYTES && isMlserverModelSettings(path);
}

interface ModelSettings {
  path: string;
  name: string;
  line: number;
  implementation?: string;
}

function lineOfKey(text: string, key: string): number {
  const at = text.indexOf(`"${key}"`);
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function readModelSettings(
  path: string,
  text: string | undefined,
  problems: EvidenceProblem[],
): ModelSettings {
  const fallback = { path, name: baseName(dirName(path)) || '(root)', line: 1 };
  if (text === undefined) return fallback;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    problems.push({
      path,
      message: `MLServer model settings not read: ${problemMessage(error)}`,
    });
    return fallback;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fallback;
  }
  const record = data as Record<string, unknown>;
  return {
    path,
    name: typeof record.name === 'string' ? record.name : fallback.name,
    line: typeof record.name === 'string' ? lineOfKey(text, 'name') : 1,
    implementation:
      typeof record.implementation === 'string'
        ? record.implementation
        : undefined,
  };
}

/**
 * The MLServer servers of the tree: one per `settings.json` folder (or
 * start-command folder) holding model settings, and one per model
 * settings file outside any such folder.
 */
export function findMlserverServers(
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
  startFolders: readonly string[] = [],
): ModelServerConfigFacts[] {
  const settingsPaths = paths.filter(isMlserverModelSettings);
  if (settingsPaths.length === 0) return [];
  const roots = new Set<string>(startFolders);
  const settingsFiles = new Set<string>();
  for (const path of paths) {
    if (!isMlserverSettings(path)) continue;
    roots.add(dirName(path));
    settingsFiles.add(path);
  }
  const byRoot = new Map<string, ModelSettings[]>();
  const alone: ModelSettings[] = [];
  for (const path of settingsPaths) {
    const settings = readModelSettings(path, textOf(path), problems);
    // The nearest root above the model's folder serves it.
    const root = ancestorsOf(path)
      .reverse()
      .find(folder => roots.has(folder) && isUnder(path, folder));
    if (root === undefined) {
      alone.push(settings);
      continue;
    }
    const list = byRoot.get(root) ?? [];
    if (!list.some(s => s.name === settings.name)) list.push(settings);
    byRoot.set(root, list);
  }
  const toModel = (s: ModelSettings) => ({
    path: s.path,
    line: s.line,
    name: s.name,
    note: `MLServer model ${s.name}${
      s.implementation ? ` (${s.implementation})` : ''
    }`,
  });
  const servers: ModelServerConfigFacts[] = [];
  for (const [root, models] of byRoot) {
    const settingsFile = root ? `${root}/settings.json` : 'settings.json';
    const at = settingsFiles.has(settingsFile)
      ? { path: settingsFile, line: 1 }
      : { path: models[0].path, line: 1 };
    servers.push({
      ...at,
      server: 'mlserver',
      description: `MLServer serving ${root || '.'}/`,
      models: models.map(toModel),
    });
  }
  for (const settings of alone) {
    servers.push({
      path: settings.path,
      line: settings.line,
      server: 'mlserver',
      description: `MLServer model settings ${settings.path}`,
      models: [toModel(settings)],
    });
  }
  return servers;
}
