/**
 * Recognises shell/Python commands that fetch a model: used for Dockerfile
 * RUN steps (download at build time), CMD/ENTRYPOINT and entrypoint scripts
 * (download at start-up) and Kubernetes containers (init containers).
 */

const MODEL_EXTENSION_IN_TEXT =
  /\.(pkl|pickle|joblib|onnx|pt|pth|h5|hdf5|keras|pb|tflite|safetensors|gguf|ckpt|mar|mlmodel|pmml|cbm|xgb|lgb)\b/i;

/** Words in a URI or path that say it is a model. */
const MODELISH_WORD =
  /(^|[^a-z])(models?|weights?|checkpoints?|ckpts?|pretrained|saved_model|model_dir|model_path|model_uri)([^a-z]|$)/i;

/** Always model fetches, whatever the arguments. */
const ALWAYS_MODEL: Array<[RegExp, string]> = [
  [/\b(huggingface-cli|hf)\s+download\b/, 'huggingface-cli download'],
  [/\bsnapshot_download\s*\(/, 'huggingface_hub.snapshot_download'],
  [/\bhf_hub_download\s*\(/, 'huggingface_hub.hf_hub_download'],
  [/\.from_pretrained\s*\(/, 'from_pretrained'],
  [/\.save_pretrained\s*\(/, 'save_pretrained'],
  [/\bSentenceTransformer\s*\(/, 'SentenceTransformer'],
  [/\bpipeline\s*\(\s*["']/, 'transformers.pipeline'],
  [/\btorch\.hub\.load\b/, 'torch.hub.load'],
  [/\bspacy\s+download\b/, 'spacy download'],
  [/\bollama\s+pull\b/, 'ollama pull'],
  [/\bmlflow\s+artifacts\s+download\b/, 'mlflow artifacts download'],
  // A library's own model-download call (`ModelManager().download_model(name)`).
  [/\.download_(?:models?|weights|checkpoints?)\s*\(/, 'model download call'],
  [/\bhuggingface\.co\/|\bhf\.co\//, 'download from huggingface.co'],
  [/\bstorage-initializer\b/, 'KServe storage-initializer'],
  [
    /\bpython[0-9.]*\s+(-m\s+)?[\w./-]*((download|fetch|get|pull|prefetch|cache|save)[_-]?(the[_-]?)?(models?|weights|checkpoints?)|(models?|weights)[_-]?(download|fetch|pull))[\w.-]*/i,
    'model download script',
  ],
  [
    /\bmake\s+[\w-]*(download|fetch|pull)[_-]?models?\b/i,
    'make target downloading a model',
  ],
];

/** Fetch tools that are a model download when their arguments say "model". */
const FETCH_TOOLS: Array<[RegExp, string]> = [
  [/\bgsutil\s+(-\w+\s+)*(cp|rsync)\b/, 'gsutil cp'],
  [/\bgcloud\s+storage\s+(cp|rsync)\b/, 'gcloud storage cp'],
  [/\baws\s+s3\s+(cp|sync)\b/, 'aws s3 cp'],
  [/\baz\s+storage\s+(blob|file)\s+download/, 'az storage download'],
  [/\bazcopy\s+(copy|cp|sync)\b/, 'azcopy copy'],
  [/\brclone\s+(copy|sync)\b/, 'rclone copy'],
  [/\bmc\s+(cp|mirror)\b/, 'mc cp'],
  [/\bdvc\s+(pull|get|fetch)\b/, 'dvc pull'],
  [/\bgit\s+lfs\s+pull\b/, 'git lfs pull'],
  [/\bgdown\b/, 'gdown'],
  // Replicate's parallel downloader, common in Cog predictors.
  [/\bpget\b/, 'pget'],
  [/\bwget\b/, 'wget'],
  [/\bcurl\b/, 'curl'],
];

/** Environment variable references that name a model (`$MODEL_URI`, `${MODEL_PATH}`). */
const MODEL_VARIABLE = /\$\{?\(?[A-Z0-9_]*(MODEL|WEIGHTS|CHECKPOINT)[A-Z0-9_]*/;

/**
 * A command-line flag about a model, e.g. `--model_uri`, `--gcs_model_blob`
 * (what `/--[\w-]*model/i` finds, word by word: the regular expression
 * rescans a run of dashes from each dash, quadratically).
 */
function hasModelFlag(command: string): boolean {
  for (const word of command.match(/[\w-]+/g) ?? []) {
    const dashes = word.indexOf('--');
    if (dashes >= 0 && word.toLowerCase().includes('model', dashes + 2))
      return true;
  }
  return false;
}

/** `python[3] [-u] <script>.py <arguments>` (the arguments up to the next `&&`, `;`, `|`). */
const PYTHON_SCRIPT =
  /\bpython[0-9.]*\s+(?:-[a-zA-Z]\s+)*([\w./-]{1,200}\.py)\b([^&;|]*)/;

/** A script whose own name says it downloads: `download.py`, `fetch_assets.py`, `hf-download.py`. */
const DOWNLOAD_SCRIPT_NAME = /(?:^|[_-])(?:download|fetch)(?:[_-]|$)/i;

/**
 * `python utils/download.py bigscience/bloomz-560m /model`: a script
 * named for downloading, told to fetch a model. Used when the script's own
 * code cannot be read (it comes with the base image).
 */
function downloadScriptForModel(command: string): boolean {
  const match = PYTHON_SCRIPT.exec(command);
  if (!match) return false;
  const name = match[1].slice(match[1].lastIndexOf('/') + 1).slice(0, -3);
  const args = match[2];
  return (
    DOWNLOAD_SCRIPT_NAME.test(name) &&
    (MODEL_EXTENSION_IN_TEXT.test(args) ||
      MODELISH_WORD.test(args) ||
      MODEL_VARIABLE.test(args))
  );
}

/** Does a piece of code or a command say "model" (a model extension, a model-ish word, a `$MODEL_*` variable)? */
export function saysModel(text: string): boolean {
  return (
    MODEL_EXTENSION_IN_TEXT.test(text) ||
    MODELISH_WORD.test(text) ||
    MODEL_VARIABLE.test(text)
  );
}

/**
 * The download tool a command runs (`curl`, `aws s3 cp`, `pget`), whether
 * or not its arguments say "model": the caller judges what it fetches.
 */
export function fetchToolOf(command: string): string | undefined {
  return FETCH_TOOLS.find(([pattern]) => pattern.test(command))?.[1];
}

export interface DownloadMatch {
  description: string;
}

/**
 * Does this command fetch a model? `lenient` (used for init containers,
 * whose only job is fetching something before the server starts) accepts any
 * storage/HTTP fetch; otherwise the command must also say "model" (a model
 * extension, a model-ish word, a `$MODEL_*` variable).
 */
export function findModelDownload(
  command: string,
  options: { lenient?: boolean } = {},
): DownloadMatch | undefined {
  for (const [pattern, description] of ALWAYS_MODEL) {
    if (pattern.test(command)) return { description };
  }
  if (downloadScriptForModel(command)) {
    return { description: 'download script given a model to fetch' };
  }
  for (const [pattern, description] of FETCH_TOOLS) {
    const match = pattern.exec(command);
    if (!match) continue;
    if (options.lenient) return { description };
    // Only the segment of the command this tool runs in (up to && ; |).
    const rest = command.slice(match.index).split(/&&|\|\||;|\|/)[0];
    if (
      MODEL_EXTENSION_IN_TEXT.test(rest) ||
      MODELISH_WORD.test(rest) ||
      MODEL_VARIABLE.test(rest)
    ) {
      return { description: `${description} of a model` };
    }
  }
  // An init container exists to prepare the pod: one whose command names a
  // model file or a model flag (`--gcs_model_blob iris.onnx`) fetches it,
  // whatever tool it uses (often the team's own loader image).
  if (
    options.lenient &&
    (MODEL_EXTENSION_IN_TEXT.test(command) ||
      MODEL_VARIABLE.test(command) ||
      hasModelFlag(command))
  ) {
    return { description: 'prepares a model before the server starts' };
  }
  return undefined;
}

/** The command runs a (model) server after whatever came before. */
export const SERVER_COMMAND =
  /\b(uvicorn|gunicorn|hypercorn|flask\s+run|fastapi\s+run|streamlit\s+run|bentoml\s+serve|mlflow\s+models\s+serve|torchserve|tritonserver|tensorflow_model_server|serve\s+run|python[0-9.]*\s+(-m\s+)?[\w./-]*(app|main|server|serve|api|predict|inference|service)\b)/i;
