import type { SyntaxNode } from '@lezer/common';
import { PythonModule } from './pythonModule';
import { CallInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { CallArguments, dottedName } from './syntax';
import { canonicalCallee } from './canonicalCallee';
import { kerasApplicationWeights } from './kerasApplications';
import { modelCommandOption } from './modelCommands';
import { importsServingFramework } from './servingCode';
import {
  Entry,
  FILE_KEYWORDS,
  GENERIC,
  HUB_KEYWORDS,
  libraryLoader,
  LOADERS,
  PICKLED,
} from './knownLoaders';

/**
 * The library calls that load a trained artifact, and what each call's
 * arguments say about it: which argument names the artifact, whether a
 * name that is not a local path is fetched from a model hub, and whether
 * the artifact is a model, a companion of one (tokenizer, processor,
 * config, …) or an adapter on a base model.
 */
export interface LoaderSpec {
  /** The call as users know it, e.g. `joblib.load`, `transformers.AutoModel.from_pretrained`. */
  call: string;
  role: 'model' | 'companion' | 'adapter';
  /** Given an id rather than a local path, it downloads from a model hub. */
  hub: boolean;
  /** Without a target it loads the library's default model (`pipeline("summarization")`). */
  defaultModel: boolean;
  /** Only fetches files; the model is loaded from them by another call. */
  fetchOnly: boolean;
  /** Loads every model installed for it (one per language pair…): several models. */
  several: boolean;
  /** The argument naming the artifact. */
  target?: SyntaxNode;
  /** For an adapter: the base model it is put on (an argument, or the receiver of a method). */
  base?: SyntaxNode;
  /** Reads pickled Python objects (where a fitted `encoder`/`transformer` is preprocessing). */
  pickled: boolean;
  /**
   * Loads whatever was saved (a pickle, a model store entry): only the
   * artifact's name, or what else is loaded by that name, tells a model
   * from a companion.
   */
  generic: boolean;
}
/** `from_pretrained` receivers that load what travels with a model, not a model. */
const COMPANION_CLASS =
  /(?:Tokeni[sz]er\w*|Processor|FeatureExtractor|Config|GenerationConfig|Scheduler|ImageProcessor)$/;

/** `from_pretrained` receivers that put an adapter on a base model. */
const ADAPTER_CLASS = /(?:^|\.)(?:PeftModel\w*|AutoPeftModel\w*|PeftConfig)$/;

/** Functions of a model library named like a model loader (`load_model`, `load_align_model`, `load_learner`). */
const LOADER_FUNCTION =
  /^(?:load_model|load_\w*_model|load_\w*model|load_learner|load_pipeline|load_checkpoint|load_pretrained)$/;

/** Libraries whose objects load a saved model with a `.load_model(path)` method. */
const MODEL_OBJECT_LIBRARIES = ['xgboost', 'catboost', 'lightgbm'];

function targetOf(
  args: CallArguments,
  keywords: string[],
  position: number,
): SyntaxNode | undefined {
  for (const keyword of keywords) {
    const value = args.keyword.get(keyword);
    if (value) return value;
  }
  return position >= 0 ? args.positional[position] : undefined;
}

function spec(
  call: string,
  entry: Entry,
  args: CallArguments,
  defaultKeywords: string[],
): LoaderSpec {
  return {
    call,
    role: entry.role ?? 'model',
    hub: entry.hub ?? false,
    defaultModel: entry.defaultModel ?? false,
    fetchOnly: entry.fetchOnly ?? false,
    several: entry.several ?? false,
    target: targetOf(
      args,
      entry.keywords ?? defaultKeywords,
      entry.position ?? 0,
    ),
    pickled: PICKLED.has(call),
    generic: GENERIC.test(call),
  };
}

/** `torch.hub.load(dir, name, source="local")` loads a folder of the project. */
function localHubSource(module: PythonModule, args: CallArguments): boolean {
  const source = args.keyword.get('source');
  return source !== undefined && module.syntax.stringValue(source) === 'local';
}

/** The call's arguments, read only if a rule looks at them (most calls are not loads). */
export function lazyArguments(call: CallInfo): CallArguments {
  return {
    get positional() {
      return call.args.positional;
    },
    get keyword() {
      return call.args.keyword;
    },
  };
}

/** The loader a call is, if it loads an artifact. */
export function loaderOf(
  project: PythonProject,
  module: PythonModule,
  call: CallInfo,
): LoaderSpec | undefined {
  if (!call.dotted) return undefined;
  const canonical = canonicalCallee(project, module, call.dotted);
  const args = lazyArguments(call);
  const exact = LOADERS[canonical] ?? libraryLoader(canonical);
  if (canonical === 'torch.hub.load' && localHubSource(module, args)) {
    // `source="local"`: a project folder, not GitHub; a `path=` names the weights.
    return spec(canonical, { keywords: ['path'], position: 0 }, args, []);
  }
  if (canonical === 'timm.create_model') {
    // timm builds an architecture: a local checkpoint, or pretrained weights
    // fetched from the hub, make it a trained model.
    if (args.keyword.get('checkpoint_path'))
      return spec(canonical, { keywords: ['checkpoint_path'] }, args, []);
    const pretrained = args.keyword.get('pretrained');
    if (!pretrained || module.syntax.textOf(pretrained) === 'False')
      return undefined;
  }
  const keras = kerasApplicationWeights(canonical, module, args);
  if (keras === 'untrained') return undefined;
  if (keras) {
    const published = keras === 'published';
    const keywords = published ? [] : ['weights'];
    const entry = { hub: published, defaultModel: published, keywords };
    return spec(canonical, { ...entry, position: -1 }, args, []);
  }
  if (exact) {
    const keywords = exact.hub ? HUB_KEYWORDS : FILE_KEYWORDS;
    return spec(canonical, exact, args, keywords);
  }
  if (/^mlflow\.\w+\.load_model$/.test(canonical)) {
    return spec(canonical, { keywords: ['model_uri'] }, args, []);
  }
  if (/^bentoml\.(?:\w+\.)?(?:get|load_model|load_runner)$/.test(canonical)) {
    return spec(canonical, { keywords: ['tag'] }, args, []);
  }
  const dot = canonical.lastIndexOf('.');
  const method = dot > 0 ? canonical.slice(dot + 1) : canonical;
  const receiver = dot > 0 ? canonical.slice(0, dot) : '';
  const receiverNode = call.callee.firstChild ?? undefined;
  if (method === 'from_pretrained' && receiver) {
    if (ADAPTER_CLASS.test(receiver)) {
      return {
        ...spec(
          canonical,
          { hub: true, keywords: ['model_id'], position: 1 },
          args,
          [],
        ),
        role: 'adapter',
        base: args.keyword.get('model') ?? args.positional[0],
      };
    }
    return spec(
      canonical,
      {
        hub: true,
        role: COMPANION_CLASS.test(receiver) ? 'companion' : 'model',
      },
      args,
      HUB_KEYWORDS,
    );
  }
  if (method === 'load_from_checkpoint' && receiver) {
    // Lightning restores a module class from its checkpoint (`Net.load_from_checkpoint(path)`).
    return spec(canonical, { keywords: ['checkpoint_path'] }, args, []);
  }
  if (
    (method === 'load_adapter' || method === 'load_lora_weights') &&
    receiver
  ) {
    return {
      ...spec(
        canonical,
        {
          hub: true,
          keywords: ['pretrained_model_name_or_path_or_dict', 'peft_model_id'],
        },
        args,
        [],
      ),
      role: 'adapter',
      base: receiverNode,
    };
  }
  if (
    (method === 'load_model' || method === 'load_weights') &&
    receiver &&
    receiver !== 'self' &&
    receiver !== 'cls' &&
    args.positional.length + args.keyword.size > 0 &&
    (method === 'load_weights'
      ? module.importsLibrary('tensorflow') || module.importsLibrary('keras')
      : MODEL_OBJECT_LIBRARIES.some(l => module.importsLibrary(l)))
  ) {
    // `booster.load_model(path)`, `model.load_weights(path)` on a library's model object.
    return spec(canonical, {}, args, FILE_KEYWORDS);
  }
  // `self.net.load_checkpoint(config, checkpoint_dir=path)` on a network a
  // library class built (`self.net = Xtts.init_from_config(config)`).
  if (
    LOADER_FUNCTION.test(method) &&
    receiver &&
    builtByLibrary(project, module, call, receiver)
  ) {
    return spec(
      canonical,
      { keywords: ['checkpoint_dir', 'checkpoint_path', 'checkpoint'] },
      args,
      [],
    );
  }
  // A library function named like a model loader (`whisper.load_model`, `load_learner`).
  if (
    LOADER_FUNCTION.test(method) &&
    !isProjectCall(project, module, call.dotted) &&
    module.importOf(call.dotted.split('.')[0])
  ) {
    return spec(canonical, {}, args, [...FILE_KEYWORDS, ...HUB_KEYWORDS]);
  }
  const modelOption = modelCommandOption(module, call, canonical);
  if (modelOption) {
    return {
      ...spec(canonical, { position: -1 }, args, []),
      target: modelOption,
    };
  }
  // A library factory told to fetch its published weights
  // (`resnet50(pretrained=True)`, `ocr_predictor(pretrained=True)`).
  if (
    pretrainedFactory(module, call) &&
    !isProjectCall(project, module, call.dotted) &&
    module.importOf(call.dotted.split('.')[0])
  ) {
    return spec(
      canonical,
      { hub: true, defaultModel: true, position: -1 },
      args,
      [],
    );
  }
  return undefined;
}

/**
 * A call given `pretrained=True` that serves what it builds: not a part
 * of a network class (`self.backbone = resnet18(pretrained=True)`), not a
 * base whose weights are then replaced (`net.load_state_dict(…)`: the
 * checkpoint is the model), and in a function or a module that serves
 * (a script's top level only runs the script).
 */
function pretrainedFactory(module: PythonModule, call: CallInfo): boolean {
  const pretrained = call.args.keyword.get('pretrained');
  if (!pretrained || module.syntax.textOf(pretrained) !== 'True') return false;
  if (call.cls || call.fn?.owner) return false;
  if (!call.fn && !importsServingFramework(module)) return false;
  const bound = call.bound;
  return !(
    bound &&
    module.calls.some(
      other =>
        other.fn === call.fn &&
        (other.dotted === `${bound}.load_state_dict` ||
          other.dotted === `${bound}.load_weights`),
    )
  );
}

/** The object a method is called on is assigned, in the same class or function, the result of a library call. */
function builtByLibrary(
  project: PythonProject,
  module: PythonModule,
  call: CallInfo,
  receiver: string,
): boolean {
  if (receiver === 'self' || receiver === 'cls') return false;
  const owner = call.fn?.owner;
  return module.assignmentsTo(receiver).some(assignment => {
    const value = assignment.value;
    if (!value || value.name !== 'CallExpression') return false;
    if (receiver.startsWith('self.')) {
      if (!owner || assignment.fn?.owner !== owner) return false;
    } else if (assignment.fn !== call.fn) return false;
    const callee = value.firstChild;
    const dotted = callee ? dottedName(module.syntax, callee) : undefined;
    return (
      dotted !== undefined &&
      module.importOf(dotted.split('.')[0]) !== undefined &&
      !isProjectCall(project, module, dotted)
    );
  });
}

/** The call names a function or class of the analysed tree (not a library). */
function isProjectCall(
  project: PythonProject,
  module: PythonModule,
  dotted: string,
): boolean {
  const head = dotted.split('.')[0];
  if (head === 'self' || head === 'cls') return true;
  if (module.moduleFunction(head) || module.moduleClass(head)) return true;
  const binding = module.importOf(head);
  return binding
    ? project.resolveImport(binding, module.path) !== undefined
    : false;
}
