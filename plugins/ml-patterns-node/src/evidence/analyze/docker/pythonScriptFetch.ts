import { findModelDownload } from '../modelDownloads';

/**
 * Does a Python script fetch a model when it runs? Used for scripts a
 * Dockerfile runs during the build (`RUN python download_model.py`): what
 * the script does decides, not its name. Line by line over the code
 * (comments skipped), so the evidence names the line that fetches.
 */
export interface ScriptFetch {
  line: number;
  description: string;
  /** Hub ids or model names the script fetches, when written as literals. */
  models: string[];
}

/** Pretrained weights fetched by torchvision/timm/keras constructors. */
function pretrainedWeights(line: string): boolean {
  if (/\bpretrained\s*=\s*True\b/.test(line)) return true;
  // `weights=ResNet18_Weights.DEFAULT`, `weights="imagenet"`; the value is
  // read first, then tested, so no pattern backtracks over the line.
  const value = /\bweights\s*=\s*(["']?[\w.]+)/.exec(line)?.[1];
  return (
    value !== undefined &&
    (/Weights\.\w+$/.test(value) || /^["']\w/.test(value))
  );
}

/** Library calls that download a file, when the line says it is a model. */
const FILE_DOWNLOAD =
  /\b(?:urlretrieve|download_file|download_fileobj|download_artifacts|download_url|gdown\.download|requests\.get|wget\.download)\s*\(/;

const MODELISH =
  /model|weights?|checkpoint|ckpt|\.(?:pkl|pt|pth|onnx|h5|bin|safetensors|joblib|gguf|ckpt|mar|pb|tflite)\b/i;

/** Literal names passed to hub loaders (`SentenceTransformer('all-mpnet-base-v2')`). */
const LOADED_NAME =
  /(?:from_pretrained|snapshot_download|hf_hub_download|SentenceTransformer|pipeline|spacy\.load|torch\.hub\.load)\s*\(\s*(?:(?:repo_id|model|model_name_or_path|task)\s*=\s*)?["']([^"'\s]{1,200})["']/;

/** Words every fetch this module recognises contains (a quick test before reading lines). */
const MAY_FETCH =
  /pretrained|weights|download|urlretrieve|requests\.get|SentenceTransformer|pipeline|hub|spacy|ollama|huggingface|hf\.co|storage-initializer|curl|wget|gsutil|gcloud|s3|azcopy|rclone|dvc|lfs/;

export function pythonScriptFetch(text: string): ScriptFetch | undefined {
  if (!MAY_FETCH.test(text)) return undefined;
  const lines = text.split('\n');
  let found: ScriptFetch | undefined;
  const models: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*#/.test(line) || line.length > 2000) continue;
    const literal = LOADED_NAME.exec(line);
    if (literal) models.push(literal[1]);
    if (found) continue;
    const download = findModelDownload(line);
    if (download) {
      found = { line: i + 1, description: download.description, models };
    } else if (pretrainedWeights(line)) {
      found = { line: i + 1, description: 'pretrained weights', models };
    } else if (FILE_DOWNLOAD.test(line) && MODELISH.test(line)) {
      found = { line: i + 1, description: 'downloads a model file', models };
    }
  }
  return found;
}
