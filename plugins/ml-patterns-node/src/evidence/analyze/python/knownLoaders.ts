import type { LoaderSpec } from './loaderCatalog';

/**
 * The table of library calls known to load a trained artifact (by
 * canonical dotted name), with the argument that names it: data kept apart
 * from the rules in `loaderCatalog` that read a call against it.
 */

export const PICKLED = new Set([
  'joblib.load',
  'pickle.load',
  'cloudpickle.load',
  'dill.load',
  'pandas.read_pickle',
]);

export interface Entry {
  hub?: boolean;
  several?: boolean;
  defaultModel?: boolean;
  fetchOnly?: boolean;
  /** Keywords naming the target, in order; then the positional index. */
  keywords?: string[];
  position?: number;
  role?: LoaderSpec['role'];
}

export const FILE_KEYWORDS = [
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

export const HUB_KEYWORDS = [
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
export const GENERIC =
  /^(?:joblib\.load|pickle\.load|cloudpickle\.load|dill\.load|pandas\.read_pickle|torch\.load|bentoml\..*|mlflow\..*)$/;

/** Loader functions and classes, by canonical dotted name. */
export const LOADERS: Record<string, Entry> = {
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

export function libraryLoader(canonical: string): Entry | undefined {
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
      // Library factories fetching published weights (`resnet50(pretrained=True)`).
      'pretrained',
      // Model runners started in a child process (see modelCommands).
      'subprocess',
    ]),
  ].join('|')})`,
);
