import { ArtifactLoad, ArtifactSave, CallSite } from './artifactLoads';
import { useOf } from './loadUses';
import { loadedBack } from './roundTripLoads';
import { ConfigKey, Value } from './value';

/**
 * Counting models like an ML engineer: the loads of one process, grouped
 * into the models they are. One model is one trained artifact and what
 * travels with it:
 *
 * - loads naming the same path, hub id, environment variable or
 *   configuration key are one model (`AutoModel…` and `AutoTokenizer`
 *   from one id);
 * - a tokenizer, processor, config, vocabulary, label encoder, scaler,
 *   vectorizer or preprocessing pipeline is a companion, told by the
 *   loading API and by the names of the artifact and of what it is
 *   assigned to (`scaler.pkl`, `TOKENIZER_PATH`, `self.vectorizer`);
 * - an adapter (LoRA/PEFT) belongs to its base model, and loads that take
 *   another load's result (`pipeline(model=model, tokenizer=tok)`) are
 *   one model with it;
 * - loads in different arms of one `if`/`try` are alternatives: one runs.
 */
export interface ModelGroup {
  /** The loads of the model itself, the deciding one first. */
  loads: ArtifactLoad[];
  /** Companions and adapters that travel with it. */
  companions: ArtifactLoad[];
  /** What names it (env var, config key, path, hub id, or the library default). */
  name: string;
  /** Loaded in a loop or from a list: several models. */
  several: boolean;
}

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
function decidedRole(load: ArtifactLoad): {
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

/** `settings.MODEL_PATH`, `cfg["model"]["path"]`, env `MODEL_PATH` → `model_path`, `model.path`, `model_path`. */
export function keyIdentity(key: ConfigKey): string {
  if (key.env) return key.key.toLowerCase();
  const parts = key.key
    .replace(/^self\./, '')
    .split(/[.[\]"']+/)
    .filter(Boolean);
  return (parts.length > 1 ? parts.slice(1) : parts).join('.').toLowerCase();
}

/** A path or hub id, compared by its last two segments (`/app/models/a.pkl` = `models/a.pkl`). */
export function literalIdentity(literal: string): string | undefined {
  const parts = literal
    .replace(/\\/g, '/')
    .split('/')
    .filter(p => p && p !== '.');
  if (parts.length === 0) return undefined;
  return parts.slice(-2).join('/');
}

/** The names a value gives an artifact: its keys and literal paths or ids. */
function valueNames(value: Value | undefined): string[] {
  const names: string[] = [];
  for (const key of value?.keys ?? []) {
    if (!key.partial) names.push(`key:${keyIdentity(key)}`);
  }
  for (const literal of value?.literals ?? []) {
    const id = literalIdentity(literal);
    if (id) names.push(`path:${id}`);
  }
  return names;
}

/** The names a load's artifact goes by (for one-model-or-two decisions). */
export function namesOf(load: ArtifactLoad): string[] {
  const names = valueNames(load.value);
  if (!load.value && load.spec.defaultModel) {
    const first = load.chain[0];
    const task = first.call.args.positional[0];
    const literal = task ? first.module.syntax.stringValue(task) : undefined;
    names.push(`default:${load.spec.call}(${literal ?? ''})`);
  }
  return names;
}

/** The task a library loading a default model is asked for (`pipeline("summarization", …)`, `task=`). */
function taskOf(load: ArtifactLoad): string | undefined {
  if (!load.spec.defaultModel) return undefined;
  const { call, module } = load.chain[0];
  const task = call.args.keyword.get('task') ?? call.args.positional[0];
  return task && task !== load.spec.target
    ? module.syntax.stringValue(task)
    : undefined;
}

function callKey(site: CallSite): string {
  return `${site.module.path}:${site.call.node.from}:${site.call.node.to}`;
}

/** Two calls in different arms of one `if`/`try` of the same function: only one of them runs. */
function alternatives(a: CallSite, b: CallSite): boolean {
  if (a.module !== b.module || a.call.fn !== b.call.fn) return false;
  for (const arm of a.call.arms) {
    if (
      a.chosenByCaller?.includes(arm.statement) ||
      b.chosenByCaller?.includes(arm.statement)
    )
      continue;
    const other = b.call.arms.find(x => x.statement === arm.statement);
    if (other && other.arm !== arm.arm) return true;
  }
  return false;
}

function functionKey(site: CallSite): string {
  return `${site.module.path}:${site.call.fn?.node.from ?? ''}`;
}

/** The calls entering the code a load is named in (see `enteringCalls`): none known, the naming call itself. */
export type EnteringCalls = (site: CallSite) => CallSite[] | undefined;

function entered(load: ArtifactLoad, entering?: EnteringCalls): CallSite[] {
  const last = load.chain[load.chain.length - 1];
  return entering?.(last) ?? [last];
}

/**
 * Only one of two loads runs: their load calls are alternatives reached
 * through the same helper calls, or the helper calls naming them are, or
 * every call entering the code of one is an alternative of every call
 * entering the code of the other (an MLflow store or a pickle store,
 * built in the two arms of an `if` on configuration).
 */
export function alternativeLoads(
  a: ArtifactLoad,
  b: ArtifactLoad,
  entering?: EnteringCalls,
): boolean {
  if (alternatives(a.chain[a.chain.length - 1], b.chain[b.chain.length - 1])) {
    return true;
  }
  if (entering) {
    const enteredA = entered(a, entering);
    const enteredB = entered(b, entering);
    if (enteredA.every(x => enteredB.every(y => alternatives(x, y)))) {
      return true;
    }
  }
  const n = Math.min(a.chain.length, b.chain.length);
  for (let k = 0; k < n; k++) {
    // Below level k the two loads go through the same calls.
    const restA = a.chain.slice(k + 1);
    const restB = b.chain.slice(k + 1);
    const same =
      restA.length === restB.length &&
      restA.every((site, i) => callKey(site) === callKey(restB[i]));
    if (same && alternatives(a.chain[k], b.chain[k])) return true;
  }
  return false;
}

class UnionFind {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(start: number): number {
    let root = start;
    while (this.parent[root] !== root) root = this.parent[root];
    let i = start;
    while (this.parent[i] !== root) {
      const next = this.parent[i];
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const MAX_PAIRWISE = 64;

/**
 * Base classes of a neural network (PyTorch, Lightning, Transformers,
 * Keras). A network that loads pretrained parts in its own methods
 * (`self.encoder = AutoModel.from_pretrained(…)`) is one model built from
 * them, usually restored from its own checkpoint afterwards.
 */
const NETWORK_BASE =
  /(?:^|\.)(?:nn\.Module|LightningModule|PreTrainedModel|keras\.Model|keras\.models\.Model|tf\.Module)$|^Module$/;

/** The network class whose methods make the load call, if any (`module:line` of the class). */
function networkOf(load: ArtifactLoad): string | undefined {
  const site = load.chain[0];
  const cls = site.call.cls ?? site.call.fn?.owner;
  if (!cls || !cls.bases.some(base => NETWORK_BASE.test(base))) {
    return undefined;
  }
  return `${site.module.path}:${cls.line}`;
}

/** The models of one process, from its loads (each load once, in source order). */
export function groupModels(
  loads: ArtifactLoad[],
  saves: ArtifactSave[] = [],
  entering?: EnteringCalls,
): ModelGroup[] {
  if (loads.length === 0) return [];
  const sets = new UnionFind(loads.length);
  const names = loads.map(namesOf);
  // An artifact saved under a name is what loads by that name load.
  const byCallKey = new Map<string, number[]>();
  loads.forEach((load, i) => {
    for (const site of load.chain) {
      const key = callKey(site);
      byCallKey.set(key, [...(byCallKey.get(key) ?? []), i]);
    }
  });
  for (const save of saves) {
    const aliases = valueNames(save.name);
    for (const ref of save.artifact) {
      for (const i of byCallKey.get(callKey(ref)) ?? []) {
        names[i] = [...names[i], ...aliases];
      }
    }
  }
  // A model saved, then loaded back from a path read at run time.
  loads.forEach((load, i) => {
    for (const ref of loadedBack(load, names[i].length > 0, saves)) {
      for (const j of byCallKey.get(callKey(ref)) ?? []) sets.union(i, j);
    }
  });
  const byName = new Map<string, number>();
  names.forEach((list, i) => {
    for (const name of list) {
      const seen = byName.get(name);
      if (seen === undefined) byName.set(name, i);
      else sets.union(seen, i);
    }
  });
  // A load taking another load's result (a model given to a pipeline, an adapter's base).
  loads.forEach((load, i) => {
    for (const ref of load.takes) {
      for (const j of byCallKey.get(callKey(ref)) ?? []) sets.union(i, j);
    }
  });
  // Alternatives are calls of one function: compare within a function only.
  const byFunction = new Map<string, number[]>();
  // One load has no alternative: entering calls are looked for only between several.
  const enteringOf = loads.length > 1 ? entering : undefined;
  loads.forEach((load, i) => {
    const keys = new Set(
      [...load.chain, ...(enteringOf ? entered(load, enteringOf) : [])].map(
        functionKey,
      ),
    );
    for (const key of keys) {
      byFunction.set(key, [...(byFunction.get(key) ?? []), i]);
    }
  });
  for (const members of byFunction.values()) {
    if (members.length > MAX_PAIRWISE) continue;
    for (let a = 0; a < members.length; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const [i, j] = [members[a], members[b]];
        if (
          sets.find(i) !== sets.find(j) &&
          alternativeLoads(loads[i], loads[j], entering)
        ) {
          sets.union(i, j);
        }
      }
    }
  }
  // A load whose name could not be read is the same model as a named load
  // of the same API, unless they do different tasks (a summarisation and a
  // sentiment-analysis `pipeline(…)` are two models whatever they load).
  const tasks = loads.map(taskOf);
  const sameApi = (i: number, j: number) =>
    loads[j].spec.call === loads[i].spec.call &&
    (tasks[i] === undefined || tasks[j] === undefined || tasks[i] === tasks[j]);
  loads.forEach((_load, i) => {
    if (names[i].length > 0) return;
    const named = loads.findIndex(
      (_, j) => j !== i && sameApi(i, j) && names[j].length > 0,
    );
    const same = loads.findIndex((_, j) => j < i && sameApi(i, j));
    if (named >= 0) sets.union(i, named);
    else if (same >= 0) sets.union(i, same);
  });

  // The pretrained parts a network loads are one model, and a part of any
  // other model the process loads (its checkpoint, a pipeline around it).
  const networks = loads.map(networkOf);
  const byNetwork = new Map<string, number>();
  networks.forEach((network, i) => {
    if (network === undefined) return;
    const seen = byNetwork.get(network);
    if (seen === undefined) byNetwork.set(network, i);
    else sets.union(seen, i);
  });
  const roles = loads.map((load, i) =>
    networks[i] !== undefined
      ? { role: 'companion' as const, decided: true }
      : decidedRole(load),
  );
  const groups = new Map<number, number[]>();
  loads.forEach((_, i) => {
    const root = sets.find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const models: ModelGroup[] = [];
  const loose: ArtifactLoad[] = [];
  for (const members of groups.values()) {
    // A generic load (a pickle, a model store entry) of what is otherwise a
    // companion is that companion; one that nothing names (`pickle.load(self.fh)`
    // in a data store) is not counted as a model of its own.
    const companionOnly =
      (members.some(i => roles[i].role !== 'model') ||
        members.every(i => unnamedGeneric(loads[i], names[i]))) &&
      !members.some(i => roles[i].role === 'model' && roles[i].decided);
    const own = companionOnly
      ? []
      : members.filter(i => roles[i].role === 'model');
    const others = members.filter(i => !own.includes(i));
    if (own.length === 0) {
      loose.push(...others.map(i => loads[i]));
      continue;
    }
    models.push({
      loads: own.map(i => loads[i]),
      companions: others.map(i => loads[i]),
      name: displayName(loads[own[0]]),
      several: own.some(
        i => (loads[i].value?.multiple ?? false) || loads[i].spec.several,
      ),
    });
  }
  if (models.length > 0 && !models.some(restoresCheckpoint)) {
    models.push(...unrestoredNetworks(loose, networks, loads));
  }
  if (models.length === 0) {
    // Only companions (a tokenizer and a config…): the parts of one model.
    const [first, ...rest] = loose;
    return [
      {
        loads: [first],
        companions: rest,
        name: displayName(first),
        several: false,
      },
    ];
  }
  models[0].companions.push(...loose);
  return models;
}

/** Calls restoring a network's own weights: any saved object, Keras' `load_weights`. */
const RESTORING_CALL = /\.(?:load_weights|load_model)$/;

/** A model whose loads could restore a network's checkpoint (`torch.load`, a pickle, `load_weights`). */
function restoresCheckpoint(model: ModelGroup): boolean {
  return model.loads.some(
    load => load.spec.generic || RESTORING_CALL.test(load.spec.call),
  );
}

/**
 * The networks whose pretrained parts are left over when no other model
 * restores a checkpoint (`DenseModel.load(path)` building its encoder
 * with `AutoModel.from_pretrained`): each is a model of its own beside
 * the others, and its parts leave the pool of loose companions.
 */
function unrestoredNetworks(
  loose: ArtifactLoad[],
  networks: Array<string | undefined>,
  loads: ArtifactLoad[],
): ModelGroup[] {
  const byNetwork = new Map<string, ArtifactLoad[]>();
  for (const load of [...loose]) {
    const network = networks[loads.indexOf(load)];
    if (network === undefined || load.spec.role !== 'model') continue;
    byNetwork.set(network, [...(byNetwork.get(network) ?? []), load]);
    loose.splice(loose.indexOf(load), 1);
  }
  return [...byNetwork.values()].map(([first, ...rest]) => ({
    loads: [first],
    companions: rest,
    name: displayName(first),
    several: false,
  }));
}

/** A load of any saved object whose name could not be read at all. */
function unnamedGeneric(load: ArtifactLoad, names: string[]): boolean {
  return (
    load.spec.generic && names.length === 0 && !(load.value?.multiple ?? false)
  );
}

/**
 * How evidence names a companion: its artifact, and, when the code showed
 * it, what it is used for (`vec.pkl, which transforms the input of
 * model.predict at app.py:12`).
 */
export function companionName(load: ArtifactLoad): string {
  const name = displayName(load);
  const use = useOf(load);
  const at = `${load.chain[0].module.path}:${use?.line}`;
  if (use?.kind === 'features') {
    return `${name}, which transforms the input of ${use.consumer} at ${at}`;
  }
  if (use?.kind === 'data') return `${name}, read as data at ${at}`;
  return name;
}

/** How evidence names a load's artifact. */
export function displayName(load: ArtifactLoad): string {
  const value = load.value;
  const key = value?.keys.find(k => !k.partial);
  if (key) return key.key;
  const literal = value?.literals.find(l => l !== '');
  if (literal !== undefined) return literal;
  if (value?.keys[0]) return value.keys[0].key;
  if (load.spec.several) return 'every installed model';
  if (!value && load.spec.defaultModel) {
    return `the default model of ${load.spec.call}`;
  }
  return 'an artifact named at run time';
}
