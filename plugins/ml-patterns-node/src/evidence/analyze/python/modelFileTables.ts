import { companionFileName } from './artifactRoles';

/**
 * A table of files a loop goes through (`for name, url in FILES.items():
 * download(url, name)`) that holds one model's files: its weights and the
 * files that travel with them (config, tokenizer, vocabulary, an index of
 * shards). Such a loop fetches or loads one model, not several; a table of
 * distinct checkpoints (`yolov8n.pt`, `yolov8s.pt`) stays several.
 */

/** An extension: what follows the last dot of a file name. */
const EXTENSION = /^[A-Za-z]\w{0,15}$/;

/** A file name with an extension, maybe behind a folder or a URL (`model.bin`, `https://h/x/config.json`). */
function fileLike(text: string): boolean {
  if (text.length > 400 || /[\s?#]/.test(text)) return false;
  const name = text.slice(text.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 && EXTENSION.test(name.slice(dot + 1));
}

/** Text formats that hold what travels with weights (config, tokenizer, vocabulary, shard index), not weights. */
const COMPANION_FORMAT = /\.(?:json|txt|ya?ml|ini|cfg|model|vocab|merges)$/i;

/** Weights named after their format, not their model (`pytorch_model.bin`, `model.safetensors`, a shard of one). */
const GENERIC_WEIGHTS =
  /^(?:pytorch_model|model|tf_model|flax_model|adapter_model|diffusion_pytorch_model|openvino_model|rust_model|weights)$/;

/** `model-00001-of-00002` → `model`. */
const SHARD = /-\d{1,6}-of-\d{1,6}$/;

function split(file: string): { folder: string; stem: string; name: string } {
  const slash = file.lastIndexOf('/');
  const name = file.slice(slash + 1);
  const dot = name.indexOf('.');
  return {
    folder: slash >= 0 ? file.slice(0, slash) : '',
    name,
    stem: (dot > 0 ? name.slice(0, dot) : name).replace(SHARD, ''),
  };
}

/**
 * Whether every entry of a table is a file and all its weights are one
 * model's (one checkpoint stem in one folder, the generic weights names of
 * one folder counting as one). `entries` holds each entry's literal
 * strings (a dict's key and value, a list's element).
 */
export function oneModelFiles(entries: string[][]): boolean {
  if (entries.length < 2) return false;
  const weights = new Set<string>();
  for (const entry of entries) {
    // A dict maps a local name to where it comes from, or a role to a path:
    // the entry's file is its value when that is one, else its key.
    const file = [...entry].reverse().find(fileLike);
    if (file === undefined) return false;
    const { folder, stem, name } = split(file);
    if (COMPANION_FORMAT.test(name) || companionFileName(name)) continue;
    weights.add(`${folder}/${GENERIC_WEIGHTS.test(stem) ? '' : stem}`);
  }
  return weights.size <= 1;
}
