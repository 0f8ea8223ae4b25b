import { MAX_SERVER_CONFIG_BYTES } from '../../limits';
import {
  EvidenceProblem,
  ModelServerConfigFacts,
  RepositoryEvidence,
  WorkloadFacts,
} from '../../types';
import { baseName, dirName, FileTree, isUnder, joinPath } from '../paths';
import { isBentofile, readBentofileModels } from './bentofileModels';
import {
  findMlserverServers,
  isMlserverModelSettings,
  wantsMlserverContent,
} from './mlserverModels';
import {
  commandWords,
  flagValues,
  lastSegment,
  tritonExplicitModels,
} from './serverArguments';
import { namedModelConfigFiles } from './namedModelConfigFiles';
import {
  hasLooseConfigName,
  looksLikeTfServingConfig,
  mayBeTfServingConfig,
  readTfServingConfig,
} from './tfServingConfig';
import {
  isTorchServeConfig,
  readTorchServeConfig,
  torchServeStartedModels,
  wantsTorchServeContent,
} from './torchServeConfig';

type TorchServeTree = Parameters<typeof torchServeStartedModels>[1];
import {
  findTritonRepositories,
  isTritonModelConfig,
  TritonRepository,
  tritonServedModels,
} from './tritonRepositories';
import { servedByNoImage } from './startFilledTritonImages';

/**
 * Model servers' own configuration, read after every file: which models
 * each hosts (see `ModelServerConfigFacts`), and, for the workloads that
 * start such a server on a model repository or config in the tree, how
 * many models that is — instead of assuming "several" from the flag.
 */

/** Model-server configuration files whose content the analyzers need. */
export function wantsModelServerContent(path: string, size: number): boolean {
  return (
    (isTritonModelConfig(path) && size <= MAX_SERVER_CONFIG_BYTES) ||
    mayBeTfServingConfig(path, size) ||
    wantsMlserverContent(path, size) ||
    wantsTorchServeContent(path, size)
  );
}

/** Loader calls of companions (a tokenizer, processor or config), not of a network. */
const COMPANION_CALL = /tokeni[sz]er|processor|feature_?extractor|config/i;

/** A Triton repository and the server commands that start on it. */
interface ServerCommand {
  words: string[];
}

function serverCommands(evidence: RepositoryEvidence): ServerCommand[] {
  const commands: ServerCommand[] = [];
  for (const workload of evidence.workloads) {
    for (const container of workload.containers) {
      if (container.command)
        commands.push({ words: commandWords(container.command) });
    }
  }
  for (const dockerfile of evidence.dockerfiles) {
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (final?.command)
      commands.push({ words: commandWords(final.command.value) });
  }
  return commands;
}

/** The one item whose folder/file name matches the path a flag gives, or the only item. */
function pickByName<T>(
  items: T[],
  nameOf: (item: T) => string,
  flagPath: string | undefined,
): T | undefined {
  if (flagPath !== undefined) {
    const wanted = lastSegment(flagPath);
    const named = items.filter(item => nameOf(item) === wanted);
    if (named.length === 1) return named[0];
  }
  return items.length === 1 ? items[0] : undefined;
}

function isRemote(location: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location);
}

function tritonFacts(
  evidence: RepositoryEvidence,
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
): Array<{ repository: TritonRepository; facts: ModelServerConfigFacts }> {
  const repositories = findTritonRepositories(paths, textOf, problems).filter(
    repository =>
      !servedByNoImage(repository, evidence, () => commandTexts(paths, textOf)),
  );
  if (repositories.length === 0) return [];
  // Explicit model control narrows the repository a command starts on.
  const narrowed = new Map<TritonRepository, Set<string>>();
  for (const { words } of serverCommands(evidence)) {
    const loaded = tritonExplicitModels(words);
    if (!loaded) continue;
    const target = flagValues(words, [
      '--model-repository',
      '--model-store',
    ])[0];
    if (target !== undefined && isRemote(target)) continue;
    const repository = pickByName(
      repositories,
      r => baseName(r.folder),
      target,
    );
    if (!repository) continue;
    const set = narrowed.get(repository) ?? new Set<string>();
    loaded.forEach(name => set.add(name));
    narrowed.set(repository, set);
  }
  const loadsNetwork = (folder: string) =>
    evidence.modelFiles.some(file => isUnder(file, folder)) ||
    evidence.modelLoaders.some(
      loader =>
        isUnder(loader.path, folder) && !COMPANION_CALL.test(loader.call),
    );
  return repositories.map(repository => {
    const loaded = narrowed.get(repository);
    const folder = repository.folder || '.';
    return {
      repository,
      facts: {
        path: repository.models[0].configPath,
        line: 1,
        server: 'triton',
        description: loaded
          ? `Triton model repository ${folder}/ with explicit model control (--load-model ${[
              ...loaded,
            ].join(', ')})`
          : `Triton model repository ${folder}/`,
        models: tritonServedModels(repository, { loadsNetwork, loaded }),
      },
    };
  });
}

/** The texts of the tree's shell scripts and docs (where `docker run -v` is written). */
function* commandTexts(
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
): Generator<string> {
  for (const path of paths) {
    if (!/\.(?:sh|md)$/i.test(path)) continue;
    const text = textOf(path);
    if (text !== undefined) yield text;
  }
}

/** The texts of the tree's shell scripts. */
function* shellScripts(
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
): Generator<string> {
  for (const path of paths) {
    if (!path.endsWith('.sh')) continue;
    const text = textOf(path);
    if (text !== undefined) yield text;
  }
}

function dirsByName(tree: FileTree): (name: string) => string[] {
  let index: Map<string, string[]> | undefined;
  return name => {
    if (!index) {
      index = new Map();
      for (const dir of tree.dirs) {
        const key = baseName(dir);
        const list = index.get(key) ?? [];
        list.push(dir);
        index.set(key, list);
      }
    }
    return index.get(name) ?? [];
  };
}

/**
 * The folder of the tree that the workload's image copies to a path
 * (`COPY model_repository/ /models` for `--model-repository=/models`),
 * relative to the folder of the Dockerfile building it: which of several
 * model repositories the server starts on, when their names do not say.
 */
function copiedFolder(
  workload: WorkloadFacts,
  containerPath: string,
  dockerfiles: RepositoryEvidence['dockerfiles'],
): string | undefined {
  const dockerfile = dockerfiles.find(d => d.path === workload.dockerfile);
  const final = dockerfile?.stages[dockerfile.stages.length - 1];
  if (!dockerfile || !final) return undefined;
  const wanted = trimSlashes(containerPath);
  const sources = final.copies
    .filter(c => c.from === undefined && trimSlashes(c.destination) === wanted)
    .flatMap(c => c.sources);
  if (sources.length !== 1) return undefined;
  return joinPath(dirName(dockerfile.path), trimSlashes(sources[0]));
}

/** `./models/` → `models` (what Docker reads the same). */
function trimSlashes(path: string): string {
  let start = path.startsWith('./') ? 2 : 0;
  let end = path.length;
  while (end > start && path[end - 1] === '/') end--;
  if (start > end) start = end;
  return path.slice(start, end);
}

/**
 * A workload that starts a model server on a repository or config read
 * here loads that many models: its "serves every model of a repository"
 * flag becomes a count (one model is not several).
 */
function resolveWorkload(
  workload: WorkloadFacts,
  triton: Array<{
    repository: TritonRepository;
    facts: ModelServerConfigFacts;
  }>,
  configs: ModelServerConfigFacts[],
  tree: TorchServeTree,
  dockerfiles: RepositoryEvidence['dockerfiles'],
): void {
  if (!workload.multiModel) return;
  const servers = workload.containers.filter(c => !c.sidecar && c.command);
  if (servers.length !== 1) return;
  const [container] = servers;
  const words = commandWords(container.command);
  let facts: ModelServerConfigFacts | undefined;
  const repository = flagValues(words, ['--model-repository'])[0];
  const tfConfig = flagValues(words, [
    '--model_config_file',
    '--model-config-file',
  ])[0];
  const tsConfig = flagValues(words, ['--ts-config'])[0];
  if (repository !== undefined && !isRemote(repository)) {
    const copied = copiedFolder(workload, repository, dockerfiles);
    facts = (
      (copied !== undefined &&
        triton.find(t => t.repository.folder === copied)) ||
      pickByName(triton, t => baseName(t.repository.folder), repository)
    )?.facts;
  } else if (tfConfig !== undefined && !isRemote(tfConfig)) {
    facts = pickByName(
      configs.filter(c => c.server === 'tensorflow-serving'),
      c => baseName(c.path),
      tfConfig,
    );
  } else if (tsConfig !== undefined) {
    facts = pickByName(
      configs.filter(c => c.server === 'torchserve'),
      c => baseName(c.path),
      tsConfig,
    );
  }
  if (!facts && words.includes('--models')) {
    const models = torchServeStartedModels(words, tree, {
      path: workload.path,
      line: container.line ?? workload.line ?? 1,
    });
    if (models)
      facts = {
        path: workload.path,
        line: container.line ?? workload.line,
        server: 'torchserve',
        description: `torchserve --models in ${workload.path}`,
        models,
      };
  }
  if (!facts) return;
  const count = facts.models.length;
  workload.modelsLoaded = count;
  workload.modelsLoadedEvidence = facts.models.map(model => ({
    path: model.path,
    line: model.line,
    note: `${container.name}: ${model.note}`,
  }));
  workload.multiModel =
    count > 1
      ? {
          path: facts.path,
          line: facts.line,
          description: `${container.name} serves the ${count} models of ${facts.description}`,
        }
      : undefined;
}

/**
 * Reads the model servers' configuration of the tree into
 * `evidence.modelServers` and resolves the workloads starting them.
 * Needs the workloads, Dockerfiles, model files and loaders already read.
 */
export function addModelServers(
  evidence: RepositoryEvidence,
  paths: readonly string[],
  tree: FileTree,
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
): void {
  const triton = tritonFacts(evidence, paths, textOf, problems);
  const configs: ModelServerConfigFacts[] = triton.map(t => t.facts);
  const dirsNamed = dirsByName(tree);
  // Config file names TF Serving is started with; read when first needed.
  let named: Set<string> | undefined;
  for (const path of paths) {
    if (isTorchServeConfig(path)) {
      const text = textOf(path);
      const facts =
        text === undefined
          ? undefined
          : readTorchServeConfig(
              path,
              text,
              { paths, hasDir: dir => tree.hasDir(dir), dirsNamed },
              problems,
            );
      if (facts) configs.push(facts);
    } else if (isBentofile(path)) {
      const text = textOf(path);
      const facts =
        text === undefined
          ? undefined
          : readBentofileModels(path, text, problems);
      if (facts) configs.push(facts);
    } else if (mayBeTfServingConfig(path, 0)) {
      const text = textOf(path);
      if (text === undefined || !looksLikeTfServingConfig(text)) continue;
      if (hasLooseConfigName(path)) {
        named ??= namedModelConfigFiles(
          serverCommands(evidence).map(c => c.words),
          shellScripts(paths, textOf),
        );
        if (named.size > 0 && !named.has(baseName(path))) continue;
      }
      const facts = readTfServingConfig(path, text, problems);
      if (facts) configs.push(facts);
    }
  }
  if (paths.some(isMlserverModelSettings)) {
    configs.push(...findMlserverServers(paths, textOf, problems));
  }
  evidence.modelServers = configs.filter(c => c.models.length > 0);
  const torchServeTree: TorchServeTree = {
    paths,
    hasDir: dir => tree.hasDir(dir),
    dirsNamed,
  };
  for (const workload of evidence.workloads) {
    resolveWorkload(
      workload,
      triton,
      configs,
      torchServeTree,
      evidence.dockerfiles,
    );
  }
}
