import { minimatch } from 'minimatch';
import {
  DockerCopy,
  ModelIntoImage,
  ModelLoaderFacts,
  SourceLine,
} from '../../types';
import { ParsedStage, workdirAt } from '../dockerfile';
import { isProgramFile } from '../fileKinds';
import { findModelDownload } from '../modelDownloads';
import { isModelFilePath, MODELISH_NAME } from '../modelFiles';
import { baseName, extensionOf, joinPath } from '../paths';
import type { ConfigFileValue } from '../python/configFileValues';
import { BuiltImage } from './BuiltImage';
import { ContextModelInput, contextModelPath } from './contextModelPath';
import { envModelPath } from './envModelPath';
import { namedFileFolder } from './namedFileFolder';
import {
  hasGlob,
  isUnderImagePath,
  normaliseImagePath,
  overlapsImagePath,
} from './imagePaths';
import { companionFileName } from '../python/artifactRoles';
import { ModelStore, modelStoreCopies } from './modelStoreCopies';
import { modelImageName, modelishImagePath } from './modelImageStage';
import { finalChain, stageIndex } from './stageLineage';
import { runSaves, trainedInBuild } from './trainedInBuild';

/**
 * How models get into the image the final stage builds (Model-in-image):
 * copied from the build context, from an earlier stage or another image,
 * fetched or trained while it is built, or put into the folder its model
 * server reads.
 */

/** A folder whose name says it holds model artefacts (`models/`, `weights/`). */
const MODEL_FOLDER =
  /^(models?|ml[_-]?models?|weights?|checkpoints?|ckpts?|artifacts?|saved[_-]?models?|trained[_-]?models?|pretrained([_-]models?)?|model[_-](store|dir|files|artifacts?|weights))$/i;

/** Building a model in the image by training during the build. */
const TRAIN_IN_BUILD =
  /\bpython[0-9.]*\s+(-m\s+)?[\w./-]*\btrain[\w-]*(\.py)?\b/i;

interface StageOutputs {
  produces: boolean;
  /** Image paths where the model lands, when known. */
  paths: string[];
  /** Working folders of downloads whose destination is not known. */
  unknownAt: string[];
  description?: string;
}

/** What the image's start-up adds to how models get in (asked only when needed). */
export interface ImageStart {
  /** Folders the image's model server reads models from. */
  modelStores(): ModelStore[];
  /** Does the image fetch a model when it starts? */
  downloadsAtStart(): boolean;
  /** The folder the image's command runs in. */
  runDir(): string;
  /** Model loads of the repository's code (for `COPY . .` of a context holding their path). */
  loaders: ModelLoaderFacts[];
  /** The path a load reads when configuration names only part of it (`folder/{MODEL_FILE}`). */
  partlyConfiguredPath?(loader: ModelLoaderFacts): string | undefined;
  /** The `.gitignore` line that keeps a repository path out of git by naming it. */
  gitIgnored?(path: string): SourceLine | undefined;
  /** Whether a Python module's own code fetches a model over the network. */
  fetchesModelIn?(path: string): boolean;
  /** The path a configured load reads, as the configuration file its module names writes it. */
  configFilePath?(loader: ModelLoaderFacts): ConfigFileValue | undefined;
}

export class ModelsIntoImage {
  private readonly outputsCache = new Map<number, StageOutputs>();

  constructor(private readonly image: BuiltImage) {}

  /** Every way a model gets into the final image, in line order. */
  list(start: ImageStart): ModelIntoImage[] {
    const image = this.image;
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
    // Named by what the build's script saves and the server loads, so
    // before the guess from a step's name (`python train.py`).
    const trained = trainedInBuild(image, start.loaders);
    trained.forEach(add);
    const trainedAt = new Set(trained.map(item => item.line));
    for (const index of finalChain(image.parsed)) {
      const stage = image.parsed.stages[index];
      for (const copy of stage.copies) {
        if (copy.from) add(this.copyFromStageModel(copy, index));
        else
          for (const source of copy.sources)
            add(this.localModelSource(stage, copy, source, start));
      }
      for (const run of stage.run) {
        const fetches = image.fetchesOf(stage, run);
        for (const fetch of fetches) {
          add({
            path: image.path,
            line: run.line,
            via: 'download-in-build',
            source: fetch.description,
          });
        }
        if (
          fetches.length === 0 &&
          !trainedAt.has(run.line) &&
          TRAIN_IN_BUILD.test(run.command)
        ) {
          add({
            path: image.path,
            line: run.line,
            via: 'download-in-build',
            source: 'trains a model during the build',
          });
        }
      }
    }
    const chain = finalChain(image.parsed).map(i => image.parsed.stages[i]);
    // A COPY already taken for the model it brings is not told twice.
    const copied = new Set(found.map(item => item.line));
    const lacks = (source: string, below: string) => {
      const folder = joinPath(image.context, source);
      if (folder === undefined || !image.tree.hasDir(folder)) return false;
      const held = joinPath(folder, below);
      return (
        held !== undefined &&
        !image.tree.exists(held) &&
        start.gitIgnored?.(held) === undefined
      );
    };
    const stores = start.modelStores();
    const stageModel = (copy: DockerCopy, stage: ParsedStage) => {
      const parsed = image.parsed;
      const index = stageIndex(
        parsed,
        copy.from!,
        parsed.stages.indexOf(stage),
      );
      if (index === undefined) return undefined;
      const outputs = this.stageOutputs(index);
      return outputs.produces
        ? `stage ${parsed.stages[index].name} (${outputs.description})`
        : undefined;
    };
    for (const item of modelStoreCopies(
      image.path,
      chain,
      stores,
      lacks,
      stageModel,
    ))
      if (!copied.has(item.line)) add(item);
    if (found.length === 0 && !start.downloadsAtStart()) {
      const context: ContextModelInput = {
        dockerfile: image.path,
        context: image.context,
        tree: image.tree,
        shipped: p => image.shipped(p),
        stages: chain,
        runDir: start.runDir(),
        loaders: start.loaders,
        gitIgnored: p => start.gitIgnored?.(p),
        fetchesModelIn: p => start.fetchesModelIn?.(p) ?? false,
        configFilePath: loader => start.configFilePath?.(loader),
      };
      add(
        contextModelPath(context) ??
          envModelPath(context) ??
          namedFileFolder(context, loader =>
            start.partlyConfiguredPath?.(loader),
          ),
      );
    }
    return found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }

  /** Does a local COPY/ADD source bring a model into the stage? */
  private localModelSource(
    stage: ParsedStage,
    copy: DockerCopy,
    raw: string,
    start?: ImageStart,
  ): ModelIntoImage | undefined {
    const image = this.image;
    const at = { path: image.path, line: copy.line };
    if (/^[a-z]+:\/\//i.test(raw)) {
      if (
        copy.instruction === 'ADD' &&
        (findModelDownload(`curl ${raw}`) || isModelFilePath(raw))
      ) {
        return { ...at, via: 'download-in-build', source: raw };
      }
      return undefined;
    }
    const { value, args } = image.substitute(stage, raw, copy.line);
    const modelArg = args.find(
      a =>
        /MODEL|WEIGHT|CHECKPOINT|CKPT/i.test(a.name) ||
        (a.defaultValue !== undefined &&
          (isModelFilePath(a.defaultValue) ||
            MODEL_FOLDER.test(
              baseName(a.defaultValue.replace(/(?<!\/)\/+$/, '')),
            ))),
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
    const source = value.replace(/^\.?\/+/, '').replace(/(?<!\/)\/+$/, '');
    const whole = source === '' || source === '.' || source === '*';
    const repoPath = whole ? image.context : joinPath(image.context, source);
    if (repoPath === undefined) return undefined;
    const tree = image.tree;
    // A companion alone (a tokenizer, a config, a label encoder) is not the model.
    if (
      !whole &&
      !hasGlob(source) &&
      isModelFilePath(repoPath, p => tree.hasFile(p)) &&
      !companionFileName(repoPath)
    ) {
      return { ...at, via: 'file', source: raw };
    }
    if (!whole && hasGlob(source)) {
      const matched = image.models
        .filesUnder(image.context)
        .filter(
          f =>
            minimatch(f, repoPath) && image.shipped(f) && !companionFileName(f),
        );
      return matched.length > 0
        ? { ...at, via: 'file', source: raw }
        : undefined;
    }
    // The committed model files a whole context brings are in the image
    // for the server only when a load may read them: not when every load
    // of the serving code downloads its model when the server starts.
    if (tree.hasDir(repoPath) && !(whole && everyServedLoadDownloads(start))) {
      const shipped = image.models
        .servedFilesUnder(repoPath)
        .filter(f => image.shipped(f));
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
        tree.hasDir(repoPath) && tree.filesUnder(repoPath).some(isProgramFile);
      if (!holdsCode && image.shipped(repoPath))
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
    const stage = this.image.parsed.stages[index];
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
      const fetches = this.image.fetchesOf(stage, run);
      const trains = TRAIN_IN_BUILD.test(run.command);
      // A script of the repository saving an artifact: where it lands is known.
      const saved =
        fetches.length === 0 ? runSaves(this.image, stage, run) : [];
      if (saved.length > 0) {
        const [{ script, save }] = saved;
        result.produces = true;
        result.description ??= `the build runs ${script}, which saves ${save.name} (${save.path}:${save.line}: ${save.call})`;
        result.paths.push(...saved.map(s => s.imagePath));
        if (!trains) continue;
      }
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
          // The root holds everything: a download there says nothing of where.
          ...(normaliseImagePath(workdir) === '/' ? [] : [workdir]),
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
    const parsed = this.image.parsed;
    const from = copy.from!;
    const at = { path: this.image.path, line: copy.line };
    const index = stageIndex(parsed, from, before);
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
    const stageName = parsed.stages[index].name;
    // A model file by name is evidence enough, whatever made it in that
    // stage (an export script, a conversion, a download we do not know).
    const modelFile = copy.sources.find(s => isModelFilePath(s));
    if (modelFile) {
      return { ...at, via: 'stage', source: `${stageName}:${modelFile}` };
    }
    const outputs = this.stageOutputs(index, depth + 1);
    if (!outputs.produces) {
      // A stage that is a model image by name: its model folder is copied.
      const modelImage = modelImageName(parsed, parsed.stages[index]);
      const folder = modelImage && copy.sources.find(modelishImagePath);
      return folder
        ? {
            ...at,
            via: 'stage',
            source: `${stageName} (model image ${modelImage}):${folder}`,
          }
        : undefined;
    }
    for (const source of copy.sources) {
      const absolute = source.startsWith('/') ? source : `/${source}`;
      const matches =
        isModelFilePath(source) ||
        outputs.paths.some(p => overlapsImagePath(p, absolute)) ||
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
}

/** Every model load of the serving code downloads when the server starts (none reads a local file). */
function everyServedLoadDownloads(start: ImageStart | undefined): boolean {
  const served = (start?.loaders ?? []).filter(l => l.inServingCode !== false);
  return served.length > 0 && served.every(l => l.downloads);
}
