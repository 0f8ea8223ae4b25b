import { EvidenceProblem, ModelServerConfigFacts } from '../../types';
import { baseName, dirName } from '../paths';
import {
  messagesOf,
  parseTextProto,
  scalarOf,
  TextProtoMessage,
} from './textProto';

/**
 * Triton model repositories: a folder whose sub-folders each hold one
 * model's `config.pbtxt` (or a template of it). Triton serves every model
 * of the repository it is started on, so each folder is a served model —
 * except the steps of an ensemble that only prepare or post-process for
 * one network (a Python tokenizer step, a label-map step, a DALI
 * pipeline): an ensemble of one network and its companions is one model.
 */

/** `config.pbtxt`, and templates of it filled in by a script. */
const CONFIG_NAME = /^config\.pbtxt(?:\.[\w-]{1,20})?$/;

/** Backends that run code around a network rather than a trained network. */
const PROCESSING_BACKENDS = new Set(['python', 'dali']);

export function isTritonModelConfig(path: string): boolean {
  return CONFIG_NAME.test(baseName(path)) && dirName(path) !== '';
}

export interface TritonModel {
  /** Folder name = the model's name in Triton. */
  name: string;
  folder: string;
  configPath: string;
  /** Line of `name:` in the config, or 1. */
  line: number;
  /** `platform` or `backend`, as written. */
  runtime?: string;
  /** Step model names, for an ensemble. */
  steps: string[];
  /** A version folder holds Python-backend code (`1/model.py`). */
  pythonCode?: boolean;
}

export interface TritonRepository {
  /** The repository folder (`` for the root). */
  folder: string;
  models: TritonModel[];
}

function readModel(
  configPath: string,
  text: string | undefined,
  problems: EvidenceProblem[],
): TritonModel {
  const folder = dirName(configPath);
  const model: TritonModel = {
    name: baseName(folder),
    folder,
    configPath,
    line: 1,
    steps: [],
  };
  if (text === undefined) return model;
  const parsed = parseTextProto(text);
  if (!parsed.ok) {
    problems.push({
      path: configPath,
      line: parsed.line,
      message: `Triton model configuration not read: ${parsed.error}`,
    });
    return model;
  }
  const config: TextProtoMessage = parsed.message;
  const nameField = config.fields.find(f => f.name === 'name');
  if (nameField) model.line = nameField.line;
  model.runtime = scalarOf(config, 'platform') ?? scalarOf(config, 'backend');
  for (const scheduling of messagesOf(config, 'ensemble_scheduling')) {
    for (const step of messagesOf(scheduling.message, 'step')) {
      const stepName = scalarOf(step.message, 'model_name');
      if (stepName && !model.steps.includes(stepName))
        model.steps.push(stepName);
    }
  }
  return model;
}

/** Every Triton model repository of the tree, its models in folder order. */
export function findTritonRepositories(
  paths: readonly string[],
  textOf: (path: string) => string | undefined,
  problems: EvidenceProblem[],
): TritonRepository[] {
  const byFolder = new Map<string, TritonModel[]>();
  const seenModelFolders = new Set<string>();
  for (const path of paths) {
    if (!isTritonModelConfig(path)) continue;
    const modelFolder = dirName(path);
    // `config.pbtxt` and its template in one folder are one model.
    if (seenModelFolders.has(modelFolder)) continue;
    seenModelFolders.add(modelFolder);
    const repository = dirName(modelFolder);
    const models = byFolder.get(repository) ?? [];
    models.push(readModel(path, textOf(path), problems));
    byFolder.set(repository, models);
  }
  // `<model>/<version>/model.py`: the Python backend's code for that model.
  for (const path of paths) {
    if (baseName(path) !== 'model.py') continue;
    const version = dirName(path);
    if (!/^\d{1,9}$/.test(baseName(version))) continue;
    const folder = dirName(version);
    const models = byFolder.get(dirName(folder));
    const model = models?.find(m => m.folder === folder);
    if (model) model.pythonCode = true;
  }
  return [...byFolder].map(([folder, models]) => ({ folder, models }));
}

export interface TritonCountOptions {
  /**
   * Does the model folder hold a trained network of its own (a model file,
   * or code loading something other than a tokenizer/processor/config)?
   * Asked only for processing backends (Python, DALI) and Python-backend code.
   */
  loadsNetwork(folder: string): boolean;
  /** Narrow to these model names (`--model-control-mode=explicit --load-model`). */
  loaded?: ReadonlySet<string>;
}

/**
 * A step that runs code around a network: a processing backend, or a
 * folder whose own code is Python-backend code (`1/model.py`, whatever
 * platform its config names), holding and loading no network.
 */
function isProcessing(model: TritonModel, options: TritonCountOptions) {
  const runtime = model.runtime?.toLowerCase();
  return (
    ((runtime !== undefined && PROCESSING_BACKENDS.has(runtime)) ||
      model.pythonCode === true) &&
    !options.loadsNetwork(model.folder)
  );
}

/** The distinct models a Triton repository serves, as evidence. */
export function tritonServedModels(
  repository: TritonRepository,
  options: TritonCountOptions,
): ModelServerConfigFacts['models'] {
  const byName = new Map(repository.models.map(m => [m.name, m]));
  const served = options.loaded
    ? repository.models.filter(m => options.loaded!.has(m.name))
    : repository.models;
  /** Step models of an ensemble, nested ensembles expanded. */
  const membersOf = (ensemble: TritonModel): TritonModel[] => {
    const members: TritonModel[] = [];
    const visited = new Set<string>([ensemble.name]);
    const queue = [...ensemble.steps];
    while (queue.length > 0 && visited.size <= byName.size + 1) {
      const name = queue.shift()!;
      if (visited.has(name)) continue;
      visited.add(name);
      const step = byName.get(name);
      if (!step) continue;
      if (step.runtime === 'ensemble') queue.push(...step.steps);
      else members.push(step);
    }
    return members;
  };

  const result: ModelServerConfigFacts['models'] = [];
  const inEnsemble = new Set<string>();
  for (const model of served) {
    if (model.runtime !== 'ensemble') continue;
    const members = membersOf(model);
    members.forEach(m => inEnsemble.add(m.name));
    const networks = members.filter(m => !isProcessing(m, options));
    const companions = members.filter(m => isProcessing(m, options));
    if (networks.length <= 1) {
      const network = networks[0];
      result.push({
        path: model.configPath,
        line: model.line,
        name: model.name,
        note: `Triton ensemble ${model.name}: ${
          network ? `network ${network.name}` : 'no network'
        }${
          companions.length > 0
            ? ` with its processing steps ${companions
                .map(c => c.name)
                .join(', ')}`
            : ''
        }`,
      });
    } else {
      for (const network of networks) {
        result.push({
          path: network.configPath,
          line: network.line,
          name: network.name,
          note: `Triton model ${network.name} (step of ensemble ${model.name})`,
        });
      }
    }
  }
  const standalone = served.filter(
    m => m.runtime !== 'ensemble' && !inEnsemble.has(m.name),
  );
  for (const model of standalone) {
    if (result.some(r => r.name === model.name)) continue;
    result.push({
      path: model.configPath,
      line: model.line,
      name: model.name,
      note: `Triton model ${model.name}${
        model.runtime ? ` (${model.runtime})` : ''
      }`,
    });
  }
  return result;
}
