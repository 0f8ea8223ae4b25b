import { pipelineComponentManifests } from './dependencies/pipelineComponentPackages';
import { ciConfiguration } from './ci/ciConfiguration';
import { addOneModelFolderImages } from './docker/oneModelFolderImages';
import {
  emptyEvidence,
  EvidenceProblem,
  ModelServerConfigFacts,
  RepositoryEvidence,
  RepositoryFile,
} from '../types';
import {
  MAX_PYTHON_BYTES,
  MAX_SCRIPT_BYTES,
  MAX_WANTED_BYTES,
} from '../limits';
import {
  addModelServers,
  wantsModelServerContent,
} from './context/modelServers';
import { dvcReference, isCommittedDataFile } from './dataReferences';
import {
  freezeLockfiles,
  markDevelopmentManifests,
} from './dependencies/manifestRoles';
import { cogImage, isCogConfig } from './docker/cogImage';
import { DockerImageAnalysis } from './docker/DockerImageAnalysis';
import { envFolderMountedAtStart } from './docker/envFolderMountedAtStart';
import { buildFilledPlatformMounts } from './docker/buildFilledPlatformMount';
import { addImageTies, repositoryFiles } from './docker/imageTies';
import { loadedFileStems } from './docker/fetchedLoadedFile';
import { parseDockerfile } from './dockerfile';
import {
  ciKind,
  isCodeFile,
  isCodeowners,
  isDockerfile,
  isDockerignore,
  isDvcFile,
  isNotebook,
  isOtherContainerDefinition,
  isProwOwners,
  isPythonFile,
  isShellScript,
  isYaml,
  lockfileKind,
} from './fileKinds';
import { analysisFailure, guardedBy } from './guarded';
import { KubernetesFacts } from './kubernetes';
import { attachTrainedModels } from './kubernetes/kserve';
import { kserveSdkInferenceServices } from './kubernetes/kserveSdkObjects';
import { mlflowDeployments } from './python/mlflowDeployments';
import { sagemakerDeployments } from './python/sagemakerDeployments';
import { addPlatformLoads } from './kubernetes/platformLoads';
import { assignLockfilePins, uvWorkspace } from './lockfilePins';
import { ModelFileIndex } from './modelFiles';
import { modelTrainingFacts } from './modelTraining';
import { wantsMarkdownContent } from './packaging/documentation';
import { isMakefile } from './packaging/commandFiles';
import { GitIgnoredFolders } from './context/gitIgnoredFolders';
import { localFolderLoads } from './context/localFolderLoads';
import { releaseAssetLoads } from './context/releaseAssetLoads';
import { addPackagedImages } from './packaging/packagedImages';
import { mountedModelRuns } from './packaging/mountedModelRuns';
import { addComposeVolumeLoads } from './composeVolumeLoads';
import { baseName, FileTree, isIgnoredPath } from './paths';
import { PythonEvidence } from './python/pythonEvidence';
import { PythonProject } from './python/pythonProject';
import { ScriptSave, scriptSaves } from './python/scriptSaves';
import { withSharedParses } from './sharedParses';
import { addRepositoryContext } from './repositoryContext/repositoryContext';
import { RepositoryContextFiles } from './repositoryContext/RepositoryContextFiles';
import { isRequirementsFile } from './requirements';
import { problemMessage } from './text';
import { serviceSetsHubOffline } from './python/offlineHub';
import { isFlyConfig } from './context/flyMachines';
import { readTextFile } from './textFileAnalyzers';
import { textSource } from './textSource';

/**
 * Which files' content the analyzers need, by name and size alone (so a
 * reader can filter a tree before downloading bytes).
 *
 * @public
 */
export function wantsContent(path: string, size: number): boolean {
  if (size > MAX_WANTED_BYTES || isIgnoredPath(path)) return false;
  if (isPythonFile(path)) return size <= MAX_PYTHON_BYTES;
  if (isShellScript(path)) return size <= MAX_SCRIPT_BYTES;
  if (lockfileKind(path)) return false;
  const name = baseName(path);
  return (
    isDockerfile(path) ||
    isDockerignore(path) ||
    isYaml(path) ||
    isRequirementsFile(path) ||
    name === 'pyproject.toml' ||
    name === 'Pipfile' ||
    name === 'Procfile' ||
    isFlyConfig(path) ||
    isMakefile(path) ||
    name === '.gitignore' ||
    isCodeowners(path) ||
    isProwOwners(path) ||
    // A Jenkinsfile is read for what its stages run.
    ciKind(path) !== undefined ||
    isDvcFile(path) ||
    wantsModelServerContent(path, size) ||
    wantsMarkdownContent(path, size)
  );
}

/**
 * Reads the evidence the engine needs from one source folder's files.
 * Pure and synchronous; never throws: a file that cannot be parsed becomes
 * an entry in `problems` and is otherwise ignored.
 *
 * @public
 */
export function analyzeRepositoryFiles(
  files: RepositoryFile[],
  options: {
    location?: string;
    /**
     * When `files` are a subfolder of a repository: the repository around
     * it (root CODEOWNERS, OWNERS above it, CI, Dockerfiles building it).
     */
    repository?: RepositoryContextFiles;
  } = {},
): RepositoryEvidence {
  // A text several analyzers read is parsed once per analysis.
  return withSharedParses(() => analyzeWithSharedParses(files, options));
}

function analyzeWithSharedParses(
  files: RepositoryFile[],
  options: { location?: string; repository?: RepositoryContextFiles },
): RepositoryEvidence {
  const evidence = emptyEvidence(files.length, options.location);
  const problems: EvidenceProblem[] = evidence.problems;
  let python: PythonEvidence | undefined;
  try {
    python = analyzeInto(files, evidence, problems);
  } catch (error) {
    // Defensive: a bug in one analyzer must not take the catalog down.
    problems.push({
      path: '',
      message: `analysis failed: ${problemMessage(error)}`,
    });
  }
  if (options.repository) {
    try {
      addRepositoryContext(evidence, files, options.repository);
    } catch (error) {
      problems.push({
        path: '..',
        message: `analysis of the repository around the folder failed: ${problemMessage(
          error,
        )}`,
      });
    }
  }
  try {
    // Once the repository around the folder is read: an image built on
    // another image of it, or started by one of its scripts.
    addImageTies(
      evidence,
      options.repository?.scope ?? '',
      repositoryFiles(files, options.repository),
    );
  } catch (error) {
    problems.push({
      path: '',
      message: `could not tie the images to the repository's builds: ${problemMessage(
        error,
      )}`,
    });
  }
  try {
    // After the repository around the folder: its workloads may run a packaged image.
    addPackagedImages(evidence, files, options.repository);
  } catch (error) {
    problems.push({
      path: '',
      message: `could not read how images are packaged: ${problemMessage(
        error,
      )}`,
    });
  }
  try {
    // The start commands are known now, those of the repository around the folder too.
    python?.addProcesses(evidence);
  } catch (error) {
    problems.push({
      path: '',
      message: `could not tell the serving processes: ${problemMessage(error)}`,
    });
  }
  try {
    // Once the serving processes are known: the models they load from mounted volumes.
    addComposeVolumeLoads(evidence, files, options.repository);
  } catch (error) {
    problems.push({
      path: '',
      message: `could not read the compose volumes: ${problemMessage(error)}`,
    });
  }
  try {
    // Once the servers are known: the model folder each image running one ships.
    addOneModelFolderImages(
      evidence,
      files.map(file => file.path),
    );
  } catch (error) {
    problems.push({
      path: '',
      message: `could not tell the model folders of the images: ${problemMessage(
        error,
      )}`,
    });
  }
  try {
    const training = modelTrainingFacts(files, evidence, options.repository);
    if (training) evidence.modelTraining = training;
  } catch (error) {
    problems.push({
      path: '',
      message: `could not tell where the models are trained: ${problemMessage(
        error,
      )}`,
    });
  }
  return evidence;
}

function analyzeInto(
  files: RepositoryFile[],
  evidence: RepositoryEvidence,
  problems: EvidenceProblem[],
): PythonEvidence {
  const byPath = new Map<string, RepositoryFile>();
  for (const file of files) byPath.set(file.path, file);
  const paths = [...byPath.keys()].sort();
  const tree = new FileTree(paths);
  const models = new ModelFileIndex(paths, p => tree.hasFile(p));
  evidence.modelFiles = models.files;

  const report = (path: string, message: string) =>
    problems.push({ path, message });
  /** Decoded text of a file, reporting binary/oversized content once. */
  const textOf = textSource(byPath, report);
  const guarded = guardedBy(report);

  const kubernetes: KubernetesFacts = {
    workloads: [],
    servingRuntimes: [],
    trainedModels: [],
    configMaps: [],
  };
  const dockerfiles: string[] = [];
  const startedServers: ModelServerConfigFacts[] = [];
  // The Python modules, parsed when a loader follows an import into them.
  const python = new PythonProject(
    new Set(
      paths.filter(
        p =>
          isPythonFile(p) &&
          !isIgnoredPath(p) &&
          baseName(p) !== 'setup.py' &&
          byPath.get(p)?.content !== undefined,
      ),
    ),
    textOf,
    paths,
  );

  for (const path of paths) {
    if (isIgnoredPath(path)) continue;
    const name = baseName(path);
    if (isNotebook(path)) evidence.notebooks.push(path);
    else if (isCodeFile(path)) evidence.codeFiles.push(path);

    const ci = ciKind(path);
    if (ci) evidence.ci.push(ciConfiguration(path, ci, textOf(path), textOf));
    if (isOtherContainerDefinition(path))
      evidence.otherContainerDefinitions.push({ path, line: 1 });
    const lockfile = lockfileKind(path);
    if (lockfile) {
      evidence.lockfiles.push({ path, kind: lockfile });
      continue;
    }
    if (name === 'package.json') {
      evidence.dependencyManifests.push({
        path,
        kind: 'package-json',
        requirements: [],
        includes: [],
      });
      continue;
    }
    if (isCommittedDataFile(path)) {
      // Data committed next to the code is data others can use.
      evidence.dataReferences.push({
        path,
        note: 'data file committed to the repository',
      });
      continue;
    }
    if (isDvcFile(path)) {
      evidence.dataReferences.push(
        dvcReference(
          path,
          name.endsWith('.dvc') || path.endsWith('config')
            ? textOf(path)
            : undefined,
        ),
      );
      continue;
    }
    if (isDockerfile(path)) {
      dockerfiles.push(path);
      continue;
    }
    // `cog build` makes an image from it: read like a Dockerfile (and as YAML).
    if (isCogConfig(path)) dockerfiles.push(path);
    const file = byPath.get(path)!;
    if (!file.content) {
      if (
        file.size > 0 &&
        wantsContent(path, 0) &&
        !wantsContent(path, file.size)
      ) {
        problems.push({
          path,
          message: `not read: ${file.size} bytes is over the size cap`,
        });
      }
      continue;
    }
    guarded(path, () =>
      readTextFile(path, textOf, { evidence, kubernetes, problems }),
    );
  }

  // Model loads in Python code, before the Dockerfiles that look for what they load.
  const pythonEvidence = new PythonEvidence(
    python,
    tree,
    textOf,
    (path, error) => report(path, analysisFailure(error)),
  );
  // The services read so far (compose, Fly.io) may run the code with the hub offline.
  evidence.modelLoaders.push(
    ...pythonEvidence.loaders(serviceSetsHubOffline(evidence.workloads)),
  );
  guarded('', () =>
    evidence.dependencyManifests.push(...pipelineComponentManifests(python)),
  );
  const gitIgnored = new GitIgnoredFolders(tree, textOf);
  guarded('', () => localFolderLoads(evidence.modelLoaders, gitIgnored));
  guarded('', () => releaseAssetLoads(evidence.modelLoaders, tree));

  // InferenceServices the kserve Python SDK creates are deployments too.
  guarded('', () =>
    kubernetes.workloads.push(...kserveSdkInferenceServices(python)),
  );
  // So are the endpoints MLflow's deployment client creates on a platform.
  guarded('', () => kubernetes.workloads.push(...mlflowDeployments(python)));
  // And the endpoints the SageMaker SDK deploys a model object to.
  guarded('', () => kubernetes.workloads.push(...sagemakerDeployments(python)));
  attachTrainedModels(kubernetes.workloads, kubernetes.trainedModels);
  evidence.workloads.push(...kubernetes.workloads);
  evidence.servingRuntimes.push(...kubernetes.servingRuntimes);

  let stems: ReadonlySet<string> | undefined;
  const loadedStems = () => (stems ??= loadedFileStems(evidence.modelLoaders));
  const saved = new Map<string, ScriptSave[]>();
  const savesOf = (script: string) => {
    let saves = saved.get(script);
    if (!saves) saved.set(script, (saves = scriptSaves(python, script)));
    return saves;
  };
  for (const path of dockerfiles) {
    guarded(path, () => {
      const text = textOf(path);
      const cog = isCogConfig(path);
      if (text === undefined) {
        // An unread cog.yaml stays another container definition.
        if (cog) return;
        // The file exists (a container definition) even if its content was not read.
        const file = byPath.get(path)!;
        if (!file.content) {
          problems.push({
            path,
            message: `not read: ${file.size} bytes is over the size cap; its instructions are unknown`,
          });
          // The file still is a container definition.
          evidence.dockerfiles.push({
            path,
            stages: [],
            modelsIntoImage: [],
            installsManifests: [],
            startupDownloads: [],
          });
        }
        return;
      }
      const parsed = cog
        ? cogImage(path, text, [])
        : parseDockerfile(path, text, problems);
      if (!parsed) return;
      // A platform's model mount the build itself fills is read from the image.
      const filled = buildFilledPlatformMounts(
        path,
        parsed,
        evidence.modelLoaders,
        evidence.workloads,
      );
      const analysis = new DockerImageAnalysis(path, parsed, {
        tree,
        models,
        textOf,
        scriptHubLoads: (script, code) =>
          pythonEvidence.hubLoadsRunBy(script, code),
        scriptSaves: savesOf,
        loadedStems,
        partlyConfiguredPath: loader =>
          pythonEvidence.partlyConfiguredPath(loader),
        gitIgnored: p => gitIgnored.ignoredBy(p),
        fetchesModelIn: p => pythonEvidence.fetchesModelIn(p),
        configFilePath: loader => pythonEvidence.configFilePath(loader),
      });
      const facts = analysis.facts(
        evidence.dependencyManifests,
        evidence.modelLoaders,
      );
      for (const written of filled)
        if (!facts.modelsIntoImage.some(m => m.line === written.line))
          facts.modelsIntoImage.push(written);
      evidence.dockerfiles.push(facts);
      const mounted = envFolderMountedAtStart(
        path,
        parsed,
        evidence.modelLoaders,
      );
      if (mounted.length > 0)
        evidence.modelsMountedAtStart = [
          ...(evidence.modelsMountedAtStart ?? []),
          ...mounted,
        ];
      // Read as the image it builds, no longer as another container definition.
      if (cog)
        evidence.otherContainerDefinitions =
          evidence.otherContainerDefinitions.filter(c => c.path !== path);
      const served = analysis.servedModelFacts();
      if (served) startedServers.push(served);
    });
  }

  guarded('', () =>
    addPlatformLoads(evidence.workloads, tree, textOf, kubernetes.configMaps),
  );
  guarded('', () =>
    addModelServers(
      evidence,
      paths.filter(p => !isIgnoredPath(p)),
      tree,
      textOf,
      problems,
    ),
  );
  // Servers whose start command or script says which models they load.
  evidence.modelServers = [...(evidence.modelServers ?? []), ...startedServers];
  guarded('', () => {
    const mounted = mountedModelRuns(
      paths.filter(p => !isIgnoredPath(p)),
      textOf,
      problems,
    );
    if (mounted.length > 0)
      evidence.modelsMountedAtStart = [
        ...(evidence.modelsMountedAtStart ?? []),
        ...mounted,
      ];
  });

  guarded('', () => {
    markDevelopmentManifests(
      evidence.dependencyManifests,
      evidence.dockerfiles,
    );
    evidence.lockfiles.push(
      ...freezeLockfiles(
        evidence.dependencyManifests,
        evidence.dockerfiles,
        evidence.lockfiles,
      ),
    );
  });

  guarded('', () =>
    assignLockfilePins(
      evidence.lockfiles,
      evidence.dependencyManifests,
      evidence.dockerfiles,
      folder => {
        const text = textOf(
          folder ? `${folder}/pyproject.toml` : 'pyproject.toml',
        );
        return text === undefined ? undefined : uvWorkspace(text);
      },
    ),
  );
  return pythonEvidence;
}
