import type { EvidenceProblem, RepositoryFile } from '../facts/sourceLines';
import type { RepositoryEvidence } from '../facts/RepositoryEvidence';
import { isComposeFile } from './fileKinds';
import type {
  ModelLoaderFacts,
  ProcessModelFacts,
  ServingProcessFacts,
} from '../facts/pythonFacts';
import type { ModelMountRun } from './packaging/mountedModelRuns';
import { baseName, dirName, isIgnoredPath, isUnder, joinPath } from './paths';
import { parseYamlDocuments } from './yamlDocuments';
import type { RepositoryContextFiles } from './repositoryContext/RepositoryContextFiles';
import { isNearbyManifest } from './repositoryContext/contextFiles';
import { relativeToScope } from './repositoryContext/relativeToScope';
import {
  ComposeMount,
  ComposeServiceMounts,
  composeServiceMounts,
} from './composeServiceMounts';

/** Compose files larger than this are not read for volumes. */
const MAX_COMPOSE_BYTES = 1_000_000;

/** A compose file to read: where the evidence names it, its repository path and text. */
export interface ComposeFileText {
  /** Relative to the scored folder (`../scripts/docker-compose.yaml` for one beside it). */
  path: string;
  repoPath: string;
  text: string;
}

/** Adds the loads from mounted compose volumes to the evidence (see `composeVolumeLoads`). */
export function addComposeVolumeLoads(
  evidence: RepositoryEvidence,
  files: readonly RepositoryFile[],
  repository?: RepositoryContextFiles,
) {
  const scope = repository?.scope ?? '';
  const toRepo = (path: string) => (scope ? `${scope}/${path}` : path);
  const readable = (f: RepositoryFile) =>
    f.content !== undefined &&
    f.size <= MAX_COMPOSE_BYTES &&
    !isIgnoredPath(f.path) &&
    isComposeFile(f.path);
  const composeFiles: ComposeFileText[] = files.filter(readable).map(f => ({
    path: f.path,
    repoPath: toRepo(f.path),
    text: f.content!.toString('utf8'),
  }));
  // Compose files of the project around the folder (`../scripts/compose.yaml`).
  for (const f of repository?.files ?? []) {
    if (!readable(f) || isUnder(f.path, scope)) continue;
    if (!isNearbyManifest(f.path, scope)) continue;
    composeFiles.push({
      path: relativeToScope(scope, f.path),
      repoPath: f.path,
      text: f.content!.toString('utf8'),
    });
  }
  if (composeFiles.length === 0) return;
  let paths: string[] | undefined;
  const fed = composeVolumeLoads(
    composeFiles,
    evidence.servingProcesses ?? [],
    evidence.modelLoaders,
    {
      scope,
      repoPaths: () =>
        (paths ??= [
          ...files.map(f => toRepo(f.path)),
          ...(repository?.files ?? [])
            .map(f => f.path)
            .filter(p => !isUnder(p, scope)),
        ]),
    },
  );
  if (fed.length > 0)
    evidence.modelsMountedAtStart = [
      ...(evidence.modelsMountedAtStart ?? []),
      ...fed,
    ];
}

const normalized = (path: string) => path.split('/').filter(Boolean).join('/');

/** Files that only keep an empty folder in git. */
const PLACEHOLDER = /^(?:\.gitkeep|\.keep|\.gitignore|\.placeholder|\.empty)$/i;

interface Load {
  process: ServingProcessFacts;
  model: ProcessModelFacts;
  /** The loading module, as a repository path. */
  module: string;
  loader?: ModelLoaderFacts;
}

/**
 * A serving process loads its model from a folder a compose service
 * mounts (a host folder or a named volume, often shared with a training
 * service): the model reaches the server when the container starts
 * (Model-load). Weaker evidence than a copy into an image, which still
 * decides when the image holds the file.
 *
 * Only the service that runs the loading code counts: the one whose
 * Dockerfile starts the process, else one whose build context or
 * bind-mounted code folder holds the loading module. Its mount brings the
 * model when the load reads an absolute path under the mount, or when the
 * mounted host folder is the code's own folder and holds a folder git keeps
 * empty (`data/.gitkeep`) while the code reads a configured or relative
 * path: the models are put there on the host.
 */
export function composeVolumeLoads(
  composeFiles: readonly ComposeFileText[],
  processes: readonly ServingProcessFacts[],
  loaders: readonly ModelLoaderFacts[],
  options: { scope: string; repoPaths: () => readonly string[] } = {
    scope: '',
    repoPaths: () => [],
  },
): ModelMountRun[] {
  const toRepo = (path: string) => joinPath(options.scope, path) ?? path;
  const loads: Load[] = processes
    .filter(p => p.server !== false)
    .flatMap(p =>
      p.models.map(model => ({
        process: p,
        model,
        module: toRepo(model.path),
        loader: loaders.find(
          l =>
            l.path === model.path &&
            l.line === model.line &&
            l.call === model.call,
        ),
      })),
    );
  if (loads.length === 0) return [];
  const found: ModelMountRun[] = [];
  for (const file of composeFiles) {
    const problems: EvidenceProblem[] = [];
    const parsed = parseYamlDocuments(file.repoPath, file.text, problems);
    for (const service of composeServiceMounts(file.repoPath, parsed)) {
      const runs = loadsRunBy(service, file.repoPath, processes, loads, toRepo);
      if (runs.length === 0) continue;
      for (const mount of service.mounts) {
        const fed =
          absoluteLoadUnder(mount, runs) ??
          hostFolderLoad(mount, runs, options.repoPaths) ??
          mountedModelFileLoad(mount, runs, options.repoPaths);
        if (!fed) continue;
        found.push({
          path: file.path,
          line: mount.line,
          description: `compose service ${service.name} mounts ${mount.source} at ${mount.target}, ${fed}: the model is supplied when the container starts`,
        });
      }
    }
  }
  return found;
}

/** The loads of the processes a service runs (see `composeVolumeLoads`). */
function loadsRunBy(
  service: ComposeServiceMounts,
  composePath: string,
  processes: readonly ServingProcessFacts[],
  loads: readonly Load[],
  toRepo: (path: string) => string,
): Load[] {
  // Its own command says which process it runs.
  const ownCommand = (p: ServingProcessFacts) =>
    toRepo(p.path) === composePath && p.line === service.commandLine;
  if (processes.some(ownCommand))
    return loads.filter(l => ownCommand(l.process));
  const startedBy = (p: ServingProcessFacts) =>
    toRepo(p.path) === service.dockerfile;
  if (service.dockerfile !== undefined && processes.some(startedBy))
    // Its Dockerfile says which process it runs (maybe one that loads nothing).
    return loads.filter(l => startedBy(l.process));
  return loads.filter(
    l =>
      (service.buildContext !== undefined &&
        isUnder(l.module, service.buildContext)) ||
      service.mounts.some(
        m => m.hostFolder !== undefined && isUnder(l.module, m.hostFolder),
      ),
  );
}

/** The load of an absolute path under the mount's target, told as the evidence tells it. */
function absoluteLoadUnder(
  mount: ComposeMount,
  runs: readonly Load[],
): string | undefined {
  const target = normalized(mount.target);
  if (target === '') return undefined;
  const load = runs.find(
    ({ model }) =>
      model.name.startsWith('/') && isUnder(normalized(model.name), target),
  );
  return load
    ? `where ${load.process.command} loads its model (${load.model.name})`
    : undefined;
}

/**
 * A bind mount of the host folder holding the loading code, which holds a
 * folder git keeps empty, while the code loads a configured or relative
 * local path: the container runs the host's folder, models included.
 */
function hostFolderLoad(
  mount: ComposeMount,
  runs: readonly Load[],
  repoPaths: () => readonly string[],
): string | undefined {
  const host = mount.hostFolder;
  if (host === undefined) return undefined;
  const load = runs.find(
    l =>
      isUnder(l.module, host) &&
      l.loader !== undefined &&
      !l.loader.downloads &&
      !(l.loader.target ?? '').startsWith('/'),
  );
  if (!load) return undefined;
  const kept = emptyKeptFolder(host, repoPaths());
  if (kept === undefined) return undefined;
  const read = load.loader!.target ?? load.loader!.configKey ?? load.model.name;
  return `the host folder of the code that loads its model (${load.model.path}:${load.model.line}, ${read}), whose ${kept}/ git keeps empty for the files put there on the host`;
}

/**
 * A bind mount of a repository folder that holds the model file the code
 * loads under a configured folder (`{args.checkpoints}/prob-1/v1.pkl`, the
 * folder holding `prob-1/v1.pkl`) or by a relative path into a folder of the
 * mounted folder's name (`checkpoints/v1.pkl` with `./checkpoints` mounted
 * at `…/checkpoints`): the container reads the host's model files.
 */
function mountedModelFileLoad(
  mount: ComposeMount,
  runs: readonly Load[],
  repoPaths: () => readonly string[],
): string | undefined {
  const host = mount.hostFolder;
  if (host === undefined || host === '') return undefined;
  const folder = baseName(host);
  const sameName = baseName(normalized(mount.target)) === folder;
  for (const load of runs) {
    const name = load.model.name;
    if (name.startsWith('/')) continue;
    const configured = /^\{[^{}/]{1,200}\}\//.exec(name);
    const relative = normalized(name.replace(/^(?:\.\/)+/, ''));
    let file: string | undefined;
    if (configured) file = joinPath(host, name.slice(configured[0].length));
    else if (sameName && relative.startsWith(`${folder}/`))
      file = joinPath(dirName(host), relative);
    if (file === undefined || !repoPaths().includes(file)) continue;
    return `which holds ${file}, the model ${load.process.command} loads (${load.model.path}:${load.model.line}, ${name})`;
  }
  return undefined;
}

/** A folder under `host` whose only files keep it in git (`data/.gitkeep`), relative to `host`. */
function emptyKeptFolder(
  host: string,
  paths: readonly string[],
): string | undefined {
  const folders = new Map<string, boolean>();
  for (const path of paths) {
    if (!isUnder(path, host) || path === host) continue;
    const rest = host ? path.slice(host.length + 1) : path;
    const slash = rest.indexOf('/');
    if (slash < 0) continue;
    const folder = rest.slice(0, slash);
    const placeholder =
      rest.indexOf('/', slash + 1) < 0 && PLACEHOLDER.test(baseName(rest));
    folders.set(folder, (folders.get(folder) ?? true) && placeholder);
  }
  for (const [folder, onlyPlaceholders] of folders)
    if (onlyPlaceholders) return folder;
  return undefined;
}
