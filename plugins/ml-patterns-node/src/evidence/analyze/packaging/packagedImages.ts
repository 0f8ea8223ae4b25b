import {
  EvidenceProblem,
  PackagedImageFacts,
  RepositoryEvidence,
  RepositoryFile,
} from '../../types';
import { ciKind, isShellScript, isYaml } from '../fileKinds';
import { isModelFilePath } from '../modelFiles';
import { dirName, FileTree, isIgnoredPath, isUnder, joinPath } from '../paths';
import { parseShellScript } from '../shell/shellScript';
import { decodeText } from '../text';
import { relativeToScope } from '../repositoryContext/relativeToScope';
import { bentofileBuilds } from './bentofileBuilds';
import { ciJobs } from './ciScripts';
import { isDocumentationMarkdown } from './documentation';
import { markdownShellBlocks } from './markdownShellBlocks';
import { imageName } from './imageName';
import {
  mentionsPackaging,
  PackagingCommand,
  packagingCommands,
  ScriptRun,
} from './packagingCommands';

/**
 * Images built by model-packaging tools (`bentoml containerize`, `mlserver
 * build`, `mlflow models build-docker`), read from the unit's shell
 * scripts, CI configuration and Markdown documentation, and from the
 * repository around it when a command runs in the unit's folder or builds
 * an image a workload of the unit runs. What each image carries of the
 * model is decided here, where the tree is known.
 */

/** A packaging command and the file it is written in (repository paths). */
interface FoundCommand {
  path: string;
  documented: boolean;
  command: PackagingCommand;
}

type SourceKind = 'script' | 'markdown' | 'github-actions' | 'gitlab-ci';

/** What a file is, as a place build commands are written (its path relative to the tree it is in). */
function sourceKind(path: string): SourceKind | undefined {
  if (isShellScript(path)) return 'script';
  // A composite action of the repository runs its steps as a workflow does.
  if (path.includes('.github/actions/') && /(?:^|\/)action\.ya?ml$/.test(path))
    return 'github-actions';
  const ci = ciKind(path);
  if ((ci === 'github-actions' || ci === 'gitlab-ci') && isYaml(path))
    return ci;
  if (isDocumentationMarkdown(path)) return 'markdown';
  return undefined;
}

/**
 * The packaging commands of one file. `root` is the folder a CI job
 * starts in (the repository root, or the scored folder for its own CI).
 */
function commandsOf(
  repoPath: string,
  text: string,
  kind: SourceKind,
  root: string,
  hasDir: (path: string) => boolean,
  problems: EvidenceProblem[],
): FoundCommand[] {
  const fileFolder = dirName(repoPath);
  // A script or a README's commands run from its folder or from the root.
  const startFolders = fileFolder === root ? [root] : [fileFolder, root];
  const found = (commands: PackagingCommand[], documented: boolean) =>
    commands.map(command => ({ path: repoPath, documented, command }));
  if (kind === 'script') {
    const runs: ScriptRun[] = [
      { script: parseShellScript(text), cwd: startFolders },
    ];
    return found(
      packagingCommands(runs, { fileFolder, carryCwd: true, hasDir }),
      false,
    );
  }
  if (kind === 'markdown') {
    const runs: ScriptRun[] = markdownShellBlocks(repoPath, text, problems).map(
      block => ({
        script: parseShellScript(block.text, { firstLine: block.firstLine }),
        cwd: startFolders,
      }),
    );
    return found(
      packagingCommands(runs, { fileFolder, carryCwd: true, hasDir }),
      true,
    );
  }
  return ciJobs(repoPath, text, kind, problems).flatMap(job =>
    found(
      packagingCommands(
        job.runs.map(run => ({
          ...run,
          cwd: run.cwd.flatMap(folder => joinPath(root, folder) ?? []),
        })),
        { fileFolder: root, carryCwd: job.carryCwd, hasDir },
      ),
      false,
    ),
  );
}

/** Loader calls that take a model from the BentoML model store. */
const BENTO_STORE_CALL = /^bentoml\.(?:\w+\.)?(?:get|load_model|load_runner)$/;

/** The repository as the packaging analysis sees it: repository paths, the scored folder's facts. */
class RepositoryView {
  private treeCache?: FileTree;

  constructor(
    readonly scope: string,
    private readonly scopeFiles: RepositoryFile[],
    private readonly contextFiles: RepositoryFile[],
    private readonly evidence: RepositoryEvidence,
  ) {}

  toRepo(scopePath: string): string {
    return this.scope ? `${this.scope}/${scopePath}` : scopePath;
  }

  /** A repository path as evidence shows it: relative to the scored folder. */
  display(repoPath: string): string {
    return this.scope ? relativeToScope(this.scope, repoPath) : repoPath;
  }

  get tree(): FileTree {
    this.treeCache ??= new FileTree([
      ...this.scopeFiles.map(f => this.toRepo(f.path)),
      ...this.contextFiles
        .filter(f => !isUnder(f.path, this.scope))
        .map(f => f.path),
    ]);
    return this.treeCache;
  }

  /**
   * Model files under a folder: those of the scored folder as its evidence
   * counts them, and, for a folder reaching outside it, those around it
   * by name.
   */
  modelFilesUnder(folder: string): string[] {
    const found = this.evidence.modelFiles
      .map(p => this.toRepo(p))
      .filter(p => isUnder(p, folder));
    if (this.scope === '' || isUnder(folder, this.scope)) return found;
    for (const path of this.tree.files) {
      if (
        isUnder(path, folder) &&
        !isUnder(path, this.scope) &&
        !isIgnoredPath(path) &&
        isModelFilePath(path, f => this.tree.hasFile(f))
      )
        found.push(path);
    }
    return found;
  }

  /** Text of a file of the scored folder (model settings are read only there). */
  scopeText(repoPath: string): string | undefined {
    if (!isUnder(repoPath, this.scope)) return undefined;
    const scopePath = this.scope
      ? repoPath.slice(this.scope.length + 1)
      : repoPath;
    const file = this.scopeFiles.find(f => f.path === scopePath);
    const decoded = file ? decodeText(file) : undefined;
    return decoded?.ok ? decoded.text : undefined;
  }
}

/** The local model an MLServer model-settings.json points at (`parameters.uri`), if any. */
function localSettingsUri(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const uri = (data as { parameters?: { uri?: unknown } } | null)?.parameters
    ?.uri;
  if (typeof uri !== 'string' || uri === '') return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? undefined : uri;
}

/** The folder `mlserver build` packs: the first of its candidate paths that is a folder of the tree. */
function packedFolder(
  command: PackagingCommand,
  view: RepositoryView,
): string | undefined {
  return command.folders?.find(
    folder => folder === '' || view.tree.hasDir(folder),
  );
}

/** What an image carries of the model, or undefined when it carries none. */
/**
 * What `docker cp` put into a container that `docker commit` made an image
 * of, when it is a model: the repository's model files, or whatever is
 * copied into a models folder (a model server's `/models/NAME`).
 */
function committedModel(
  command: PackagingCommand,
  view: RepositoryView,
): string | undefined {
  for (const copy of command.copies ?? []) {
    const source = joinPath(command.cwd ?? '', copy.source);
    const files = source === undefined ? [] : view.modelFilesUnder(source);
    const where = `what \`docker cp\` at line ${copy.line} put in ${copy.target}`;
    if (files.length > 0) return `${where} (${view.display(files[0])})`;
    if (copy.target.split('/').some(segment => /^models?$/i.test(segment)))
      return `${where}, the folder a model server reads its models from`;
  }
  return undefined;
}

function packedModel(
  command: PackagingCommand,
  view: RepositoryView,
  evidence: RepositoryEvidence,
): string | undefined {
  if (command.tool === 'mlflow') {
    return command.modelUri === undefined
      ? undefined
      : `the MLflow model ${command.modelUri}`;
  }
  if (command.tool === 'docker') return committedModel(command, view);
  if (command.tool === 'mlserver') {
    const folder = packedFolder(command, view);
    if (folder === undefined) return undefined;
    const shown = `${view.display(folder)}/`.replace(/^\.\/$/, './');
    const files = view.modelFilesUnder(folder);
    if (files.length > 0)
      return `the model folder ${shown} (${view.display(files[0])}${
        files.length > 1 ? ` and ${files.length - 1} more` : ''
      })`;
    for (const settings of view.tree.filesNamed('model-settings.json')) {
      if (!isUnder(settings, folder)) continue;
      const uri = localSettingsUri(view.scopeText(settings));
      if (uri !== undefined)
        return `the model folder ${shown} (${view.display(
          settings,
        )} serves ${uri})`;
    }
    return undefined;
  }
  // A Bento packs the store models its service loads, and the build context.
  const store = evidence.modelLoaders.find(loader =>
    BENTO_STORE_CALL.test(loader.call),
  );
  if (store)
    return `the BentoML store models the service loads (${store.path}:${store.line} ${store.call})`;
  const bentofile = evidence.modelServers?.find(s => s.server === 'bentoml');
  if (bentofile)
    return `the models of ${bentofile.path}:${
      bentofile.line
    } (${bentofile.models.map(m => m.name).join(', ')})`;
  const local = evidence.modelLoaders.find(
    loader =>
      !loader.downloads &&
      loader.target !== undefined &&
      [loader.target, joinPath(dirName(loader.path), loader.target)].some(
        target => target !== undefined && evidence.modelFiles.includes(target),
      ),
  );
  if (local)
    return `the model file the service loads from its build context (${local.path}:${local.line} ${local.call} ${local.target})`;
  return undefined;
}

type Runner = NonNullable<PackagedImageFacts['runBy']>;

/** The last part of an image name: `ghcr.io/acme/churn` → `churn`. */
const shortName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

/**
 * The images the unit's workloads run, and which runs an image a command
 * builds: the same name, or, for a local name without a registry or
 * namespace (`churn`), the image pushed under one (`acme/churn`) — the
 * `docker tag`/`docker push` step a README leaves out.
 */
class WorkloadImages {
  private readonly byName = new Map<string, Runner>();
  private readonly byShortName = new Map<string, Runner>();

  constructor(evidence: RepositoryEvidence) {
    for (const workload of evidence.workloads) {
      for (const container of workload.containers) {
        if (container.sidecar || !container.image) continue;
        const name = imageName(container.image);
        if (name === undefined) continue;
        const runner = {
          path: workload.path,
          line: container.line ?? workload.line,
          name: workload.name,
        };
        if (!this.byName.has(name)) this.byName.set(name, runner);
        if (!this.byShortName.has(shortName(name)))
          this.byShortName.set(shortName(name), runner);
      }
    }
  }

  /** The last parts of the names, to look for in a text before parsing it. */
  get shortNames(): string[] {
    return [...this.byShortName.keys()];
  }

  runnerOf(built: string): Runner | undefined {
    return (
      this.byName.get(built) ??
      (built.includes('/') ? undefined : this.byShortName.get(built))
    );
  }
}

/** Does a command outside the scored folder work on it (runs there, packs a folder or model of it)? */
function worksInScope(
  command: PackagingCommand,
  view: RepositoryView,
): boolean {
  const scope = view.scope;
  if (command.cwd !== undefined && isUnder(command.cwd, scope)) return true;
  const folder =
    command.tool === 'mlserver' ? packedFolder(command, view) : undefined;
  if (folder !== undefined && isUnder(folder, scope)) return true;
  const uri = command.modelUri;
  if (uri !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    const base = command.cwd ?? '';
    const path = joinPath(base, uri);
    if (path !== undefined && isUnder(path, scope)) return true;
  }
  return false;
}

/** Files of the scored folder with content that may hold a packaging command. */
function candidates(
  files: RepositoryFile[],
  accept: (path: string, content: Buffer) => boolean,
): Array<{ file: RepositoryFile; kind: SourceKind }> {
  const found: Array<{ file: RepositoryFile; kind: SourceKind }> = [];
  for (const file of files) {
    if (!file.content || isIgnoredPath(file.path)) continue;
    const kind = sourceKind(file.path);
    if (kind && accept(file.path, file.content)) found.push({ file, kind });
  }
  return found;
}

/**
 * Adds the unit's packaged images to its evidence. `scopeFiles` are the
 * scored folder's files; `context` the repository around it, when it is
 * a subfolder. Needs the workloads, model files, loaders and model
 * servers already read.
 */
export function addPackagedImages(
  evidence: RepositoryEvidence,
  scopeFiles: RepositoryFile[],
  context?: { scope: string; files: RepositoryFile[] },
): void {
  const scope = context?.scope ?? '';
  const view = new RepositoryView(
    scope,
    scopeFiles,
    context?.files ?? [],
    evidence,
  );
  const problems: EvidenceProblem[] = [];
  const hasDir = (path: string) => view.tree.hasDir(path);
  const found: Array<FoundCommand & { inScope: boolean }> = [];
  for (const { file, kind } of candidates(scopeFiles, (_, content) =>
    mentionsPackaging(content),
  )) {
    const decoded = decodeText(file);
    if (!decoded?.ok) continue;
    for (const command of commandsOf(
      view.toRepo(file.path),
      decoded.text,
      kind,
      scope,
      hasDir,
      problems,
    ))
      found.push({ ...command, inScope: true });
  }
  const images = new WorkloadImages(evidence);
  if (context && scope) {
    const names = images.shortNames;
    const outside = context.files.filter(f => !isUnder(f.path, scope));
    for (const { file, kind } of candidates(outside, (path, content) => {
      if (!mentionsPackaging(content)) return false;
      // CI runs in the folder when a step says so; scripts and READMEs
      // elsewhere matter when they name the folder or an image it runs.
      const ci = sourceKind(path);
      if (ci === 'github-actions' || ci === 'gitlab-ci') return true;
      return (
        content.includes(scope) || names.some(name => content.includes(name))
      );
    })) {
      const decoded = decodeText(file);
      if (!decoded?.ok) continue;
      for (const command of commandsOf(
        file.path,
        decoded.text,
        kind,
        '',
        hasDir,
        problems,
      ))
        found.push({ ...command, inScope: false });
    }
  }
  const packaged: PackagedImageFacts[] = [];
  for (const { path, documented, command, inScope } of found) {
    const runBy = command.images
      .map(name => images.runnerOf(name))
      .find(workload => workload !== undefined);
    if (!inScope && !runBy && !worksInScope(command, view)) continue;
    const packs = packedModel(command, view, evidence);
    packaged.push({
      path: view.display(path),
      line: command.line,
      tool: command.tool,
      command: command.text,
      images: command.images,
      ...(documented && { documented }),
      ...(packs !== undefined && { packs }),
      ...(runBy && { runBy }),
    });
  }
  // A bentofile is a build of the unit even when no command is written out.
  if (!packaged.some(image => image.tool === 'bentoml')) {
    for (const build of bentofileBuilds(scopeFiles, problems)) {
      const command: PackagingCommand = {
        tool: 'bentoml',
        text: `bentoml build (${build.path} builds ${build.service})`,
        line: build.line,
        images: [],
      };
      const packs = packedModel(command, view, evidence);
      if (packs === undefined) continue;
      packaged.push({
        path: build.path,
        line: build.line,
        tool: 'bentoml',
        command: command.text,
        images: [],
        packs,
      });
    }
  }
  if (packaged.length > 0) evidence.packagedImages = packaged;
  evidence.problems.push(
    ...problems.map(p => ({ ...p, path: view.display(p.path) })),
  );
}
