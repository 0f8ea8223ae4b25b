import type { ArtifactLoad, ArtifactSave } from './artifactLoads';
import { loadedBack } from './roundTripLoads';
import { decidedRole } from './artifactRoles';
import { fedModel } from './chainedLoads';
import { displayName, namesOf, valueNames } from './artifactNames';
import {
  alternativeLoads,
  callKey,
  entered,
  EnteringCalls,
  functionKey,
} from './alternativeLoads';
import { alternativeImports, ArmImport } from './armImportedModules';

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

/** The task a library loading a default model is asked for (`pipeline("summarization", …)`, `task=`). */
function taskOf(load: ArtifactLoad): string | undefined {
  if (!load.spec.defaultModel) return undefined;
  const { call, module } = load.chain[0];
  const task = call.args.keyword.get('task') ?? call.args.positional[0];
  return task && task !== load.spec.target
    ? module.syntax.stringValue(task)
    : undefined;
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
  armImportOf?: (load: ArtifactLoad) => ArmImport | undefined,
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
  // A library's loading call whose code the project vendors (a copied
  // `whisper` package): the loads inside it, reached through that very
  // call (the whole of its chain ends theirs), are how it loads its one
  // artifact, not models of their own.
  const chainKey = (sites: ArtifactLoad['chain']) =>
    sites.map(callKey).join(' ');
  const byChain = new Map<string, number>();
  loads.forEach((load, i) => byChain.set(chainKey(load.chain), i));
  loads.forEach((load, j) => {
    for (let from = 1; from < load.chain.length; from++) {
      const i = byChain.get(chainKey(load.chain.slice(from)));
      if (i !== undefined && i !== j) sets.union(i, j);
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
  // Loads in modules imported in different arms of one branch: one runs.
  const chosenAt = new Map<number, ArmImport>();
  if (armImportOf && loads.length > 1 && loads.length <= MAX_PAIRWISE) {
    const arms = loads.map(armImportOf);
    for (let i = 0; i < loads.length; i++) {
      for (let j = i + 1; j < loads.length; j++) {
        if (!alternativeImports(arms[i], arms[j])) continue;
        sets.union(i, j);
        chosenAt.set(i, arms[i]!);
        chosenAt.set(j, arms[j]!);
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
  // An encoder whose output only feeds another model is part of that model.
  loads.forEach((load, i) => {
    if (roles[i].role !== 'model') return;
    const j = fedModel(load, loads);
    if (j === undefined || roles[j].role !== 'model') return;
    sets.union(i, j);
    roles[i] = { role: 'companion', decided: true };
  });
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
      name: alternativesName(own, loads, chosenAt),
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

/** Calls restoring a network's own weights: any saved object, Keras' `load_weights`, Lightning's `load_from_checkpoint`. */
const RESTORING_CALL = /\.(?:load_weights|load_model|load_from_checkpoint)$/;

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
 * The name of a model: the one its deciding load names, or, for loads in
 * modules imported in different arms of one branch, the models it chooses
 * between and where.
 */
function alternativesName(
  own: number[],
  loads: ArtifactLoad[],
  chosenAt: ReadonlyMap<number, ArmImport>,
): string {
  const first = displayName(loads[own[0]]);
  const chosen = own.map(i => chosenAt.get(i)).find(Boolean);
  const names = [...new Set(own.map(i => displayName(loads[i])))];
  if (!chosen || names.length < 2) return first;
  const shown = names.slice(0, 4).join(', ');
  return `one of ${shown}${
    names.length > 4 ? ` and ${names.length - 4} more` : ''
  } (${
    chosen.chooser ?? 'modules imported in different arms of the branch'
  } at ${chosen.importer}:${chosen.line}: one runs)`;
}
