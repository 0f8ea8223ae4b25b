import { ScriptHubLoad } from '../python/scriptHubLoads';
import type { ScriptSave } from '../python/scriptSaves';
import {
  DependencyManifestFacts,
  DockerfileFacts,
  ModelLoaderFacts,
  ModelServerConfigFacts,
  SourceLine,
} from '../../types';
import {
  ParsedDockerfile,
  ParsedStage,
  toContractStage,
  workdirAt,
} from '../dockerfile';
import { DockerIgnore } from '../dockerignore';
import { ModelFileIndex } from '../modelFiles';
import { baseName, dirName, FileTree, joinPath } from '../paths';
import { serverStart } from '../shell/serverStart';
import { BuildFetch, runFetches } from './buildFetches';
import { chooseBuildContext } from './buildContext';
import type { ConfigFileValue } from '../python/configFileValues';
import { BuiltImage } from './BuiltImage';
import { builtFileNames } from './builtFileNames';
import { imageArchives } from './imageArchives';
import { LocatedCommand, runCommands, startCommands } from './imageCommands';
import { hasGlob, normaliseImagePath } from './imagePaths';
import { installedManifests } from './installedManifests';
import { installedModelPackages } from './installedModelPackages';
import { modelServerOfImage } from './modelServerImage';
import { ollamaModels } from './ollamaModels';
import { ModelsIntoImage } from './modelsIntoImage';
import { ModelStore } from './modelStoreCopies';
import { repoPathOf } from './repoPathOf';
import { servedModels } from './servedModels';
import { sideBySideServers } from './sideBySideServers';
import { finalChain, shippedStages } from './stageLineage';
import { StageVariables } from './stageVariables';
import { imageEnvFetch, startFetches } from './startFetches';

/**
 * What a parsed Dockerfile means for the image its final stage builds:
 * how models get in (Model-in-image), which dependency manifests are
 * installed, and whether the start-up command fetches a model (Model-load).
 */

export interface DockerContext {
  tree: FileTree;
  models: ModelFileIndex;
  /** Decoded text of files the analyzers read (entrypoint scripts, .dockerignore). */
  textOf(path: string): string | undefined;
  /** The hub loads a Python script (or inline `code`) runs (from the Python analysis); none when not given. */
  scriptHubLoads?(script: string, code?: string): ScriptHubLoad[];
  /** What a Python script saves when it runs (from the Python analysis); nothing when not given. */
  scriptSaves?(script: string): ScriptSave[];
  /** Names (without suffix) of the files the served code loads. */
  loadedStems?(): ReadonlySet<string>;
  /** The path a load reads when configuration names only part of it (from the Python analysis). */
  partlyConfiguredPath?(loader: ModelLoaderFacts): string | undefined;
  /** The `.gitignore` line that keeps a repository path out of git by naming it. */
  gitIgnored?(path: string): SourceLine | undefined;
  /** Whether a Python module's own code fetches a model over the network (from the Python analysis). */
  fetchesModelIn?(path: string): boolean;
  /** The path a configured load reads, as the configuration file its module names writes it (from the Python analysis). */
  configFilePath?(loader: ModelLoaderFacts): ConfigFileValue | undefined;
}

/** Analyses one Dockerfile within its repository tree. */
export class DockerImageAnalysis {
  private readonly context: string;
  private readonly ignore: DockerIgnore;
  private readonly variables = new StageVariables();
  private readonly fetchesCache = new Map<number, BuildFetch[]>();
  /** What the readers of the image's build (`docker/`) see of this analysis. */
  private readonly image: BuiltImage;
  private startCache?: LocatedCommand[];
  private builtInCache?: NonNullable<DockerfileFacts['builtInModels']>;
  private startFetchesCache?: DockerfileFacts['startupDownloads'];
  private builtFilesCache?: Set<string>;

  constructor(
    private readonly path: string,
    private readonly parsed: ParsedDockerfile,
    private readonly ctx: DockerContext,
  ) {
    this.context = chooseBuildContext(path, parsed, ctx.tree);
    const name = baseName(path);
    this.ignore = new DockerIgnore(
      ctx.textOf(joinPath(dirName(path), `${name}.dockerignore`) ?? '') ??
        ctx.textOf(
          this.context ? `${this.context}/.dockerignore` : '.dockerignore',
        ),
    );
    this.image = {
      path,
      parsed,
      tree: ctx.tree,
      models: ctx.models,
      context: this.context,
      textOf: p => ctx.textOf(p),
      scriptHubLoads: (p, code) => ctx.scriptHubLoads?.(p, code) ?? [],
      scriptSaves: p => ctx.scriptSaves?.(p) ?? [],
      loadedStems: () => ctx.loadedStems?.() ?? new Set(),
      repoPathOf: (stage, imagePath, line) =>
        this.repoPathOf(stage, imagePath, line),
      shipped: repoPath => this.shipped(repoPath),
      substitute: (stage, text, line) =>
        this.variables.substitute(stage, text, line),
      fetchesOf: (stage, run) => this.fetchesOf(stage, run),
    };
  }

  /** What the final image runs when it starts (computed once). */
  private startLocated(): LocatedCommand[] {
    this.startCache ??= startCommands(this.image, this.final);
    return this.startCache;
  }

  /** Model fetches of a RUN step (cached: several derivations ask). */
  private fetchesOf(
    stage: ParsedStage,
    run: { command: string; line: number },
  ): BuildFetch[] {
    let fetches = this.fetchesCache.get(run.line);
    if (!fetches) {
      fetches = runFetches(this.image, stage, run);
      this.fetchesCache.set(run.line, fetches);
    }
    return fetches;
  }

  private relToContext(repoPath: string): string {
    return this.context ? repoPath.slice(this.context.length + 1) : repoPath;
  }

  private shipped(repoPath: string): boolean {
    return !this.ignore.ignores(this.relToContext(repoPath));
  }

  /** The final stage. */
  private get final(): ParsedStage {
    return this.parsed.stages[this.parsed.stages.length - 1];
  }

  /** The model server the final image is built on, if any, with the line of its `FROM`. */
  private imageServer() {
    for (const index of finalChain(this.parsed)) {
      const stage = this.parsed.stages[index];
      const server = modelServerOfImage(stage.baseImage);
      if (server) return { ...server, line: stage.line };
    }
    return undefined;
  }

  /** The folder the image's command runs in. */
  private runDir(): string {
    const final = this.final;
    const line = (final.entrypoint ?? final.cmd)?.line ?? Infinity;
    return workdirAt(final, line);
  }

  /** Looks a variable up in the final stage's ENV/ARG (at its end). */
  private lookup(name: string): string | undefined {
    const { value, unresolved } = this.variables.substitute(
      this.final,
      `\${${name}}`,
      Infinity,
    );
    return unresolved.length > 0 || value.includes('$') ? undefined : value;
  }

  /** Folders the image's model server reads models from: its defaults and what its command names. */
  private modelStores(): ModelStore[] {
    const stores: ModelStore[] = [];
    const image = this.imageServer();
    if (image)
      stores.push(
        ...image.modelPaths.map(path => ({ path, server: image.server })),
      );
    for (const { command, path } of this.startLocated()) {
      const start = serverStart(command);
      const written = start?.modelStore?.value;
      if (!start || !written) continue;
      const value = written.includes('$')
        ? this.variables.substitute(this.final, written, Infinity).value
        : written;
      if (value.includes('$') || /^[a-z][a-z0-9+]*:\/\//i.test(value)) continue;
      stores.push({
        path: normaliseImagePath(
          value.startsWith('/') ? value : `${this.runDir()}/${value}`,
        ),
        server: start.server,
        named: { path, line: command.line },
      });
    }
    return stores;
  }

  /** Whether Hugging Face hub loads in the image read what its build fetched. */
  private hubServedFromImage(id: string | undefined): boolean {
    if (this.hubOffline()) return true;
    if (id === undefined) return false;
    return this.builtInModels().some(m => m.model === id);
  }

  /** HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE set in the final image. */
  private hubOffline(): SourceLine | undefined {
    for (const index of finalChain(this.parsed)) {
      const env = this.parsed.stages[index].env.find(
        e =>
          (e.name === 'HF_HUB_OFFLINE' || e.name === 'TRANSFORMERS_OFFLINE') &&
          /^(1|true|yes|on)$/i.test(e.value),
      );
      if (env) return { path: this.path, line: env.line };
    }
    return undefined;
  }

  /** Models the final image's build fetches: hub ids, and the scripts that fetch them. */
  private builtInModels(): NonNullable<DockerfileFacts['builtInModels']> {
    if (this.builtInCache) return this.builtInCache;
    const found: NonNullable<DockerfileFacts['builtInModels']> = [];
    for (const index of finalChain(this.parsed)) {
      const stage = this.parsed.stages[index];
      for (const run of stage.run) {
        for (const fetch of this.fetchesOf(stage, run)) {
          for (const model of fetch.hubIds)
            found.push({ path: this.path, line: run.line, model });
          // A script, or inline code, filling a library's hub cache.
          if (fetch.script || fetch.libraries?.length)
            found.push({
              path: this.path,
              line: run.line,
              ...(fetch.script && { script: fetch.script }),
              ...(fetch.libraries?.length && { libraries: fetch.libraries }),
            });
        }
      }
    }
    this.builtInCache = found;
    return found;
  }

  /** Models the image's server loads, from how it is started (TorchServe `--models`, registrations, Triton `--load-model`) or what its build pulls into Ollama. */
  servedModelFacts(): ModelServerConfigFacts | undefined {
    const final = this.final;
    const located = this.startLocated();
    const ollama = this.ollamaServerFacts(located);
    if (ollama) return ollama;
    const sideBySide = sideBySideServers(located, name => this.lookup(name));
    if (sideBySide)
      return {
        path: sideBySide.at.path,
        line: sideBySide.at.line,
        server: 'model-servers',
        description: `the model servers ${sideBySide.at.path} starts side by side`,
        models: sideBySide.models,
      };
    // Only servers started with a model list or registrations are counted here.
    const counts = located.some(
      ({ command }) =>
        command.words.some(w => w.replace(/^.*\//, '') === 'curl') ||
        ['torchserve', 'tritonserver'].includes(
          serverStart(command)?.server ?? '',
        ),
    );
    if (!counts) return undefined;
    const served = servedModels({
      stage: final,
      located,
      imageArchives: imageArchives(this.image),
      lookup: name => this.lookup(name),
    });
    if (!served) return undefined;
    const triton = located.some(
      l => serverStart(l.command)?.server === 'tritonserver',
    );
    return {
      path: served.at.path,
      line: served.at.line,
      server: triton ? 'triton' : 'torchserve',
      description: `${triton ? 'Triton' : 'TorchServe'} as started by ${
        served.at.path
      }:${served.at.line} (${served.at.note})`,
      models: served.models,
    };
  }

  /** An Ollama server (its base image, or `ollama serve` at start) and the models its build and start pull. */
  private ollamaServerFacts(
    located: LocatedCommand[],
  ): ModelServerConfigFacts | undefined {
    const image = this.imageServer();
    const started = located.find(
      l => serverStart(l.command)?.server === 'ollama',
    );
    const at =
      image?.server === 'ollama'
        ? { path: this.path, line: image.line }
        : started && { path: started.path, line: started.command.line };
    if (!at) return undefined;
    const built = finalChain(this.parsed).flatMap(index => {
      const stage = this.parsed.stages[index];
      return stage.run
        .filter(run => /\bollama\b/.test(run.command))
        .flatMap(run => runCommands(this.image, stage, run));
    });
    const models = ollamaModels([...built, ...located]);
    if (models.length === 0) return undefined;
    return {
      ...at,
      server: 'ollama',
      description: `the Ollama server of ${at.path}:${at.line}`,
      models,
    };
  }

  /**
   * Maps a path inside the image (as used by `pip install -r x`) back to the
   * repository file a COPY brought there; falls back to the context.
   */
  repoPathOf(
    stage: ParsedStage,
    imagePath: string,
    line: number,
  ): string | undefined {
    return repoPathOf(this.image, stage, imagePath, line);
  }

  /**
   * Model fetches when the final image starts: its command or the scripts
   * it runs download a model, or start a server on a hub id.
   */
  private startupDownloads(): DockerfileFacts['startupDownloads'] {
    if (this.startFetchesCache) return this.startFetchesCache;
    const final = this.final;
    const imageServer = this.imageServer();
    const served = (id: string | undefined) => this.hubServedFromImage(id);
    const found: DockerfileFacts['startupDownloads'] = startFetches({
      view: this.image,
      stage: final,
      located: this.startLocated(),
      imageServer,
      lookup: name => this.lookup(name),
      hubServedFromImage: served,
      builtInImage: name => {
        this.builtFilesCache ??= builtFileNames(this.image, this.parsed);
        return this.builtFilesCache.has(name);
      },
    });
    if (found.length === 0 && !final.command) {
      const fromEnv = imageEnvFetch(imageServer, final, this.path, served);
      if (fromEnv) found.push(fromEnv);
    }
    this.startFetchesCache = found.slice(0, 10);
    return this.startFetchesCache;
  }

  /** The build context this analysis assumed (repository folder, `` = root). */
  get buildContext(): string {
    return this.context;
  }

  /**
   * Repository paths the stages shipped in the final image copy from the
   * build context (`COPY src/ /app/src/` → `<context>/src`; `COPY . .` →
   * the context itself), after ARG/ENV substitution; unresolved variables
   * and URLs are left out.
   */
  copiedRepoPaths(): Array<{ path: string; line: number }> {
    const result: Array<{ path: string; line: number }> = [];
    for (const index of shippedStages(this.parsed)) {
      const stage = this.parsed.stages[index];
      for (const copy of stage.copies) {
        if (copy.from) continue;
        for (const raw of copy.sources) {
          if (/^[a-z]+:\/\//i.test(raw)) continue;
          const { value } = this.variables.substitute(stage, raw, copy.line);
          if (value.includes('$')) continue;
          const source = value
            .replace(/^\.?\/+/, '')
            .replace(/(?<!\/)\/+$/, '');
          const whole = source === '' || source === '.' || source === '*';
          let repoPath = whole ? this.context : joinPath(this.context, source);
          if (repoPath !== undefined && !whole && hasGlob(source)) {
            // `app/*.py`: the folder before the first wildcard.
            repoPath = repoPath
              .slice(0, repoPath.search(/[*?[]/))
              .replace(/\/[^/]*$/, '');
          }
          if (repoPath !== undefined)
            result.push({ path: repoPath, line: copy.line });
        }
      }
    }
    return result;
  }

  /** RUN, CMD/ENTRYPOINT, WORKDIR and ENV values of the shipped stages, one per line. */
  commandsText(): string {
    const parts: string[] = [];
    for (const index of shippedStages(this.parsed)) {
      const stage = this.parsed.stages[index];
      parts.push(...stage.run.map(r => r.command));
      parts.push(...stage.env.map(e => e.value));
      parts.push(...stage.workdirAt.map(w => w.dir));
      if (stage.command) parts.push(stage.command.value);
    }
    return parts.join('\n');
  }

  /**
   * The final image's start-up command (with the text of the script it
   * runs, when that is in the repository), and the repository paths its
   * arguments point at through the COPYs. Undefined when the image sets
   * no command of its own.
   */
  startCommand(): { text: string; repoPaths: string[] } | undefined {
    const final = this.parsed.stages[this.parsed.stages.length - 1];
    const command = final.command;
    if (!command) return undefined;
    const texts = [command.value];
    const repoPaths: string[] = [];
    for (const token of command.value.split(/[\s"',;&|=]+/)) {
      if (!token || token.startsWith('-') || token.includes('$')) continue;
      const repo = this.repoPathOf(final, token, command.line);
      if (!repo || !this.ctx.tree.exists(repo)) continue;
      repoPaths.push(repo);
      if (
        /\.(sh|bash)$/.test(token) ||
        /(^|\/)(docker-)?entrypoint$/.test(token)
      ) {
        const script = this.ctx.textOf(repo);
        if (script !== undefined) texts.push(script);
      }
    }
    return { text: texts.join('\n'), repoPaths };
  }

  facts(
    manifests: DependencyManifestFacts[],
    loaders: ModelLoaderFacts[] = [],
  ): DockerfileFacts {
    const installs = installedManifests(this.image, manifests);
    const facts: DockerfileFacts = {
      path: this.path,
      stages: this.parsed.stages.map(toContractStage),
      modelsIntoImage: [
        ...new ModelsIntoImage(this.image).list({
          modelStores: () => this.modelStores(),
          downloadsAtStart: () => this.startupDownloads().length > 0,
          runDir: () => this.runDir(),
          loaders,
          partlyConfiguredPath: loader =>
            this.ctx.partlyConfiguredPath?.(loader),
          gitIgnored: p => this.ctx.gitIgnored?.(p),
          fetchesModelIn: p => this.ctx.fetchesModelIn?.(p) ?? false,
          configFilePath: loader => this.ctx.configFilePath?.(loader),
        }),
        ...installedModelPackages(installs, manifests, loaders),
      ],
      installsManifests: installs,
      startupDownloads: this.startupDownloads(),
    };
    const builtIn = this.builtInModels();
    if (builtIn.length > 0) facts.builtInModels = builtIn;
    const offline = this.hubOffline();
    if (offline) facts.hubOffline = offline;
    const server = this.imageServer();
    if (
      server &&
      facts.modelsIntoImage.length === 0 &&
      facts.startupDownloads.length === 0 &&
      builtIn.length === 0
    ) {
      facts.modelsSuppliedAtStart = {
        path: this.path,
        line: server.line,
        server: server.server,
        modelPaths: [...new Set(this.modelStores().map(store => store.path))],
      };
    }
    return facts;
  }
}
