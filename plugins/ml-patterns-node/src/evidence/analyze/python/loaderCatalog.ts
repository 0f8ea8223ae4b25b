import type { SyntaxNode } from '@lezer/common';
import { PythonModule } from './pythonModule';
import { CallInfo } from './moduleFacts';
import { PythonProject } from './pythonProject';
import { CallArguments } from './syntax';
import { canonicalCallee } from './canonicalCallee';
import { kerasApplicationWeights } from './kerasApplications';

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

const PICKLED = new Set([
  'joblib.load',
  'pickle.load',
  'cloudpickle.load',
  'dill.load',
  'pandas.read_pickle',
]);

interface Entry {
  hub?: boolean;
  several?: boolean;
  defaultModel?: boolean;
  fetchOnly?: boolean;
  /** Keywords naming the target, in order; then the positional index. */
  keywords?: string[];
  position?: number;
  role?: LoaderSpec['role'];
}

const FILE_KEYWORDS = [
  'model_file',
  'model_uri',
  'path_or_bytes',
  'model_path',
  'filepath',
  'export_dir',
  'path',
  'f',
  'file',
  'filename',
];

const HUB_KEYWORDS = [
  'pretrained_model_name_or_path',
  'model_name_or_path',
  'model_id',
  'repo_id',
  'model_name',
  'model',
  'model_path',
  'path',
];

/** Loaders of any saved object (see `LoaderSpec.generic`). */
const GENERIC =
  /^(?:joblib\.load|pickle\.load|cloudpickle\.load|dill\.load|pandas\.read_pickle|torch\.load|bentoml\..*|mlflow\..*)$/;

/** Loader functions and classes, by canonical dotted name. */
const LOADERS: Record<string, Entry> = {
  'joblib.load': {},
  'pickle.load': {},
  'cloudpickle.load': {},
  'dill.load': {},
  'pandas.read_pickle': {},
  'torch.load': {},
  'torch.jit.load': {},
  'torch.hub.load': { hub: true, keywords: ['model'], position: 1 },
  'tensorflow.keras.models.load_model': {},
  'tensorflow.keras.saving.load_model': {},
  'keras.models.load_model': {},
  'keras.saving.load_model': {},
  'tf_keras.models.load_model': {},
  'tensorflow.saved_model.load': {},
  'tensorflow.lite.Interpreter': { keywords: ['model_path'] },
  'tflite_runtime.interpreter.Interpreter': { keywords: ['model_path'] },
  'onnxruntime.InferenceSession': {},
  'lightgbm.Booster': { keywords: ['model_file'], position: -1 },
  'xgboost.Booster': { keywords: ['model_file'], position: -1 },
  'ultralytics.YOLO': { keywords: ['model'] },
  'ultralytics.RTDETR': { keywords: ['model'] },
  'ultralytics.SAM': { keywords: ['model'] },
  'spacy.load': { keywords: ['name'] },
  // Darknet's Python binding: load_network(config, data, weights).
  'darknet.load_network': { keywords: ['weights'], position: 2 },
  'fasttext.load_model': {},
  'gensim.models.KeyedVectors.load': {},
  'gensim.models.keyedvectors.KeyedVectors.load': {},
  // Word vectors saved in the original word2vec format (`PubMed-w2v.bin`).
  'gensim.models.KeyedVectors.load_word2vec_format': { keywords: ['fname'] },
  'gensim.models.keyedvectors.KeyedVectors.load_word2vec_format': {
    keywords: ['fname'],
  },
  'gensim.models.Word2Vec.load': {},
  'gensim.models.Doc2Vec.load': {},
  'gensim.models.FastText.load': {},
  'gensim.models.fasttext.load_facebook_model': { keywords: ['path'] },
  'gensim.models.fasttext.load_facebook_vectors': { keywords: ['path'] },
  'gensim.downloader.load': { hub: true },
  'cv2.dnn.readNet': { keywords: ['model'] },
  'cv2.dnn.readNetFromONNX': {},
  'transformers.pipeline': {
    hub: true,
    defaultModel: true,
    keywords: ['model'],
    position: 1,
  },
  'sentence_transformers.SentenceTransformer': {
    hub: true,
    keywords: ['model_name_or_path'],
  },
  'sentence_transformers.CrossEncoder': {
    hub: true,
    keywords: ['model_name', 'model_name_or_path'],
  },
  // Embedding and reranking libraries: each class loads one model (a
  // default one when given none).
  'rerankers.Reranker': {
    hub: true,
    defaultModel: true,
    keywords: ['model_name'],
  },
  'FlagEmbedding.FlagModel': {
    hub: true,
    keywords: ['model_name_or_path'],
  },
  'FlagEmbedding.FlagReranker': {
    hub: true,
    keywords: ['model_name_or_path'],
  },
  'FlagEmbedding.BGEM3FlagModel': {
    hub: true,
    keywords: ['model_name_or_path'],
  },
  'fastembed.TextEmbedding': {
    hub: true,
    defaultModel: true,
    keywords: ['model_name'],
  },
  'InstructorEmbedding.INSTRUCTOR': {
    hub: true,
    keywords: ['model_name_or_path'],
  },
  'keybert.KeyBERT': { hub: true, defaultModel: true, keywords: ['model'] },
  'whisper.load_model': { hub: true, keywords: ['name'] },
  'whisperx.load_model': { hub: true, keywords: ['whisper_arch'] },
  'whisperx.load_align_model': {
    hub: true,
    defaultModel: true,
    keywords: ['model_name'],
    position: -1,
  },
  'whisperx.DiarizationPipeline': {
    hub: true,
    defaultModel: true,
    keywords: ['model_name'],
    position: -1,
  },
  'whisperx.diarize.DiarizationPipeline': {
    hub: true,
    defaultModel: true,
    keywords: ['model_name'],
    position: -1,
  },
  'faster_whisper.WhisperModel': {
    hub: true,
    keywords: ['model_size_or_path'],
  },
  'faster_whisper.download_model': {
    hub: true,
    fetchOnly: true,
    keywords: ['size_or_id'],
  },
  'faster_whisper.utils.download_model': {
    hub: true,
    fetchOnly: true,
    keywords: ['size_or_id'],
  },
  'tensorflow_hub.load': { hub: true, keywords: ['handle'] },
  'tensorflow_hub.KerasLayer': { hub: true, keywords: ['handle'] },
  'huggingface_hub.snapshot_download': {
    hub: true,
    fetchOnly: true,
    keywords: ['repo_id'],
  },
  'huggingface_hub.hf_hub_download': {
    hub: true,
    fetchOnly: true,
    keywords: ['repo_id'],
  },
  'vllm.LLM': { hub: true, keywords: ['model'] },
  'llama_cpp.Llama': { keywords: ['model_path'] },
  'clip.load': { hub: true, keywords: ['name'] },
  // Only with `pretrained=True` (see `loaderOf`): trained weights from the hub.
  'timm.create_model': { hub: true, keywords: ['model_name'] },
  'open_clip.create_model_and_transforms': {
    hub: true,
    keywords: ['model_name'],
  },
  'easyocr.Reader': { hub: true, defaultModel: true, position: -1 },
  'paddleocr.PaddleOCR': { hub: true, defaultModel: true, position: -1 },
  'stanza.Pipeline': { hub: true, keywords: ['lang'] },
  'TTS.api.TTS': { hub: true, defaultModel: true, keywords: ['model_name'] },
  'ctranslate2.Translator': { keywords: ['model_path'] },
  'ctranslate2.Generator': { keywords: ['model_path'] },
  'flair.models.SequenceTagger.load': { hub: true, keywords: ['model_path'] },
  'flair.models.TextClassifier.load': { hub: true, keywords: ['model_path'] },
  'gliner.GLiNER.from_pretrained': { hub: true },
  // EasyNMT: a translation model per language pair (opus-mt) or one
  // multilingual model, plus the fastText model that detects the source
  // language: never one model.
  'easynmt.EasyNMT': {
    hub: true,
    several: true,
    defaultModel: true,
    keywords: ['model_name'],
    position: 0,
  },
  // Argos Translate: one model per installed language pair.
  'argostranslate.translate.get_installed_languages': {
    several: true,
    defaultModel: true,
    position: -1,
  },
  'argostranslate.translate.load_installed_languages': {
    several: true,
    defaultModel: true,
    position: -1,
  },
  // Punctuation restoration: a token-classification model (its default one
  // when given none).
  'deepmultilingualpunctuation.PunctuationModel': {
    hub: true,
    defaultModel: true,
    keywords: ['model'],
  },
  // Silero VAD: the voice-activity model shipped inside the package.
  'silero_vad.load_silero_vad': { defaultModel: true, position: -1 },
};

/**
 * Loader classes a library has moved between its modules
 * (`pipecat.vad.silero`, `pipecat.audio.vad.silero`): known by the
 * library and the class's own name, wherever it is imported from.
 */
const LIBRARY_LOADERS = new Map<string, Map<string, Entry>>([
  // Pipecat's voice-activity analyser loads the Silero VAD model it ships.
  [
    'pipecat',
    new Map([['SileroVADAnalyzer', { defaultModel: true, position: -1 }]]),
  ],
]);

function libraryLoader(canonical: string): Entry | undefined {
  const dot = canonical.indexOf('.');
  if (dot < 0) return undefined;
  return LIBRARY_LOADERS.get(canonical.slice(0, dot))?.get(
    canonical.slice(canonical.lastIndexOf('.') + 1),
  );
}

/**
 * A word written in every module that loads something this catalog knows:
 * the last part of the loader's name (`load`, `InferenceSession`,
 * `from_pretrained`, `load_model`…) is written at the call or in the
 * import that renames it, and `bentoml.get` needs `bentoml`. A cheap test
 * before parsing: modules without one are not read for loads. `\bload`
 * stands for every `load…` name.
 */
export const LOADER_WORD = new RegExp(
  `\\b(?:${[
    ...new Set([
      ...Object.keys(LOADERS)
        .map(call => call.slice(call.lastIndexOf('.') + 1))
        .filter(word => !word.startsWith('load')),
      ...[...LIBRARY_LOADERS.values()].flatMap(names => [...names.keys()]),
      'load',
      'from_pretrained',
      'bentoml',
      // Keras applications (`keras.applications.ResNet50`): see kerasApplications.
      'applications',
    ]),
  ].join('|')})`,
);

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
function lazyArguments(call: CallInfo): CallArguments {
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
  // A library function named like a model loader (`whisper.load_model`, `load_learner`).
  if (
    LOADER_FUNCTION.test(method) &&
    !isProjectCall(project, module, call.dotted) &&
    module.importOf(call.dotted.split('.')[0])
  ) {
    return spec(canonical, {}, args, [...FILE_KEYWORDS, ...HUB_KEYWORDS]);
  }
  return undefined;
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

/**
 * A call saving an artifact under a name (`joblib.dump(model, path)`,
 * `bentoml.transformers.save_model(tag, pipe)`, `model.save_pretrained(dir)`):
 * what is loaded back by that name is the saved artifact.
 */
export interface SaverSpec {
  /** The argument naming where it is saved. */
  name?: SyntaxNode;
  /** The artifact saved (an argument, or the receiver of a method). */
  artifact?: SyntaxNode;
}

export function saverOf(
  project: PythonProject,
  module: PythonModule,
  call: CallInfo,
): SaverSpec | undefined {
  if (!call.dotted) return undefined;
  const canonical = canonicalCallee(project, module, call.dotted);
  const args = lazyArguments(call);
  if (/^bentoml\.(?:\w+\.)?save_model$/.test(canonical)) {
    return {
      name: args.keyword.get('name') ?? args.positional[0],
      artifact: args.keyword.get('model') ?? args.positional[1],
    };
  }
  if (
    /^(?:joblib\.dump|pickle\.dump|cloudpickle\.dump|dill\.dump|torch\.save|torch\.jit\.save)$/.test(
      canonical,
    ) ||
    /^mlflow\.\w+\.(?:save_model|log_model)$/.test(canonical)
  ) {
    return {
      name:
        args.keyword.get('path') ??
        args.keyword.get('filename') ??
        args.keyword.get('f') ??
        args.keyword.get('artifact_path') ??
        args.positional[1],
      artifact:
        args.keyword.get('value') ??
        args.keyword.get('obj') ??
        args.keyword.get('sk_model') ??
        args.keyword.get('pytorch_model') ??
        args.positional[0],
    };
  }
  if (/\.save_pretrained$/.test(call.dotted)) {
    return {
      name: args.keyword.get('save_directory') ?? args.positional[0],
      artifact: call.callee.firstChild ?? undefined,
    };
  }
  return undefined;
}
