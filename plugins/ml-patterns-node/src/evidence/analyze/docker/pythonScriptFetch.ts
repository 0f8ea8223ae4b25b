import { findModelDownload } from '../modelDownloads';
import { proseLines } from '../python/proseLines';

/**
 * Does a Python script fetch a model when it runs? Used for scripts a
 * Dockerfile runs during the build (`RUN python download_model.py`): what
 * the script does decides, not its name. Line by line over the code
 * (comments and docstrings skipped), so the evidence names the line that
 * fetches.
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
  const prose = proseLines(text);
  let offset = 0;
  for (let i = 0; i < lines.length; offset += lines[i].length + 1, i++) {
    const line = lines[i];
    if (/^\s*#/.test(line) || line.length > 2000) continue;
    const literal = LOADED_NAME.exec(line);
    const download = found ? undefined : findModelDownload(line);
    const description = found
      ? undefined
      : download?.description ??
        (pretrainedWeights(line) ? 'pretrained weights' : undefined) ??
        (FILE_DOWNLOAD.test(line) && MODELISH.test(line)
          ? 'downloads a model file'
          : undefined);
    if ((!literal && !description) || prose(offset, line)) continue;
    if (literal) models.push(literal[1]);
    if (description) found = { line: i + 1, description, models };
  }
  return found;
}
