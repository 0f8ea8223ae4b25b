import {
  DockerfileFacts,
  EvidenceProblem,
  RepositoryEvidence,
  RepositoryFile,
} from '../../types';
import { parseDockerfile } from '../dockerfile';
import { isDockerfile, isYaml } from '../fileKinds';
import { ModelFileIndex } from '../modelFiles';
import { commandSequences, isCommandFile } from '../packaging/commandFiles';
import {
  DockerBuild,
  DockerRun,
  dockerCommands,
  ImageRef,
  imageRef,
  sameImage,
} from '../packaging/dockerCommands';
import {
  baseName,
  dirName,
  FileTree,
  isIgnoredPath,
  isUnder,
  joinPath,
} from '../paths';
import {
  relativeToScope,
  rerootDockerfile,
} from '../repositoryContext/relativeToScope';
import { parseShellScript } from '../shell/shellScript';
import { decodeText } from '../text';
import { DockerImageAnalysis } from './DockerImageAnalysis';
import { commandStartFetch } from './startFetches';

/**
 * Images of the unit tied to the rest of the repository by name: a
 * Dockerfile built `FROM` an image that another Dockerfile of the
 * repository builds (`docker build -f Dockerfile.base -t team/base:v1` in
 * a script, a Makefile, CI, a README; a compose service's `build:` and
 * `image:`), which brings what that build put in (models copied or
 * fetched); and an image whose own command is a bare shell, started by a
 * script or compose service with the command that serves (`docker run …
 * IMAGE mlflow models serve -m models:/m/1`).
 */

/** Where a command was written (repository path) and how sure it is. */
interface Located<T> {
  path: string;
  documented: boolean;
  item: T;
}

/** The commands an image is started with that leave its real work to the command given at run time. */
const BARE_SHELL =
  /^(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh$|^(?:\/usr\/bin\/)?python[0-9.]*$/;

/** Most files read for commands. */
const MAX_FILES = 40;

/** Folder names that say nothing of what an image holds: too common in documentation to look for. */
const GENERIC_FOLDER =
  /^(?:docker|dockerfiles?|containers?|images?|build|deploy(?:ment)?s?|ci|infra|scripts?|src|app|api|server|service)$/i;

/** Most text parsed for commands (Markdown and CI files are the costly part). */
const MAX_BYTES = 256 * 1024;
const MAX_CI_BYTES = 64 * 1024;

/** Does a line of the text run `docker build`/`docker run` (or podman), the verb after the tool? */
function runsDocker(text: string, verb: 'build' | 'run'): boolean {
  for (const line of text.split('\n')) {
    const last = line.lastIndexOf(verb);
    if (last < 0) continue;
    const tool = Math.max(line.indexOf('docker'), line.indexOf('podman'));
    if (tool >= 0 && tool < last) return true;
  }
  return false;
}

/**
 * Base images a repository pulls rather than builds: official images
 * (`python`, `ubuntu`) and those of well-known publishers. Their names are
 * common words in documentation; looking for builds of them costs reading
 * every README for nothing.
 */
const PULLED_BASE =
  /^(?:python|ubuntu|debian|alpine|node|golang|openjdk|eclipse-temurin|amazonlinux|centos|rockylinux|fedora|busybox|nginx|scratch|buildpack-deps|pypy|r-base|rust|julia)$|^(?:nvcr\.io|nvidia|pytorch|tensorflow|huggingface|ghcr\.io\/huggingface|continuumio|mambaorg|condaforge|tiangolo|bitnami|rayproject|seldonio|kserve|mcr\.microsoft\.com|public\.ecr\.aws|jupyter|rocker|vllm|ollama|intel|rocm)\//;

/**
 * The build and run commands of the repository's command files, read
 * lazily: only files that mention a word the caller looks for (an image
 * name, a folder), each once.
 */
class RepositoryCommands {
  private readonly candidates: Array<[string, RepositoryFile]> = [];
  private bytes = 0;
  private readonly found = new Map<
    string,
    { builds: Array<Located<DockerBuild>>; runs: Array<Located<DockerRun>> }
  >();

  constructor(
    files: ReadonlyMap<string, RepositoryFile>,
    private readonly problems: EvidenceProblem[],
  ) {
    for (const [path, file] of files) {
      if (!file.content || isIgnoredPath(path) || !isCommandFile(path))
        continue;
      if (file.content.includes('docker') || file.content.includes('podman'))
        this.candidates.push([path, file]);
    }
  }

  /**
   * The builds and runs of the files that mention one of the words and
   * have a line running `docker <verb>` (or podman): only those are parsed.
   */
  mentioning(
    words: string[],
    verb: 'build' | 'run',
  ): {
    builds: Array<Located<DockerBuild>>;
    runs: Array<Located<DockerRun>>;
  } {
    const builds: Array<Located<DockerBuild>> = [];
    const runs: Array<Located<DockerRun>> = [];
    if (words.length === 0) return { builds, runs };
    for (const [path, file] of this.candidates) {
      if (!words.some(word => file.content!.includes(word))) continue;
      let commands = this.found.get(path);
      if (!commands) {
        if (this.found.size >= MAX_FILES || this.bytes >= MAX_BYTES) continue;
        // A large CI file costs a YAML parse: its image builds are in the small ones.
        if (isYaml(path) && file.content!.length > MAX_CI_BYTES) continue;
        const decoded = decodeText(file);
        if (!decoded?.ok || !runsDocker(decoded.text, verb)) continue;
        this.bytes += decoded.text.length;
        commands = this.read(path, decoded.text);
        this.found.set(path, commands);
      }
      builds.push(...commands.builds);
      runs.push(...commands.runs);
    }
    return { builds, runs };
  }

  private read(path: string, text: string) {
    const builds: Array<Located<DockerBuild>> = [];
    const runs: Array<Located<DockerRun>> = [];
    for (const sequence of commandSequences(path, text, '', this.problems)) {
      const commands = dockerCommands(sequence.runs, '');
      const at = <T>(item: T) => ({
        path,
        documented: sequence.documented,
        item,
      });
      builds.push(...commands.builds.map(at));
      runs.push(...commands.runs.map(at));
    }
    return { builds, runs };
  }
}

/** The image a Dockerfile's final stage is built on: the `FROM` its stages lead back to. */
function baseImageOf(
  facts: DockerfileFacts,
): { ref: ImageRef; line: number } | undefined {
  const byName = new Map(facts.stages.map(s => [s.name, s]));
  let stage = facts.stages[facts.stages.length - 1];
  for (let guard = 0; stage && guard < facts.stages.length; guard++) {
    const parent = byName.get(stage.baseImage);
    if (!parent || parent === stage) break;
    stage = parent;
  }
  const ref = stage ? imageRef(stage.baseImage) : undefined;
  return ref && stage ? { ref, line: stage.line } : undefined;
}

/** The image's own command is a bare shell (or none): what it serves is given when it is started. */
function startedByShell(facts: DockerfileFacts): boolean {
  const own = facts.stages[facts.stages.length - 1]?.command?.value.trim();
  return own === undefined || own === '' || BARE_SHELL.test(own);
}

const lastPart = (name: string) => name.slice(name.lastIndexOf('/') + 1);

const shownRef = (ref: ImageRef) =>
  ref.tag ? `${ref.name}:${ref.tag}` : ref.name;

/**
 * Ties the unit's images to the builds and runs of the repository (paths
 * of `evidence` are relative to `scope`; `files` are every file of the
 * repository read, by repository path).
 */
export function addImageTies(
  evidence: RepositoryEvidence,
  scope: string,
  files: ReadonlyMap<string, RepositoryFile>,
): void {
  if (evidence.dockerfiles.length === 0) return;
  const toRepo = (path: string) =>
    scope ? joinPath(scope, path) ?? path : path;
  const display = (repoPath: string) =>
    scope ? relativeToScope(scope, repoPath) : repoPath;
  const problems: EvidenceProblem[] = [];
  const commands = new RepositoryCommands(files, problems);
  // Builds are looked for in files that name a base image the repository
  // may build, or the folder of an image started by a bare shell.
  const words = new Set<string>();
  for (const facts of evidence.dockerfiles) {
    const base = baseImageOf(facts);
    if (base && !PULLED_BASE.test(base.ref.name))
      words.add(lastPart(base.ref.name));
    if (startedByShell(facts)) {
      // `-f serving/Dockerfile`, or `cd serving && docker build`.
      const repoPath = toRepo(facts.path);
      const folder = baseName(dirName(repoPath));
      words.add(dirName(repoPath) ? repoPath : 'build');
      if (folder && !GENERIC_FOLDER.test(folder)) words.add(folder);
    }
  }
  const builds = commands
    .mentioning([...words], 'build')
    .builds.filter(b =>
      b.item.dockerfiles.some(d => files.has(d) && isDockerfile(d)),
    );
  // Compose services pair a build with the name they tag it with.
  for (const workload of evidence.workloads) {
    const image = workload.containers[0]?.image;
    const ref = image === undefined ? undefined : imageRef(image);
    if (workload.kind !== 'compose-service' || !workload.dockerfile || !ref)
      continue;
    builds.push({
      path: toRepo(workload.path),
      documented: false,
      item: {
        line: workload.line ?? 1,
        dockerfiles: [toRepo(workload.dockerfile)],
        images: [ref],
      },
    });
  }
  const known = new Map(
    evidence.dockerfiles.map(facts => [toRepo(facts.path), facts]),
  );
  let analysed: Map<string, DockerfileFacts | undefined> | undefined;
  let tree: FileTree | undefined;
  let models: ModelFileIndex | undefined;
  const textOf = (path: string) => {
    const file = files.get(path);
    const decoded = file ? decodeText(file) : undefined;
    return decoded?.ok ? decoded.text : undefined;
  };
  /** The facts of a Dockerfile of the repository outside the unit's images (read once). */
  const factsOf = (repoPath: string): DockerfileFacts | undefined => {
    analysed ??= new Map();
    if (analysed.has(repoPath)) return analysed.get(repoPath);
    let facts: DockerfileFacts | undefined;
    const text = textOf(repoPath);
    const parsed =
      text === undefined ? undefined : parseDockerfile(repoPath, text, []);
    if (parsed) {
      tree ??= new FileTree(files.keys());
      models ??= new ModelFileIndex([...files.keys()], p => tree!.hasFile(p));
      const analysis = new DockerImageAnalysis(repoPath, parsed, {
        tree,
        models,
        textOf,
      });
      facts = rerootDockerfile(analysis.facts([]), display);
    }
    analysed.set(repoPath, facts);
    return facts;
  };

  for (const facts of evidence.dockerfiles) {
    const repoPath = toRepo(facts.path);
    addBaseImage(facts, repoPath);
    addExternalStart(facts, repoPath);
  }
  evidence.problems.push(
    ...problems.map(p => ({ ...p, path: display(p.path) })),
  );

  function addBaseImage(facts: DockerfileFacts, repoPath: string): void {
    const base = baseImageOf(facts);
    if (!base) return;
    for (const build of builds) {
      if (!build.item.images.some(image => sameImage(base.ref, image)))
        continue;
      const basePath = build.item.dockerfiles.find(
        d => d !== repoPath && files.has(d) && isDockerfile(d),
      );
      if (!basePath) continue;
      // A base that is one of the unit's images already counts on its own.
      if (known.has(basePath)) return;
      const baseFacts = factsOf(basePath);
      if (!baseFacts) continue;
      const tie = `the base image ${shownRef(base.ref)} (${facts.path}:${
        base.line
      }) built from ${baseFacts.path} by ${display(build.path)}:${
        build.item.line
      }${build.documented ? ', documented' : ''}`;
      facts.modelsIntoImage.push(
        ...baseFacts.modelsIntoImage.map(m => ({
          ...m,
          source: `${m.source}, in ${tie}`,
        })),
      );
      if (baseFacts.builtInModels?.length)
        facts.builtInModels = [
          ...(facts.builtInModels ?? []),
          ...baseFacts.builtInModels,
        ];
      if (baseFacts.hubOffline && !facts.hubOffline)
        facts.hubOffline = baseFacts.hubOffline;
      if (
        facts.modelsSuppliedAtStart &&
        (baseFacts.modelsIntoImage.length > 0 ||
          (baseFacts.builtInModels ?? []).length > 0)
      )
        delete facts.modelsSuppliedAtStart;
      return;
    }
  }

  function addExternalStart(facts: DockerfileFacts, repoPath: string): void {
    if (!startedByShell(facts)) return;
    const final = facts.stages[facts.stages.length - 1];
    const names = builds
      .filter(b => b.item.dockerfiles.includes(repoPath))
      .flatMap(b => b.item.images);
    const env = (name: string) =>
      [...(final?.env ?? [])].reverse().find(e => e.name === name)?.value;
    const runs = commands.mentioning(
      names.map(name => lastPart(name.name)),
      'run',
    ).runs;
    const starts: Array<Located<DockerRun>> = runs.filter(
      run =>
        run.item.command.words.length > 0 &&
        names.some(name => sameImage(run.item.image, name)),
    );
    // Compose services built from this Dockerfile with a command of their own.
    for (const workload of evidence.workloads) {
      const command = workload.containers[0]?.command;
      if (
        workload.kind !== 'compose-service' ||
        !workload.dockerfile ||
        toRepo(workload.dockerfile) !== repoPath ||
        !command
      )
        continue;
      const parsed = parseShellScript(command).commands[0];
      if (!parsed) continue;
      starts.push({
        path: toRepo(workload.path),
        documented: false,
        item: {
          line: workload.containers[0].line ?? workload.line ?? 1,
          image: { name: workload.name },
          command: parsed,
          lookup: () => undefined,
        },
      });
    }
    for (const { path, documented, item } of starts.slice(0, 10)) {
      const fetch = commandStartFetch(
        item.command,
        name => item.lookup(name) ?? env(name),
      );
      if (!fetch) continue;
      facts.startupDownloads.push({
        path: display(path),
        line: item.line,
        description: `${fetch} (${display(path)}:${
          item.line
        } starts the image ${facts.path} builds with this command${
          documented ? ', documented' : ''
        })`,
      });
    }
  }
}

/** Every file read, by repository path: the unit's own and, for a subfolder, those around it. */
export function repositoryFiles(
  scopeFiles: RepositoryFile[],
  context?: { scope: string; files: RepositoryFile[] },
): Map<string, RepositoryFile> {
  const scope = context?.scope ?? '';
  const byPath = new Map<string, RepositoryFile>();
  for (const file of context?.files ?? [])
    if (!isUnder(file.path, scope)) byPath.set(file.path, file);
  for (const file of scopeFiles)
    byPath.set(scope ? `${scope}/${file.path}` : file.path, file);
  return byPath;
}
