import { minimatch } from 'minimatch';
import {
  DependencyManifestFacts,
  DockerCopy,
  DockerfileFacts,
  ModelIntoImage,
  ModelLoaderFacts,
  ModelServerConfigFacts,
  RequirementFacts,
  SourceLine,
} from '../types';
import { BuildFetch, runFetches } from './docker/buildFetches';
import { contextModelPath } from './docker/contextModelPath';
import {
  ImageView,
  LocatedCommand,
  startCommands,
} from './docker/imageCommands';
import { modelServerOfImage } from './docker/modelServerImage';
import { copyDestination, modelStoreCopies } from './docker/modelStoreCopies';
import { servedModels, StoreArchive } from './docker/servedModels';
import { imageEnvFetch, startFetches } from './docker/startFetches';
import { serverStart } from './shell/serverStart';
import { DockerIgnore } from './dockerignore';
import {
  ParsedDockerfile,
  ParsedStage,
  toContractStage,
  workdirAt,
} from './dockerfile';
import { findModelDownload } from './modelDownloads';
import { isModelFilePath, MODELISH_NAME, ModelFileIndex } from './modelFiles';
import {
  ancestorsOf,
  baseName,
  dirName,
  extensionOf,
  FileTree,
  isUnder,
  joinPath,
} from './paths';
import { parseRequirementSpec } from './requirements';

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
}

/** A folder whose name says it holds model artefacts (`models/`, `weights/`). */
const MODEL_FOLDER =
  /^(models?|ml[_-]?models?|weights?|checkpoints?|ckpts?|artifacts?|saved[_-]?models?|trained[_-]?models?|pretrained([_-]models?)?|model[_-](store|dir|files|artifacts?|weights))$/i;

/** Building a model in the image by training during the build. */
const TRAIN_IN_BUILD =
  /\bpython[0-9.]*\s+(-m\s+)?[\w./-]*\btrain[\w-]*(\.py)?\b/i;

/** Tools whose unpinned install is not a dependency of the served code. */
const TOOLING = new Set([
  'pip',
  'setuptools',
  'wheel',
  'poetry',
  'uv',
  'pipenv',
  'pip-tools',
  'pdm',
  'virtualenv',
  'conda-lock',
  'pipx',
]);

/** Packaging tools and their plugins (`poetry-plugin-export`): not what the code runs with. */
const isTooling = (name: string) =>
  TOOLING.has(name) || /^poetry-plugin-/.test(name);

const CODE_EXTENSIONS = new Set([
  '.py',
  '.r',
  '.scala',
  '.java',
  '.go',
  '.ts',
  '.js',
  '.jl',
  '.rs',
]);

const hasGlob = (text: string) => /[*?[]/.test(text);

function normaliseImagePath(path: string): string {
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

function overlaps(a: string, b: string): boolean {
  const x = normaliseImagePath(a);
  const y = normaliseImagePath(b);
  return (
    x === y ||
    x === '/' ||
    y === '/' ||
    x.startsWith(`${y}/`) ||
    y.startsWith(`${x}/`)
  );
}

function isUnderImagePath(path: string, dir: string): boolean {
  const x = normaliseImagePath(path);
  const y = normaliseImagePath(dir);
  return x === y || x.startsWith(`${y}/`);
}

interface StageOutputs {
  produces: boolean;
  /** Image paths where the model lands, when known. */
  paths: string[];
  /** Working folders of downloads whose destination is not known. */
  unknownAt: string[];
  description?: string;
}

/** ENV and ARG entries of a stage by name, each list in instruction order. */
interface StageNames {
  env: Map<string, ParsedStage['env']>;
  args: Map<string, ParsedStage['args']>;
}

function entriesByName<T extends { name: string }>(
  entries: T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const entry of entries) {
    const named = map.get(entry.name);
    if (named) named.push(entry);
    else map.set(entry.name, [entry]);
  }
  return map;
}

/** The last entry at or before a line (entries in line order). */
function lastAtOrBefore<T extends { line: number }>(
  entries: T[] | undefined,
  line: number,
): T | undefined {
  if (!entries) return undefined;
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (entries[mid].line <= line) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? entries[low - 1] : undefined;
}

/** Analyses one Dockerfile within its repository tree. */
export class DockerImageAnalysis {
  private readonly context: string;
  private readonly ignore: DockerIgnore;
  private readonly outputsCache = new Map<number, StageOutputs>();
  private readonly fetchesCache = new Map<number, BuildFetch[]>();
  /** Model loads of the repository's code (for `COPY . .` of a context holding their path). */
  private loaders: ModelLoaderFacts[] = [];

  constructor(
    private readonly path: string,
    private readonly parsed: ParsedDockerfile,
    private readonly ctx: DockerContext,
  ) {
    this.context = this.chooseContext();
    const name = baseName(path);
    this.ignore = new DockerIgnore(
      ctx.textOf(joinPath(dirName(path), `${name}.dockerignore`) ?? '') ??
        ctx.textOf(
          this.context ? `${this.context}/.dockerignore` : '.dockerignore',
        ),
    );
  }

  /** What the image readers of `docker/` need from this analysis. */
  private viewCache?: ImageView;
  private startCache?: LocatedCommand[];
  private builtInCache?: NonNullable<DockerfileFacts['builtInModels']>;

  /** What the final image runs when it starts (computed once). */
  private startLocated(): LocatedCommand[] {
    this.startCache ??= startCommands(this.view, this.final);
    return this.startCache;
  }

  private get view(): ImageView {
    this.viewCache ??= {
      path: this.path,
      parsed: this.parsed,
      tree: this.ctx.tree,
      textOf: p => this.ctx.textOf(p),
      repoPathOf: (stage, imagePath, line) =>
        this.repoPathOf(stage, imagePath, line),
    };
    return this.viewCache;
  }

  /** Model fetches of a RUN step (cached: several derivations ask). */
  private fetchesOf(
    stage: ParsedStage,
    run: { command: string; line: number },
  ): BuildFetch[] {
    let fetches = this.fetchesCache.get(run.line);
    if (!fetches) {
      fetches = runFetches(this.view, stage, run);
      this.fetchesCache.set(run.line, fetches);
    }
    return fetches;
  }

  /**
   * The build context is not written in the Dockerfile. Take the folder,
   * from the Dockerfile's own up to the root, where most COPY sources exist
   * (ties go to the nearest folder).
   */
  private chooseContext(): string {
    const candidates = ancestorsOf(this.path).reverse();
    const sources = this.parsed.stages
      .flatMap(s => s.copies)
      .filter(c => !c.from)
      .flatMap(c => c.sources)
      .filter(s => !s.includes('$') && !/^[a-z]+:\/\//i.test(s))
      .map(s => s.replace(/^\.?\/+/, '').replace(/\/+$/, ''))
      .filter(s => s !== '' && s !== '.');
    let best = candidates[0];
    let bestScore = 0;
    for (const candidate of candidates) {
      let score = 0;
      for (const source of sources) {
        const full = joinPath(candidate, source);
        if (full === undefined) continue;
        if (hasGlob(source)) {
          // Cheap: the folder before the first wildcard exists.
          const prefix = full
            .slice(0, full.search(/[*?[]/))
            .replace(/\/[^/]*$/, '');
          if (this.ctx.tree.hasDir(prefix)) score++;
        } else if (this.ctx.tree.exists(full)) {
          score++;
        }
      }
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  private relToContext(repoPath: string): string {
    return this.context ? repoPath.slice(this.context.length + 1) : repoPath;
  }

  private shipped(repoPath: string): boolean {
    return !this.ignore.ignores(this.relToContext(repoPath));
  }

  /** Stage index for a `--from` value (name or number). */
  private stageIndex(from: string, before: number): number | undefined {
    if (/^\d+$/.test(from)) {
      const index = Number(from);
      return index < before ? index : undefined;
    }
    const index = this.parsed.stages.findIndex(
      s => s.name.toLowerCase() === from.toLowerCase(),
    );
    return index >= 0 && index < before ? index : undefined;
  }

  /** Replace `$VAR`/`${VAR}` by ARG/ENV values of the stage; remember which ARGs were used. */
  private readonly namesByStage = new Map<ParsedStage, StageNames>();

  /** A stage's ENV and ARG entries by name (looked up per `$VAR`). */
  private stageNames(stage: ParsedStage): StageNames {
    let names = this.namesByStage.get(stage);
    if (!names) {
      names = {
        env: entriesByName(stage.env),
        args: entriesByName(stage.args),
      };
      this.namesByStage.set(stage, names);
    }
    return names;
  }

  private substitute(
    stage: ParsedStage,
    text: string,
    line: number,
  ): {
    value: string;
    args: Array<{ name: string; defaultValue?: string }>;
    unresolved: string[];
  } {
    const args: Array<{ name: string; defaultValue?: string }> = [];
    const unresolved: string[] = [];
    const value = text.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g,
      (whole, name: string, fallback?: string) => {
        const env = lastAtOrBefore(this.stageNames(stage).env.get(name), line);
        const arg = lastAtOrBefore(this.stageNames(stage).args.get(name), line);
        if (arg && (!env || arg.line > env.line)) {
          args.push(arg);
          return arg.defaultValue ?? fallback ?? whole;
        }
        if (env) return env.value;
        unresolved.push(name);
        return fallback ?? whole;
      },
    );
    return { value, args, unresolved };
  }

  /** Does a local COPY/ADD source bring a model into the stage? */
  private localModelSource(
    stage: ParsedStage,
    copy: DockerCopy,
    raw: string,
  ): ModelIntoImage | undefined {
    const at = { path: this.path, line: copy.line };
    if (/^[a-z]+:\/\//i.test(raw)) {
      if (
        copy.instruction === 'ADD' &&
        (findModelDownload(`curl ${raw}`) || isModelFilePath(raw))
      ) {
        return { ...at, via: 'download-in-build', source: raw };
      }
      return undefined;
    }
    const { value, args } = this.substitute(stage, raw, copy.line);
    const modelArg = args.find(
      a =>
        /MODEL|WEIGHT|CHECKPOINT|CKPT/i.test(a.name) ||
        (a.defaultValue !== undefined &&
          (isModelFilePath(a.defaultValue) ||
            MODEL_FOLDER.test(baseName(a.defaultValue.replace(/\/+$/, ''))))),
    );
    if (modelArg)
      return {
        ...at,
        via: 'build-arg',
        source: `${raw}${
          modelArg.defaultValue
            ? ` (${modelArg.name}=${modelArg.defaultValue})`
            : ''
        }`,
      };
    if (value.includes('$')) return undefined;
    const source = value.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const whole = source === '' || source === '.' || source === '*';
    const repoPath = whole ? this.context : joinPath(this.context, source);
    if (repoPath === undefined) return undefined;
    const tree = this.ctx.tree;
    if (!whole && isModelFilePath(repoPath, p => tree.hasFile(p))) {
      return { ...at, via: 'file', source: raw };
    }
    if (!whole && hasGlob(source)) {
      const matched = this.ctx.models
        .filesUnder(this.context)
        .filter(f => minimatch(f, repoPath) && this.shipped(f));
      return matched.length > 0
        ? { ...at, via: 'file', source: raw }
        : undefined;
    }
    if (tree.hasDir(repoPath)) {
      const shipped = this.ctx.models
        .servedFilesUnder(repoPath)
        .filter(f => this.shipped(f));
      if (shipped.length > 0) return { ...at, via: 'directory', source: raw };
    }
    // A model folder the build expects but git does not hold (trained or
    // fetched before `docker build`, or holding only a .gitkeep).
    if (
      !whole &&
      MODEL_FOLDER.test(baseName(source)) &&
      !extensionOf(source) &&
      !tree.hasFile(repoPath)
    ) {
      const holdsCode =
        tree.hasDir(repoPath) &&
        tree
          .filesUnder(repoPath)
          .some(f => CODE_EXTENSIONS.has(extensionOf(f)));
      if (!holdsCode && this.shipped(repoPath))
        return { ...at, via: 'directory', source: raw };
    }
    return undefined;
  }

  /** Where (if anywhere) a stage leaves a model in its filesystem. */
  private stageOutputs(index: number, depth = 0): StageOutputs {
    const cached = this.outputsCache.get(index);
    if (cached) return cached;
    const result: StageOutputs = { produces: false, paths: [], unknownAt: [] };
    this.outputsCache.set(index, result);
    if (depth > 20) return result;
    const stage = this.parsed.stages[index];
    if (stage.parent !== undefined) {
      const inherited = this.stageOutputs(stage.parent, depth + 1);
      if (inherited.produces) {
        result.produces = true;
        result.paths.push(...inherited.paths);
        result.unknownAt.push(...inherited.unknownAt);
        result.description = inherited.description;
      }
    }
    for (const run of stage.run) {
      const fetches = this.fetchesOf(stage, run);
      const trains = TRAIN_IN_BUILD.test(run.command);
      if (fetches.length === 0 && !trains) continue;
      result.produces = true;
      result.description ??=
        fetches[0]?.description ?? 'trains a model during the build';
      const workdir = workdirAt(stage, run.line);
      const destinations = fetches.flatMap(f => f.destinations);
      if (
        destinations.length > 0 &&
        fetches.every(f => f.destinations.length > 0)
      )
        result.paths.push(...destinations);
      else
        result.unknownAt.push(
          ...(workdir === '/' ? [] : [workdir]),
          '/root/.cache',
          '/home',
        );
    }
    for (const copy of stage.copies) {
      const dest = copy.destination.startsWith('/')
        ? copy.destination
        : `${workdirAt(stage, copy.line)}/${copy.destination}`;
      if (copy.from) {
        if (this.copyFromStageModel(copy, index, depth)) {
          result.produces = true;
          result.paths.push(dest);
          result.description ??= `copied from stage ${copy.from}`;
        }
      } else if (
        copy.sources.some(source => this.localModelSource(stage, copy, source))
      ) {
        result.produces = true;
        result.paths.push(dest);
        result.description ??= 'copied a model file in';
      }
    }
    return result;
  }

  /** Does a `COPY --from=…` bring a model from that stage (or image)? */
  private copyFromStageModel(
    copy: DockerCopy,
    before: number,
    depth = 0,
  ): ModelIntoImage | undefined {
    const from = copy.from!;
    const at = { path: this.path, line: copy.line };
    const index = this.stageIndex(from, before);
    if (index === undefined) {
      // An external image: a model image by name, or a model file path.
      if (
        MODELISH_NAME.test(from.split(/[/:@]/).join('-')) ||
        copy.sources.some(s => isModelFilePath(s))
      ) {
        return {
          ...at,
          via: 'stage',
          source: `${from}:${copy.sources.join(' ')}`,
        };
      }
      return undefined;
    }
    const stageName = this.parsed.stages[index].name;
    // A model file by name is evidence enough, whatever made it in that
    // stage (an export script, a conversion, a download we do not know).
    const modelFile = copy.sources.find(s => isModelFilePath(s));
    if (modelFile) {
      return { ...at, via: 'stage', source: `${stageName}:${modelFile}` };
    }
    const outputs = this.stageOutputs(index, depth + 1);
    if (!outputs.produces) return undefined;
    for (const source of copy.sources) {
      const absolute = source.startsWith('/') ? source : `/${source}`;
      const matches =
        isModelFilePath(source) ||
        outputs.paths.some(p => overlaps(p, absolute)) ||
        // A download to an unknown place: the copied folder must be where it ran (or under it).
        outputs.unknownAt.some(dir => isUnderImagePath(absolute, dir)) ||
        (outputs.unknownAt.length > 0 &&
          absolute
            .split('/')
            .some(seg => MODELISH_NAME.test(seg) || seg === '.cache'));
      if (matches)
        return { ...at, via: 'stage', source: `${stageName}:${source}` };
    }
    return undefined;
  }

  /** The final stage and the stages it is built FROM (its image lineage). */
  private finalChain(): number[] {
    const chain: number[] = [];
    let index: number | undefined = this.parsed.stages.length - 1;
    while (index !== undefined && !chain.includes(index)) {
      chain.push(index);
      index = this.parsed.stages[index].parent;
    }
    return chain.reverse();
  }

  private modelsIntoImage(): ModelIntoImage[] {
    const found: ModelIntoImage[] = [];
    // A set, not a search of `found`: a Dockerfile may have thousands of steps.
    const seen = new Set<string>();
    const add = (item: ModelIntoImage | undefined) => {
      const key = item && `${item.line}\u0000${item.source}`;
      if (item && key && !seen.has(key)) {
        seen.add(key);
        found.push(item);
      }
    };
    for (const index of this.finalChain()) {
      const stage = this.parsed.stages[index];
      for (const copy of stage.copies) {
        if (copy.from) add(this.copyFromStageModel(copy, index));
        else
          for (const source of copy.sources)
            add(this.localModelSource(stage, copy, source));
      }
      for (const run of stage.run) {
        const fetches = this.fetchesOf(stage, run);
        for (const fetch of fetches) {
          add({
            path: this.path,
            line: run.line,
            via: 'download-in-build',
            source: fetch.description,
          });
        }
        if (fetches.length === 0 && TRAIN_IN_BUILD.test(run.command)) {
          add({
            path: this.path,
            line: run.line,
            via: 'download-in-build',
            source: 'trains a model during the build',
          });
        }
      }
    }
    const chain = this.finalChain().map(i => this.parsed.stages[i]);
    for (const item of modelStoreCopies(this.path, chain, this.modelStores()))
      add(item);
    if (found.length === 0 && this.startupDownloads().length === 0) {
      add(
        contextModelPath({
          dockerfile: this.path,
          context: this.context,
          tree: this.ctx.tree,
          shipped: p => this.shipped(p),
          stages: chain,
          runDir: this.runDir(),
          loaders: this.loaders,
        }),
      );
    }
    return found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }

  /** The final stage. */
  private get final(): ParsedStage {
    return this.parsed.stages[this.parsed.stages.length - 1];
  }

  /** The model server the final image is built on, if any. */
  private imageServer() {
    for (const index of this.finalChain()) {
      const server = modelServerOfImage(this.parsed.stages[index].baseImage);
      if (server) return server;
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
    const { value, unresolved } = this.substitute(
      this.final,
      `\${${name}}`,
      Infinity,
    );
    return unresolved.length > 0 || value.includes('$') ? undefined : value;
  }

  /** Folders the image's model server reads models from: its defaults and what its command names. */
  private modelStores(): Array<{ path: string; server: string }> {
    const stores: Array<{ path: string; server: string }> = [];
    const image = this.imageServer();
    if (image)
      stores.push(
        ...image.modelPaths.map(path => ({ path, server: image.server })),
      );
    for (const { command } of this.startLocated()) {
      const start = serverStart(command);
      const written = start?.modelStore?.value;
      if (!start || !written) continue;
      const value = written.includes('$')
        ? this.substitute(this.final, written, Infinity).value
        : written;
      if (value.includes('$') || /^[a-z][a-z0-9+]*:\/\//i.test(value)) continue;
      stores.push({
        path: normaliseImagePath(
          value.startsWith('/') ? value : `${this.runDir()}/${value}`,
        ),
        server: start.server,
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
    for (const index of this.finalChain()) {
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
    for (const index of this.finalChain()) {
      const stage = this.parsed.stages[index];
      for (const run of stage.run) {
        for (const fetch of this.fetchesOf(stage, run)) {
          for (const model of fetch.hubIds)
            found.push({ path: this.path, line: run.line, model });
          if (fetch.script)
            found.push({
              path: this.path,
              line: run.line,
              script: fetch.script,
            });
        }
      }
    }
    this.builtInCache = found;
    return found;
  }

  /** Model archives the final image holds in a folder (copied, packed or fetched while built). */
  private imageArchives(): StoreArchive[] {
    const found: StoreArchive[] = [];
    const push = (name: string, dir: string, line: number) => {
      if (!found.some(a => a.name === name && a.dir === dir))
        found.push({ path: this.path, line, name, dir });
    };
    for (const index of this.finalChain()) {
      const stage = this.parsed.stages[index];
      for (const copy of stage.copies) {
        const dest = copyDestination(stage, copy);
        const intoDir =
          copy.destination.endsWith('/') || copy.sources.length > 1;
        for (const source of copy.sources) {
          if (extensionOf(source) === '.mar') {
            const dir =
              intoDir || extensionOf(dest) !== '.mar'
                ? dest
                : dirName(dest) || '/';
            push(baseName(source), dir, copy.line);
          } else if (!copy.from) {
            const repo = joinPath(this.context, source.replace(/^\.?\/+/, ''));
            if (repo === undefined || !this.ctx.tree.hasDir(repo)) continue;
            for (const file of this.ctx.tree.filesUnder(repo))
              if (extensionOf(file) === '.mar' && dirName(file) === repo)
                push(baseName(file), dest, copy.line);
          }
        }
      }
      for (const run of stage.run) {
        for (const fetch of this.fetchesOf(stage, run)) {
          for (const destination of fetch.destinations) {
            const archiverName = /packs .* into (\S+)\/([^/\s]+)\.mar/.exec(
              fetch.description,
            );
            if (archiverName && archiverName[2] !== '*')
              push(
                `${archiverName[2]}.mar`,
                normaliseImagePath(destination),
                run.line,
              );
            else if (extensionOf(destination) === '.mar')
              push(
                baseName(destination),
                dirName(normaliseImagePath(destination)) || '/',
                run.line,
              );
          }
        }
      }
    }
    return found;
  }

  /** Models the image's server loads, from how it is started (TorchServe `--models`, registrations, Triton `--load-model`). */
  servedModelFacts(): ModelServerConfigFacts | undefined {
    const final = this.final;
    const located = this.startLocated();
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
      imageArchives: this.imageArchives(),
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

  /** Stages whose content ends up in the final image: its lineage and what it copies from. */
  private shippedStages(): number[] {
    const result = new Set<number>();
    const visit = (index: number, depth: number) => {
      if (result.has(index) || depth > 20) return;
      result.add(index);
      const stage = this.parsed.stages[index];
      if (stage.parent !== undefined) visit(stage.parent, depth + 1);
      for (const copy of stage.copies) {
        const from = copy.from ? this.stageIndex(copy.from, index) : undefined;
        if (from !== undefined) visit(from, depth + 1);
      }
    };
    visit(this.parsed.stages.length - 1, 0);
    return [...result].sort((a, b) => a - b);
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
    const absolute = normaliseImagePath(
      imagePath.startsWith('/')
        ? imagePath
        : `${workdirAt(stage, line)}/${imagePath}`,
    );
    const copies = this.lineageCopies(stage)
      .filter(c => !c.copy.from && c.copy.line < line + 1)
      .reverse();
    for (const { copy, stage: owner } of copies) {
      const rawDest = copy.destination;
      const dest = normaliseImagePath(
        rawDest.startsWith('/')
          ? rawDest
          : `${workdirAt(owner, copy.line)}/${rawDest}`,
      );
      for (const source of copy.sources) {
        const clean = source.replace(/^\.?\/+/, '').replace(/\/+$/, '');
        const sourceRepo =
          clean === '' || clean === '.'
            ? this.context
            : joinPath(this.context, clean);
        if (sourceRepo === undefined) continue;
        const candidates: string[] = [];
        if (absolute === dest) candidates.push(sourceRepo);
        if (absolute === `${dest}/${baseName(clean)}`)
          candidates.push(sourceRepo);
        if (absolute.startsWith(`${dest}/`))
          candidates.push(
            joinPath(sourceRepo, absolute.slice(dest.length + 1)) ?? '',
          );
        const hit = candidates.find(c => c && this.ctx.tree.hasFile(c));
        if (hit) return hit;
      }
    }
    const relative = imagePath.replace(/^\.?\/+/, '');
    const direct = joinPath(this.context, relative);
    if (direct && this.ctx.tree.hasFile(direct)) return direct;
    const byName = this.ctx.tree
      .filesNamed(baseName(relative))
      .filter(f => isUnder(f, this.context));
    if (byName.length > 0) return byName.sort((a, b) => a.length - b.length)[0];
    return imagePath.startsWith('/') ? undefined : direct;
  }

  private lineageCopies(
    stage: ParsedStage,
  ): Array<{ copy: DockerCopy; stage: ParsedStage }> {
    const result: Array<{ copy: DockerCopy; stage: ParsedStage }> = [];
    let current: ParsedStage | undefined = stage;
    for (let i = 0; current && i < 20; i++) {
      const owner: ParsedStage = current;
      result.unshift(...owner.copies.map(copy => ({ copy, stage: owner })));
      current =
        owner.parent !== undefined
          ? this.parsed.stages[owner.parent]
          : undefined;
    }
    return result;
  }

  private installs(manifests: DependencyManifestFacts[]): SourceLine[] {
    const found: SourceLine[] = [];
    const add = (path: string | undefined, line?: number) => {
      if (path && !found.some(f => f.path === path && f.line === line))
        found.push(line ? { path, line } : { path });
    };
    for (const index of this.shippedStages()) {
      const stage = this.parsed.stages[index];
      for (const run of stage.run) {
        const command = run.command;
        // `cd sub && uv sync`: files named by a step are relative to the
        // folder the step runs in.
        let cwd: string | undefined;
        for (const segment of command.split(/&&|\|\||;/)) {
          const cd = /^\s*cd\s+(["']?)([^\s"'$]+)\1\s*$/.exec(segment);
          if (cd) {
            cwd = normaliseImagePath(
              cd[2].startsWith('/')
                ? cd[2]
                : `${cwd ?? workdirAt(stage, run.line)}/${cd[2]}`,
            );
            continue;
          }
          const folder = cwd;
          const inFolder = (file: string) =>
            folder && !file.startsWith('/') ? `${folder}/${file}` : file;
          const fileFlag =
            /(?:^|\s)(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/g;
          if (/\b(pip[0-9.]*|uv\s+pip)\s+install\b/.test(segment)) {
            for (const match of segment.matchAll(fileFlag)) {
              add(
                this.repoPathOf(
                  stage,
                  inFolder(match[1].replace(/^["']|["']$/g, '')),
                  run.line,
                ),
              );
            }
          }
          const tool = (pattern: RegExp, files: string[]) => {
            if (!pattern.test(segment)) return;
            for (const file of files) {
              const repo = this.repoPathOf(stage, inFolder(file), run.line);
              if (repo && this.ctx.tree.hasFile(repo)) add(repo);
            }
          };
          tool(/\bpoetry\s+(install|sync)\b/, [
            'pyproject.toml',
            'poetry.lock',
          ]);
          tool(/\buv\s+sync\b/, ['pyproject.toml', 'uv.lock']);
          tool(/\bpdm\s+(install|sync)\b/, ['pyproject.toml', 'pdm.lock']);
          tool(/\bpipenv\s+(install|sync)\b/, ['Pipfile', 'Pipfile.lock']);
          tool(
            /\b(pip[0-9.]*|uv\s+pip)\s+install\s+(-[-\w]+\s+)*(-e\s+)?\.(\[[^\]]*\])?(\s|$)/,
            ['pyproject.toml', 'setup.py'],
          );
          const condaFile = condaEnvironmentFile(segment);
          if (condaFile)
            add(this.repoPathOf(stage, inFolder(condaFile), run.line));
        }
        const inline = inlinePipRequirements(command, run.line);
        if (inline.length > 0) {
          manifests.push({
            path: this.path,
            kind: 'other',
            requirements: inline,
            includes: [],
            line: run.line,
          });
          add(this.path, run.line);
        }
      }
    }
    return found;
  }

  private startFetchesCache?: DockerfileFacts['startupDownloads'];

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
      view: this.view,
      stage: final,
      located: this.startLocated(),
      imageServer,
      lookup: name => this.lookup(name),
      hubServedFromImage: served,
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
    for (const index of this.shippedStages()) {
      const stage = this.parsed.stages[index];
      for (const copy of stage.copies) {
        if (copy.from) continue;
        for (const raw of copy.sources) {
          if (/^[a-z]+:\/\//i.test(raw)) continue;
          const { value } = this.substitute(stage, raw, copy.line);
          if (value.includes('$')) continue;
          const source = value.replace(/^\.?\/+/, '').replace(/\/+$/, '');
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
    for (const index of this.shippedStages()) {
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
    this.loaders = loaders;
    const facts: DockerfileFacts = {
      path: this.path,
      stages: this.parsed.stages.map(toContractStage),
      modelsIntoImage: this.modelsIntoImage(),
      installsManifests: this.installs(manifests),
      startupDownloads: this.startupDownloads(),
    };
    const builtIn = this.builtInModels();
    if (builtIn.length > 0) facts.builtInModels = builtIn;
    const offline = this.hubOffline();
    if (offline) facts.hubOffline = offline;
    return facts;
  }
}

/**
 * The `-f`/`--file` of the first conda command that names one before a
 * `&`, `;` or `|` (what
 * `/\b(conda|mamba|micromamba)\s+(…)\b[^&;|]*?\s(?:-f|--file)(?:\s+|=)(\S+)/`
 * finds, in one pass: the lazy run rescans the rest of the command from
 * every `conda install` in it).
 */
export function condaEnvironmentFile(segment: string): string | undefined {
  const commands =
    /\b(?:conda|mamba|micromamba)\s+(?:env\s+(?:create|update)|create|install|update)\b/g;
  const flags = /\s(?:-f|--file)(?:\s+|=)(\S+)/g;
  const stops = /[&;|]/g;
  let flag: RegExpExecArray | null | undefined;
  let stop: RegExpExecArray | null | undefined;
  for (let command = commands.exec(segment); command; ) {
    const from = command.index + command[0].length;
    // The next flag and stop at or after `from`, reused while still ahead.
    if (flag === undefined || (flag && flag.index < from)) {
      flags.lastIndex = from;
      flag = flags.exec(segment);
    }
    if (stop === undefined || (stop && stop.index < from)) {
      stops.lastIndex = from;
      stop = stops.exec(segment);
    }
    if (!flag) return undefined;
    if (!stop || flag.index < stop.index) return flag[1];
    // Every command before the stop shares this run: go past it.
    commands.lastIndex = stop.index;
    command = commands.exec(segment);
  }
  return undefined;
}

/** `pip install a==1 b` inside RUN: the packages named on the command line. */
export function inlinePipRequirements(
  command: string,
  line: number,
): RequirementFacts[] {
  const result: RequirementFacts[] = [];
  for (const segment of command.split(/&&|\|\||;|\|/)) {
    const match =
      /\b(?:pip[0-9.]*|uv\s+pip|python[0-9.]*\s+-m\s+pip)\s+install\s+(.*)$/s.exec(
        segment,
      );
    if (!match) continue;
    const tokens = match[1].match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i].replace(/^["']|["']$/g, '');
      if (token.startsWith('-')) {
        // Options that take a value: skip the value too.
        if (
          /^(-r|--requirement|-c|--constraint|-e|--editable|-i|--index-url|--extra-index-url|-f|--find-links|-t|--target|--prefix|--root|--trusted-host|--platform|--python-version|--only-binary|--no-binary)$/.test(
            token,
          )
        )
          i++;
        continue;
      }
      if (
        token === '\\' ||
        token.includes('$') ||
        /^(\.{1,2}|\/|~)/.test(token) ||
        /\.(whl|tar\.gz|zip)$/.test(token)
      )
        continue;
      const parsed = parseRequirementSpec(token);
      if (
        !parsed ||
        isTooling(parsed.name.toLowerCase()) ||
        parsed.name.toLowerCase() === 'python'
      )
        continue;
      result.push({ ...parsed, line });
    }
  }
  return result;
}
