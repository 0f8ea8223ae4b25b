import type { ArtifactLoad, CallSite } from './artifactLoads';
import { useOf } from './loadUses';

/**
 * Model, companion or adapter: what a load's API, the code's use of it and
 * the names of its artifact (file, env var, config key, the name it is
 * assigned to) say the loaded artifact is.
 */

/** Words in an artifact's name that make it a companion of a model, wherever they appear (`tfidfvectorizer`). */
const COMPANION_ANYWHERE =
  /tokeni[sz]er|vectori[sz]er|scaler|preprocess|imputer|feature_?extractor|image_?processor|label_?encoder|one_?hot|vocab|stop_?words|word2idx|idx2word|id2label|label2id/;

/** Shorter words that make it a companion when they stand alone in the name (`config.json`, `feature_names`). */
const COMPANION_WORD =
  /(?:^|_)(?:processor|config|configuration|normali[sz]er|tfidf|pca|columns|features|feature_names|feature_list|label_map|labels|classes|class_names|mapping|selector)(?:_|$)/;

/**
 * Words that name something other than a model only when it is a pickled
 * Python object: fitted preprocessing (`encoder`, not an `autoencoder`
 * network; `transformer`) and data
 * kept beside the model (`cache`, `dataset`, `lookup`, a decision
 * `threshold`, the `tags` it predicts).
 */
const PICKLED_COMPANION_WORD =
  /(?<!auto)encoder|transformer|(?:^|_)(?:data|dataset|cache|db|corpus|records|history|stats|lookup|dictionary|dict|thresholds?|tags)(?:_|$)/;

/** Words saying the artifact is the model itself. */
const MODEL_WORD =
  /(?:^|_)(?:model|models|clf|classifier|regressor|estimator|detector|net|weights|checkpoint|ckpt|booster|predictor)(?:_|$)/;

/** `labelEncoder.pkl`, `TOKENIZER_PATH`, `self.tfidfVectorizer` → `label_encoder`, `tokenizer_path`, `tfidf_vectorizer`. */
function words(name: string): string {
  return name
    .slice(-200)
    .replace(/\.[A-Za-z0-9]{1,12}$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|(?<!_)_+$/g, '');
}

/** `models/scaler.pkl` → `scaler.pkl`. */
function fileName(literal: string): string {
  const parts = literal.split(/[/\\]+/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/** Key parts that say where an artifact is, not what it is (`cfg.scaler.path`). */
const LOCATION_PART =
  /^(?:path|paths|name|file|filename|file_name|dir|folder|uri|url|location|value|stem|str)$/i;

/**
 * `settings.SCALER_PATH`, `cfg["scaler"]`, `cfg.scaler.path` → `SCALER_PATH`,
 * `scaler`, `scaler`: the last part that names the artifact.
 */
function keyName(key: string): string {
  const parts = key.split(/[./[\]"'\\]+/).filter(Boolean);
  let last = parts.length - 1;
  while (last > 0 && LOCATION_PART.test(parts[last])) last--;
  return parts[last] ?? '';
}

/**
 * A part of a path read from configuration (`{config.models.detector.path}`)
 * speaks by its key's own name (`detector`), not by the objects it is read
 * through (`config`, `models`).
 */
function keyPlaceholders(name: string): string {
  return name.replace(/\{([^{}]{1,300})\}/g, (_, key: string) => keyName(key));
}

/** Companion or model, as a set of names says; undefined when they do not say. */
function decide(
  names: string[],
  pickled: boolean,
): 'model' | 'companion' | undefined {
  const companion = (n: string) =>
    COMPANION_ANYWHERE.test(n) ||
    COMPANION_WORD.test(n) ||
    (pickled && PICKLED_COMPANION_WORD.test(n));
  if (names.some(n => MODEL_WORD.test(n) && !companion(n))) return 'model';
  if (names.some(companion)) return 'companion';
  return undefined;
}

/**
 * A model file whose name says it is a companion of a model, not the model
 * (`clip_config.pickle`, `label_encoder.pkl`, `tokenizer.bin`).
 */
export function companionFileName(path: string): boolean {
  return decide([words(fileName(path))], true) === 'companion';
}

/**
 * Whether the load is a model, a companion of one, or an adapter on one:
 * the loading API says so, else the artifact's own name (file, env var,
 * config key), else the name it is assigned to.
 */
export function roleOf(load: ArtifactLoad): 'model' | 'companion' | 'adapter' {
  return decidedRole(load).role;
}

/** The role, and whether the API or a name decided it (not only the default). */
export function decidedRole(load: ArtifactLoad): {
  role: 'model' | 'companion' | 'adapter';
  decided: boolean;
} {
  if (load.spec.role !== 'model')
    return { role: load.spec.role, decided: true };
  // What the code does with it outweighs what it is called.
  const use = useOf(load);
  if (use) {
    return {
      role: use.kind === 'predicts' ? 'model' : 'companion',
      decided: true,
    };
  }
  const value = load.value;
  const artifact = [
    ...(value?.literals ?? []).map(fileName).map(keyPlaceholders),
    ...(value?.keys ?? []).filter(k => !k.partial).map(k => keyName(k.key)),
  ].map(words);
  // An instance built around the load's own caller (`proc =
  // Processor(folder)` whose methods call `Model.load(…)`) is named for
  // what holds several things, not for the artifact.
  const bound = load.chain
    .filter((site, i) => i <= 1 || !constructs(site))
    .map(site => site.call.bound)
    .filter((b): b is string => b !== undefined)
    .map(b => words(keyName(b)));
  const named =
    decide(artifact.filter(Boolean), load.spec.pickled) ??
    decide(bound.filter(Boolean), load.spec.pickled);
  return named
    ? { role: named, decided: true }
    : { role: 'model', decided: !load.spec.generic };
}

/** A call of a class (named in CapWords, as Python classes are): it builds an instance. */
function constructs(site: CallSite): boolean {
  const dotted = site.call.dotted ?? '';
  return /^[A-Z][A-Za-z0-9]*$/.test(dotted.slice(dotted.lastIndexOf('.') + 1));
}
