import { Minimatch } from 'minimatch';
import { parse as parseYaml } from 'yaml';
import {
  DependencyManifestFacts,
  DockerfileFacts,
  EvidenceProblem,
  LockfileFacts,
  ModelServerConfigFacts,
  RepositoryEvidence,
  RepositoryFile,
  ServingRuntimeFacts,
  WorkloadFacts,
} from '../types';
import {
  analyzeProwOwners,
  codeownersRuleFor,
  parseCodeownersRules,
  prowStopsParents,
} from './codeReview';
import { analyzeCompose } from './compose';
import { parseDockerfile } from './dockerfile';
import { DockerImageAnalysis } from './dockerImage';
import {
  ciKind,
  isCodeowners,
  isComposeFile,
  isCondaEnvironment,
  isDockerfile,
  isDockerignore,
  isProwOwners,
  isShellScript,
  isYaml,
  lockfileKind,
} from './fileKinds';
import {
  analyzeKubernetesYaml,
  attachTrainedModels,
  KubernetesFacts,
} from './kubernetes';
import { addPlatformLoads } from './kubernetes/platformLoads';
import { assignLockfilePins, uvWorkspace } from './lockfilePins';
import { ModelFileIndex } from './modelFiles';
import { wantsContextMarkdownContent } from './packaging/documentation';
import {
  parseCondaEnvironment,
  parsePipfile,
  parsePyproject,
  parseSetupPy,
} from './pythonManifests';
import { isRequirementsFile, parseRequirementsFile } from './requirements';
import {
  ancestorsOf,
  baseName,
  dirName,
  FileTree,
  isIgnoredPath,
  isUnder,
} from './paths';
import { decodeText, problemMessage } from './text';
import { parseYamlDocuments } from './yamlDocuments';
import { withoutStackTraces } from './withoutStackTraces';
import { yamlNestingProblem } from './yamlNesting';

/**
 * The repository around a scored subfolder. An entity whose source is a
 * folder of a larger repository is still reviewed through the root's
 * CODEOWNERS (or the OWNERS files above it), checked by the repository's
 * CI, and may be built by a Dockerfile elsewhere (`python/sklearn.Dockerfile`
 * doing `COPY sklearnserver sklearnserver`). These facts are read here and
 * added to the folder's evidence, with paths relative to the folder
 * (`../../CODEOWNERS`).
 */
export interface RepositoryContextFiles {
  /** The scored folder, relative to the repository root (`/` separators, no leading or trailing `/`). */
  scope: string;
  /**
   * Files of the repository outside the scored folder, paths relative to
   * the repository root; content only for those `wantsContextContent` asks for.
   */
  files: RepositoryFile[];
  /** Why the listing outside the folder is incomplete, when it is. */
  truncated?: string;
}

/** Folders at the repository root whose files configure CI for the whole repository. */
const ROOT_CI_FOLDERS = [
  '.github/workflows/',
  '.circleci/',
  '.azure-pipelines/',
  '.buildkite/',
  '.tekton/',
  '.woodpecker/',
];

/** Most scope files matched against CODEOWNERS rules and workflow path filters. */
const MAX_SAMPLED_FILES = 2000;

const MAX_CONTEXT_FILE_BYTES = 512 * 1024;
const MAX_SCRIPT_BYTES = 64 * 1024;

/** Dependency manifests an image built from the folder may install from a folder above it. */
function isManifest(repoPath: string): boolean {
  const name = baseName(repoPath);
  return (
    name === 'pyproject.toml' ||
    name === 'Pipfile' ||
    name === 'setup.py' ||
    isRequirementsFile(repoPath) ||
    isCondaEnvironment(repoPath)
  );
}

/** Parses a manifest above the folder that an image building the folder installs. */
function parseManifest(
  repoPath: string,
  text: string,
  problems: EvidenceProblem[],
): DependencyManifestFacts | undefined {
  const name = baseName(repoPath);
  if (name === 'pyproject.toml')
    return parsePyproject(repoPath, text, problems);
  if (name === 'Pipfile') return parsePipfile(repoPath, text, problems);
  if (name === 'setup.py') return parseSetupPy(repoPath, text);
  if (isCondaEnvironment(repoPath))
    return parseCondaEnvironment(repoPath, text, problems);
  if (isRequirementsFile(repoPath))
    return parseRequirementsFile(repoPath, text, problems);
  return undefined;
}

/** A CI configuration outside the folder that applies to the whole repository (or to the folder's ancestors). */
function isRepositoryCi(repoPath: string, scope: string): boolean {
  if (!ciKind(repoPath)) return false;
  return (
    isUnder(scope, dirName(repoPath)) ||
    ROOT_CI_FOLDERS.some(folder => repoPath.startsWith(folder))
  );
}

/** Folders below a project folder that deployment manifests are looked for in. */
const MAX_MANIFEST_DEPTH = 3;

/**
 * The folders above the scored one whose deployment manifests may deploy
 * it: its parent and grandparent (`model_load_pattern/` for
 * `model_load_pattern/src`), the repository root only when it is the parent.
 */
function projectFoldersAbove(scope: string): string[] {
  return ancestorsOf(scope)
    .reverse()
    .slice(0, 2)
    .filter((folder, i) => folder !== '' || i === 0);
}

/** A YAML file near the folder (see `projectFoldersAbove`) that may be a Kubernetes or compose manifest. */
function isNearbyManifest(repoPath: string, scope: string): boolean {
  if (
    !isYaml(repoPath) ||
    isUnder(repoPath, scope) ||
    ciKind(repoPath) ||
    isProwOwners(repoPath) ||
    isCondaEnvironment(repoPath) ||
    repoPath.startsWith('.github/')
  )
    return false;
  return projectFoldersAbove(scope).some(folder => {
    if (!isUnder(repoPath, folder)) return false;
    const below = folder
      ? dirName(repoPath.slice(folder.length + 1))
      : dirName(repoPath);
    return (below ? below.split('/').length : 0) <= MAX_MANIFEST_DEPTH;
  });
}

/**
 * Which files outside the scored folder the context analysis needs the
 * content of, by path and size alone (so a reader can filter before
 * downloading): root CODEOWNERS, OWNERS and pyproject.toml files above the
 * folder, repository CI, Dockerfiles, .dockerignore files, shell scripts and
 * READMEs anywhere.
 */
export function wantsContextContent(
  repoPath: string,
  size: number,
  scope: string,
): boolean {
  if (size > MAX_CONTEXT_FILE_BYTES || isIgnoredPath(repoPath)) return false;
  const name = baseName(repoPath);
  if (isCodeowners(repoPath)) return true;
  if (isProwOwners(repoPath) || isManifest(repoPath))
    return isUnder(scope, dirName(repoPath));
  if (isRepositoryCi(repoPath, scope)) return true;
  // Deployment manifests of the project the folder belongs to.
  if (isNearbyManifest(repoPath, scope)) return true;
  // Start-up scripts an image outside the folder may run, and build scripts.
  if (isShellScript(repoPath) || /^(docker-)?entrypoint$/.test(name))
    return size <= MAX_SCRIPT_BYTES;
  // READMEs documenting how an image the folder's workloads run is built.
  if (wantsContextMarkdownContent(repoPath, size)) return true;
  return isDockerfile(repoPath) || isDockerignore(repoPath);
}

/** `python/sklearnserver` + `CODEOWNERS` → `../../CODEOWNERS`. */
export function relativeToScope(scope: string, repoPath: string): string {
  if (isUnder(repoPath, scope)) {
    return repoPath === scope ? '.' : repoPath.slice(scope.length + 1);
  }
  const from = scope.split('/');
  const to = repoPath.split('/');
  let common = 0;
  while (
    common < from.length &&
    common < to.length - 1 &&
    from[common] === to[common]
  ) {
    common++;
  }
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

function rerootDockerfile(
  facts: DockerfileFacts,
  reroot: (path: string) => string,
): DockerfileFacts {
  return {
    ...facts,
    path: reroot(facts.path),
    modelsIntoImage: facts.modelsIntoImage.map(m => ({
      ...m,
      path: reroot(m.path),
    })),
    installsManifests: facts.installsManifests.map(m => ({
      ...m,
      path: reroot(m.path),
    })),
    startupDownloads: facts.startupDownloads.map(s => ({
      ...s,
      path: reroot(s.path),
    })),
    ...(facts.builtInModels && {
      builtInModels: facts.builtInModels.map(m => ({
        ...m,
        path: reroot(m.path),
        ...(m.script && { script: reroot(m.script) }),
      })),
    }),
    ...(facts.hubOffline && {
      hubOffline: { ...facts.hubOffline, path: reroot(facts.hubOffline.path) },
    }),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Does a Dockerfile outside the folder build it? It does when a stage that
 * ends up in the image copies the folder (or something in it) or a named
 * folder above it from its build context, or copies the whole context
 * (`COPY . .`) and then runs, installs or starts something from the
 * folder's path.
 */
function buildsScope(
  analysis: DockerImageAnalysis,
  scope: string,
): { line: number } | undefined {
  let commands: string | undefined;
  for (const copied of analysis.copiedRepoPaths()) {
    if (isUnder(copied.path, scope)) return copied;
    if (!isUnder(scope, copied.path)) continue;
    // A named folder holding the folder (`COPY ./runtimes ./runtimes`)
    // brings it in on purpose; the whole context (`COPY . .`) does so only
    // when the image then does something with the folder.
    if (copied.path !== analysis.buildContext) return copied;
    const inside = copied.path ? scope.slice(copied.path.length + 1) : scope;
    commands ??= analysis.commandsText();
    const mention = new RegExp(
      `(^|[\\s/"'=:,])(\\./)?${escapeRegExp(inside)}(/|[\\s"',;:]|$)`,
      'm',
    );
    const moduleName = inside.replace(/\//g, '.');
    const asModule = new RegExp(
      `(^|\\s)-m\\s+${escapeRegExp(moduleName)}(\\.|\\s|$)`,
      'm',
    );
    if (mention.test(commands) || asModule.test(commands)) return copied;
  }
  return undefined;
}

/**
 * Is the folder what the image runs? Its start-up command (or the script
 * it starts) points into the folder, or names it as a path or module
 * (`python -m sklearnserver`, `gunicorn src.app:app`). An image without a
 * command of its own is taken to run what it was built from.
 */
function runsScope(analysis: DockerImageAnalysis, scope: string): boolean {
  const start = analysis.startCommand();
  if (!start) return true;
  if (start.repoPaths.some(p => isUnder(p, scope))) return true;
  const name = escapeRegExp(baseName(scope));
  return new RegExp(`(^|[\\s/"'=:,])${name}([./:\\s"',]|$)`, 'm').test(
    start.text,
  );
}

/**
 * A GitHub Actions path filter as a minimatch pattern: GitHub's `**`
 * also matches inside a segment (`**.md` is every Markdown file).
 */
function workflowGlob(pattern: string): Minimatch {
  return new Minimatch(pattern.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*'), {
    dot: true,
  });
}

interface Trigger {
  paths?: Minimatch[];
  pathsNegated?: boolean[];
  ignore?: Minimatch[];
}

/** Push / pull-request triggers of a GitHub workflow with their path filters; undefined: runs regardless. */
function workflowTriggers(text: string): Trigger[] | undefined {
  let doc: any;
  // Too deep to parse safely: the workflow is taken to run regardless.
  if (yamlNestingProblem(text)) return undefined;
  try {
    doc = withoutStackTraces(() => parseYaml(text, { maxAliasCount: 100 }));
  } catch {
    return undefined;
  }
  const on = doc?.on ?? doc?.true;
  if (!on || typeof on !== 'object' || Array.isArray(on)) return undefined;
  const events = ['push', 'pull_request', 'pull_request_target'];
  const present = events.filter(event => event in on);
  if (present.length === 0 || 'merge_group' in on) return undefined;
  const triggers: Trigger[] = [];
  for (const event of present) {
    const config = on[event];
    if (!config || typeof config !== 'object') return undefined;
    const list = (value: unknown): string[] | undefined =>
      Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : undefined;
    const paths = list(config.paths);
    const ignore = list(config['paths-ignore']);
    if (paths) {
      triggers.push({
        paths: paths.map(p => workflowGlob(p.replace(/^!/, ''))),
        pathsNegated: paths.map(p => p.startsWith('!')),
      });
    } else if (ignore) {
      triggers.push({
        ignore: ignore.map(workflowGlob),
      });
    } else {
      return undefined;
    }
  }
  return triggers;
}

/** Would a change to this file start the workflow (GitHub: the last matching `paths` pattern decides)? */
function triggered(trigger: Trigger, path: string): boolean {
  if (trigger.paths) {
    let included = false;
    trigger.paths.forEach((matcher, i) => {
      if (matcher.match(path)) included = !trigger.pathsNegated![i];
    });
    return included;
  }
  return !trigger.ignore!.some(matcher => matcher.match(path));
}

/**
 * Deployment manifests of the project a folder belongs to: the YAML files
 * near it (see `isNearbyManifest`) inside a folder above it whose Dockerfile
 * builds and runs it (`model_load_pattern/Dockerfile` copying `src/`, with
 * `model_load_pattern/manifests/deployment.yml`), leaving out the folders of
 * other images (a sub-project with a Dockerfile of its own). These are the
 * manifests the folder's evidence would hold had the project folder been
 * scored.
 */
function projectManifests(
  outside: string[],
  scope: string,
  projectFolders: ReadonlySet<string>,
  tree: FileTree,
  textOf: (repoPath: string) => string | undefined,
  reroot: (repoPath: string) => string,
  problems: EvidenceProblem[],
  guarded: (repoPath: string, run: () => void) => void,
): { workloads: WorkloadFacts[]; servingRuntimes: ServingRuntimeFacts[] } {
  const kubernetes: KubernetesFacts = {
    workloads: [],
    servingRuntimes: [],
    trainedModels: [],
  };
  const compose: WorkloadFacts[] = [];
  if (projectFolders.size === 0) return { workloads: [], servingRuntimes: [] };
  const imageFolders = new Set(
    [...tree.files].filter(p => isDockerfile(p)).map(p => dirName(p)),
  );
  for (const repoPath of outside) {
    if (!isNearbyManifest(repoPath, scope)) continue;
    const project = [...projectFolders].find(folder =>
      isUnder(repoPath, folder),
    );
    if (project === undefined) continue;
    // Folders between the project and the manifest holding another image.
    const between = ancestorsOf(repoPath).filter(
      folder => folder !== project && isUnder(folder, project),
    );
    if (between.some(folder => imageFolders.has(folder))) continue;
    guarded(repoPath, () => {
      const text = textOf(repoPath);
      if (text === undefined) return;
      const scoped: EvidenceProblem[] = [];
      const parsed = parseYamlDocuments(repoPath, text, scoped);
      if (isComposeFile(repoPath))
        compose.push(...analyzeCompose(repoPath, parsed));
      else analyzeKubernetesYaml(repoPath, parsed, kubernetes);
      problems.push(...scoped.map(p => ({ ...p, path: reroot(p.path) })));
    });
  }
  attachTrainedModels(kubernetes.workloads, kubernetes.trainedModels);
  addPlatformLoads([...kubernetes.workloads, ...compose], tree, textOf);
  return {
    workloads: [...kubernetes.workloads, ...compose],
    servingRuntimes: kubernetes.servingRuntimes,
  };
}

/** A workload read outside the folder, its paths made relative to the folder. */
function rerootWorkload(
  workload: WorkloadFacts,
  reroot: (repoPath: string) => string,
): WorkloadFacts {
  const at = <T extends { path: string }>(item: T): T => ({
    ...item,
    path: reroot(item.path),
  });
  const container = (c: WorkloadFacts['containers'][number]) => ({
    ...c,
    readinessProbe: c.readinessProbe && at(c.readinessProbe),
    startupProbe: c.startupProbe && at(c.startupProbe),
    livenessProbe: c.livenessProbe && at(c.livenessProbe),
    downloadsModel: c.downloadsModel && at(c.downloadsModel),
  });
  const result: WorkloadFacts = {
    ...workload,
    path: reroot(workload.path),
    containers: workload.containers.map(container),
    initContainers: workload.initContainers.map(container),
    modelsLoadedEvidence: workload.modelsLoadedEvidence.map(at),
  };
  if (workload.storageUri) result.storageUri = at(workload.storageUri);
  if (workload.multiModel) result.multiModel = at(workload.multiModel);
  if (workload.dockerfile) result.dockerfile = reroot(workload.dockerfile);
  return result;
}

/**
 * Adds the repository around a scored subfolder to the folder's evidence:
 * review rules (root CODEOWNERS whose patterns give the folder owners, Prow
 * OWNERS files above it), repository CI whose path filters include the
 * folder, Dockerfiles elsewhere that build it, and lockfiles above it that
 * pin its manifests (a uv workspace, an image installing from them).
 * `scopeFiles` are the folder's files as analyzed (relative to it).
 */
export function addRepositoryContext(
  evidence: RepositoryEvidence,
  scopeFiles: RepositoryFile[],
  context: RepositoryContextFiles,
): void {
  const scope = context.scope;
  if (evidence.status !== 'ok' || !scope) return;
  const reroot = (repoPath: string) => relativeToScope(scope, repoPath);
  const toRepo = (scopePath: string) => `${scope}/${scopePath}`;
  const problems: EvidenceProblem[] = [];

  const byPath = new Map<string, RepositoryFile>();
  for (const file of context.files) {
    if (!isUnder(file.path, scope)) byPath.set(file.path, file);
  }
  for (const file of scopeFiles) byPath.set(toRepo(file.path), file);
  const textOf = (repoPath: string): string | undefined => {
    const file = byPath.get(repoPath);
    const decoded = file ? decodeText(file) : undefined;
    if (decoded && !decoded.ok && !isUnder(repoPath, scope))
      problems.push({ path: reroot(repoPath), message: decoded.message });
    return decoded?.ok ? decoded.text : undefined;
  };
  const outside = context.files
    .map(f => f.path)
    .filter(p => !isUnder(p, scope) && !isIgnoredPath(p))
    .sort();
  const sampled = scopeFiles
    .map(f => f.path)
    .filter(p => !isIgnoredPath(p))
    .slice(0, MAX_SAMPLED_FILES)
    .map(toRepo);
  const guarded = (repoPath: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      problems.push({
        path: reroot(repoPath),
        message: `could not analyze: ${problemMessage(error)}`,
      });
    }
  };

  // Review: CODEOWNERS rules that give the folder's files owners.
  const reviewable = sampled.filter(
    p =>
      !/\.(md|rst|adoc)$/i.test(p) &&
      !/(^|\/)(LICENSE|NOTICE|AUTHORS)[^/]*$/i.test(p),
  );
  const candidates = reviewable.length > 0 ? reviewable : sampled;
  for (const repoPath of outside.filter(isCodeowners)) {
    guarded(repoPath, () => {
      const text = textOf(repoPath);
      if (text === undefined) return;
      const rules = parseCodeownersRules(text);
      let owned: { line: number } | undefined;
      let count = 0;
      for (const file of candidates) {
        const rule = codeownersRuleFor(rules, file);
        if (rule && rule.owners.length > 0) {
          owned ??= rule;
          count++;
        }
      }
      if (owned) {
        evidence.codeReview.push({
          path: reroot(repoPath),
          line: owned.line,
          kind: 'CODEOWNERS',
        });
      } else {
        problems.push({
          path: reroot(repoPath),
          message: `CODEOWNERS names no owners for ${scope}; it does not count as its code review`,
        });
      }
      if (owned && count < candidates.length) {
        problems.push({
          path: reroot(repoPath),
          message: `CODEOWNERS gives owners to ${count} of ${candidates.length} files of ${scope}`,
        });
      }
    });
  }

  // Review: Prow OWNERS files above the folder, nearest first, until one
  // sets no_parent_owners (the folder's own OWNERS counts for that too).
  const ownersAt = (folder: string) => (folder ? `${folder}/OWNERS` : 'OWNERS');
  let inherit = true;
  const own = textOf(ownersAt(scope));
  if (own !== undefined) {
    inherit = !prowStopsParents(parseYamlDocuments(ownersAt(scope), own, []));
  }
  const above = ancestorsOf(scope).reverse();
  for (const folder of above) {
    if (!inherit) break;
    const repoPath = ownersAt(folder);
    const text = byPath.has(repoPath) ? textOf(repoPath) : undefined;
    if (text === undefined) continue;
    try {
      const scoped: EvidenceProblem[] = [];
      const parsed = parseYamlDocuments(repoPath, text, scoped);
      const review = analyzeProwOwners(repoPath, parsed, scoped);
      problems.push(...scoped.map(p => ({ ...p, path: reroot(p.path) })));
      if (review)
        evidence.codeReview.push({ ...review, path: reroot(repoPath) });
      inherit = !prowStopsParents(parsed);
    } catch (error) {
      problems.push({
        path: reroot(repoPath),
        message: `could not analyze: ${problemMessage(error)}`,
      });
    }
  }

  // CI of the repository whose triggers include the folder.
  for (const repoPath of outside) {
    if (!isRepositoryCi(repoPath, scope)) continue;
    const kind = ciKind(repoPath)!;
    let applies = true;
    if (kind === 'github-actions' && isYaml(repoPath)) {
      const text = textOf(repoPath);
      const triggers = text === undefined ? undefined : workflowTriggers(text);
      applies =
        !triggers ||
        triggers.some(trigger => sampled.some(p => triggered(trigger, p)));
    }
    if (applies) evidence.ci.push({ path: reroot(repoPath), line: 1, kind });
  }

  // Repository-wide dev containers define the folder's environment too.
  for (const repoPath of [
    '.devcontainer/devcontainer.json',
    '.devcontainer.json',
  ]) {
    if (byPath.has(repoPath) && !isUnder(repoPath, scope)) {
      evidence.otherContainerDefinitions.push({
        path: reroot(repoPath),
        line: 1,
      });
    }
  }

  // Dockerfiles elsewhere that build the folder, analyzed in the whole tree.
  const allPaths = [...byPath.keys()].sort();
  const tree = new FileTree(allPaths);
  const models = new ModelFileIndex(allPaths, p => tree.hasFile(p));
  const repoManifests: DependencyManifestFacts[] =
    evidence.dependencyManifests.map(m => ({ ...m, path: toRepo(m.path) }));
  const repoDockerfiles: DockerfileFacts[] = evidence.dockerfiles.map(d => ({
    ...d,
    path: toRepo(d.path),
    installsManifests: d.installsManifests.map(i => ({
      ...i,
      path: toRepo(i.path),
    })),
  }));
  const added: DockerfileFacts[] = [];
  const startedServers: ModelServerConfigFacts[] = [];
  const addedManifests: DependencyManifestFacts[] = [];
  /** Folders above the scope holding a Dockerfile that builds and runs it. */
  const projectFolders = new Set<string>();
  for (const repoPath of outside) {
    if (!isDockerfile(repoPath)) continue;
    guarded(repoPath, () => {
      const text = textOf(repoPath);
      if (text === undefined) return;
      const parsed = parseDockerfile(repoPath, text, []);
      if (!parsed) return;
      const analysis = new DockerImageAnalysis(repoPath, parsed, {
        tree,
        models,
        textOf,
      });
      if (!buildsScope(analysis, scope)) return;
      const inline: DependencyManifestFacts[] = [];
      const facts = analysis.facts(inline);
      if (runsScope(analysis, scope)) {
        added.push(facts);
        const served = analysis.servedModelFacts();
        if (served)
          startedServers.push({
            ...served,
            path: reroot(served.path),
            models: served.models.map(m => ({ ...m, path: reroot(m.path) })),
          });
        const folder = dirName(repoPath);
        if (folder !== scope && isUnder(scope, folder))
          projectFolders.add(folder);
        addedManifests.push(...inline);
        // Manifests above the folder that this image installs.
        for (const installed of facts.installsManifests) {
          const target = installed.path;
          if (
            isUnder(target, scope) ||
            !isManifest(target) ||
            repoManifests.some(m => m.path === target) ||
            addedManifests.some(m => m.path === target)
          )
            continue;
          const manifestText = textOf(target);
          const parseProblems: EvidenceProblem[] = [];
          const manifest =
            manifestText === undefined
              ? undefined
              : parseManifest(target, manifestText, parseProblems);
          problems.push(
            ...parseProblems.map(p => ({ ...p, path: reroot(p.path) })),
          );
          if (manifest) addedManifests.push(manifest);
        }
      } else {
        // An image bundling the folder beside what it runs (predictiveserver
        // copying sklearnserver): it defines an environment for the folder,
        // but its models and installs are those of the image's own server.
        added.push({
          ...facts,
          modelsIntoImage: [],
          installsManifests: [],
          startupDownloads: [],
        });
      }
    });
  }
  repoDockerfiles.push(...added);
  repoManifests.push(...addedManifests);

  // Kubernetes / compose manifests of the project whose image runs the folder.
  const deployed = projectManifests(
    outside,
    scope,
    projectFolders,
    tree,
    textOf,
    reroot,
    problems,
    guarded,
  );
  evidence.workloads.push(
    ...deployed.workloads.map(w => rerootWorkload(w, reroot)),
  );
  evidence.servingRuntimes.push(
    ...deployed.servingRuntimes.map(r => ({ ...r, path: reroot(r.path) })),
  );

  // Lockfiles above the folder that pin its manifests; the folder's own
  // lockfiles are worked out again now that more images are known.
  const repoLockfiles: LockfileFacts[] = evidence.lockfiles.map(l => ({
    ...l,
    path: toRepo(l.path),
  }));
  const candidatesAbove: LockfileFacts[] = [];
  for (const repoPath of outside) {
    const kind = lockfileKind(repoPath);
    if (kind && isUnder(scope, dirName(repoPath)))
      candidatesAbove.push({ path: repoPath, kind });
  }
  const lockfiles = [...repoLockfiles, ...candidatesAbove];
  assignLockfilePins(lockfiles, repoManifests, repoDockerfiles, folder => {
    const text = textOf(folder ? `${folder}/pyproject.toml` : 'pyproject.toml');
    return text === undefined ? undefined : uvWorkspace(text);
  });
  const rerootLockfile = (l: LockfileFacts): LockfileFacts =>
    l.pins
      ? { ...l, path: reroot(l.path), pins: l.pins.map(reroot) }
      : { ...l, path: reroot(l.path) };
  evidence.lockfiles = [
    ...repoLockfiles.map(rerootLockfile),
    ...candidatesAbove
      .filter(l => l.pins && l.pins.length > 0)
      .map(rerootLockfile),
  ];
  evidence.dockerfiles.push(...added.map(d => rerootDockerfile(d, reroot)));
  if (startedServers.length > 0)
    evidence.modelServers = [
      ...(evidence.modelServers ?? []),
      ...startedServers,
    ];
  evidence.dependencyManifests.push(
    ...addedManifests.map(m => ({ ...m, path: reroot(m.path) })),
  );

  if (context.truncated) {
    problems.push({
      path: '..',
      message: `the repository around ${scope} was read only in part: ${context.truncated}`,
    });
  }
  evidence.problems.push(...problems);
}
