import { baseName } from '../paths';
import { callerChosenArms } from './callerChosenArms';
import { callsThroughCollection } from './collectionCalls';
import { LoaderSpec, loaderOf } from './loaderCatalog';
import { LOADER_WORD } from './knownLoaders';
import { saverOf } from './saverCatalog';
import { PythonModule } from './pythonModule';
import { CallInfo, ClassInfo, ImportBinding } from './moduleFacts';
import { instanceMethodCalls } from './instanceMethodCalls';
import { isTestModule, PythonProject } from './pythonProject';
import { platformFolderOf } from './platformHandlers';
import { CallRef, literalValue, ParameterRef, Scope, Value } from './value';
import { ValueReader } from './values';
import { UncalledFunctions } from './uncalledFunctions';
import { wordCount } from './wordCount';

/** A call on the way to a load: the load call itself, or a call of a helper that passes the artifact's name in. */
export interface CallSite {
  module: PythonModule;
  call: CallInfo;
  /** `if` statements around the call whose every arm runs for some caller (see `callerChosenArms`). */
  chosenByCaller?: readonly number[];
  /** The call's function is called only from its module's `__main__` block: it runs only when that module is run as a script. */
  scriptOnly?: boolean;
  /** The call's function is never called nor named anywhere (see `UncalledFunctions`): it never runs. */
  uncalled?: boolean;
}

/**
 * One load of an artifact, as named at one place: a library call that
 * loads it (`joblib.load(path)`), seen through the helpers that pass its
 * name in (`def load(path): …` called as `load("models/a.pkl")`).
 */
export interface ArtifactLoad {
  spec: LoaderSpec;
  /** The load call, then each helper call site passing the name in; the last one names it. */
  chain: CallSite[];
  /** What the target argument holds where it is named (undefined: the call has no target). */
  value?: Value;
  /** Load calls (or calls of helpers that load) whose results this load takes in: a model given to `pipeline(model=…)`, an adapter's base. */
  takes: CallRef[];
}

/** An artifact saved under a name: loads by that name load it. */
export interface ArtifactSave {
  /** What the name of the saved artifact holds. */
  name: Value;
  /** The calls whose result is saved (a load, or a helper that loads). */
  artifact: CallRef[];
  /** The save call itself. */
  site: CallRef;
}

/** The call that names the artifact: the evidence line. */
export function siteOf(load: ArtifactLoad): CallSite {
  return load.chain[load.chain.length - 1];
}

const MAX_SITES = 16;

/** Words without which a module saves nothing the catalog knows (see `saverOf`). */
const SAVER_HINT = /joblib|pickle|dill|torch|bentoml|mlflow|save_pretrained/;

/** The last part of every saver's name (`dump`, `save…`, `log_model`): written at the call or in its import. */
const SAVER_WORD = /\b(?:dump|save|log_model)/;

/** A relative import of a package (`from .. import f`): it names no module file. */
const PACKAGE_IMPORT = /\bfrom[ \t]+\.+[ \t]*import\b/;

/**
 * Words without which a module loads nothing the catalog knows (its
 * libraries, `from_pretrained`, `load_…model`): parsing is the cost, and
 * most modules are skipped unread. Bounded repetition keeps it linear.
 */
const LOADER_HINT =
  /argostranslate|easynmt|joblib|pickle|dill|torch|keras|tensorflow|tflite|onnxruntime|lightgbm|xgboost|catboost|transformers|ultralytics|spacy|fasttext|gensim|cv2|whisper|huggingface_hub|vllm|llama_cpp|clip|easyocr|paddleocr|stanza|TTS|ctranslate2|flair|gliner|rerankers|FlagEmbedding|fastembed|InstructorEmbedding|keybert|darknet|peft|diffusers|mlflow|bentoml|pandas|timm|pipecat|silero|deepmultilingualpunctuation|from_pretrained|load_[A-Za-z_]{0,40}model|load_learner|load_pipeline|load_checkpoint|load_from_checkpoint|load_pretrained|pretrained\s{0,3}=\s{0,3}True|["']--model["']/;
const MAX_HELPER_DEPTH = 3;

/** Finds the artifact loads of a project's modules and follows their names through helper functions. */
export class LoadFinder {
  private readonly importers = new Map<
    string,
    Array<{ module: PythonModule; binding: ImportBinding }>
  >();

  private readonly uncalled: UncalledFunctions;

  constructor(
    private readonly project: PythonProject,
    private readonly reader: ValueReader,
  ) {
    this.uncalled = new UncalledFunctions(project);
  }

  /** The loads whose load call is in a module (test modules have none). */
  loadsIn(path: string): ArtifactLoad[] {
    if (isTestModule(path)) return [];
    // Parsing is the cost: modules that cannot load anything are skipped unread.
    const text = this.project.text(path);
    if (
      text === undefined ||
      !LOADER_HINT.test(text) ||
      !LOADER_WORD.test(text)
    ) {
      return [];
    }
    const module = this.project.module(path);
    if (!module) return [];
    const loads: ArtifactLoad[] = [];
    for (const call of module.calls) {
      const spec = loaderOf(this.project, module, call);
      // `xgb.Booster()` with no model file builds an empty model: no load
      // (unless the library then loads its default model).
      if (!spec || (!spec.target && !spec.defaultModel && !spec.several)) {
        continue;
      }
      const scope = this.reader.scopeOf(module, call);
      const value = spec.target
        ? this.reader.read(spec.target, scope)
        : undefined;
      const takes = this.takenIn(module, call, spec, value);
      const chosenByCaller = callerChosenArms(module, call, ref =>
        this.callSitesOf(ref),
      );
      this.expand(
        {
          spec,
          chain: [
            {
              module,
              call,
              ...(chosenByCaller.length && { chosenByCaller }),
              ...(this.scriptOnly(module, call) && { scriptOnly: true }),
              ...(call.fn &&
                this.uncalled.isUncalled(module, call.fn) && {
                  uncalled: true,
                }),
            },
          ],
          value,
          takes,
        },
        scope,
        0,
        loads,
      );
    }
    return loads;
  }

  /** Artifacts a module saves under a name that also come from a load (test modules excluded). */
  savesIn(path: string): ArtifactSave[] {
    if (isTestModule(path)) return [];
    const text = this.project.text(path);
    if (
      text === undefined ||
      !SAVER_HINT.test(text) ||
      !SAVER_WORD.test(text)
    ) {
      return [];
    }
    const module = this.project.module(path);
    if (!module) return [];
    const saves: ArtifactSave[] = [];
    for (const call of module.calls) {
      const spec = saverOf(this.project, module, call);
      if (!spec?.name || !spec.artifact) continue;
      const scope = this.reader.scopeOf(module, call);
      const artifact = this.reader.read(spec.artifact, scope).calls;
      if (artifact.length === 0) continue;
      saves.push({
        name: this.reader.read(spec.name, scope),
        artifact,
        site: { module, call },
      });
    }
    return saves;
  }

  /** Calls whose results the load call takes in (every argument and, for adapters, the base). */
  private takenIn(
    module: PythonModule,
    call: CallInfo,
    spec: LoaderSpec,
    value: Value | undefined,
  ): CallRef[] {
    const scope = this.reader.scopeOf(module, call);
    const taken: CallRef[] = [...(value?.calls ?? [])];
    const others = [
      ...call.args.positional,
      ...call.args.keyword.values(),
      ...(spec.base ? [spec.base] : []),
    ].filter(node => node !== spec.target);
    for (const node of others.slice(0, 8)) {
      taken.push(...this.reader.read(node, scope).calls);
    }
    return taken;
  }

  /**
   * Emits the load, or, when its name depends on a helper's parameter,
   * one load per call site of the helper: the target is read again with
   * the parameter bound to what that call passes (through up to three
   * helpers).
   */
  private expand(
    load: ArtifactLoad,
    scope: Scope,
    depth: number,
    out: ArtifactLoad[],
  ): void {
    const value = load.value;
    // A folder from configuration joined to a parameter
    // (`os.path.join(MODEL_DIR, name)`): the callers name the artifact.
    const param =
      value && value.literals.length === 0 && value.keys.every(k => k.partial)
        ? value.params[0]
        : undefined;
    if (!param || depth >= MAX_HELPER_DEPTH) {
      out.push(load);
      return;
    }
    const sites = this.callSitesOf(param).slice(0, MAX_SITES);
    if (sites.length === 0) {
      // A serving platform calls it with the folder it put the model in
      // (the artifact is in that folder, whatever the code joins to it).
      const folder = platformFolderOf(param);
      if (folder) {
        out.push({ ...load, value: literalValue(folder) });
        return;
      }
      // Nothing in the repository calls it (a framework does: Seldon's
      // wrapper builds the class, a route calls the handler): the
      // parameter's default names the artifact, or what the name is
      // composed into when it is known only then (`models:/{name}/1`).
      const target = load.spec.target;
      if (target) {
        const call = load.chain[0].call;
        const noArguments: CallInfo = {
          ...call,
          line: call.line,
          args: { positional: [], keyword: new Map() },
        };
        const bound = withBinding(scope, param, {
          fn: param.fn,
          call: noArguments,
          scope,
        });
        const read = this.reader.read(target, bound);
        if (param.param.default || read.literals.length > 0) {
          out.push({ ...load, value: read });
          return;
        }
      }
      out.push(load);
      return;
    }
    for (const site of sites) {
      const bound = withBinding(scope, param, {
        fn: param.fn,
        call: site.call,
        scope: this.reader.scopeOf(site.module, site.call),
      });
      const target = load.spec.target;
      this.expand(
        {
          ...load,
          // A helper called from a CLI `main()` of an imported module: that call never runs in the importer.
          chain: [
            ...load.chain,
            this.scriptOnly(site.module, site.call)
              ? { ...site, scriptOnly: true }
              : site,
          ],
          value: target ? this.reader.read(target, bound) : undefined,
        },
        bound,
        depth + 1,
        out,
      );
    }
  }

  /** Calls of the function (or, for `__init__` and `__new__`, of the class) a parameter belongs to. */
  private callSitesOf(ref: ParameterRef): CallSite[] {
    const { module, fn } = ref;
    const constructor =
      (fn.name === '__init__' || fn.name === '__new__') && fn.owner;
    const name = constructor ? fn.owner!.name : fn.name;
    const sites: CallSite[] = [];
    const isMethod = fn.owner && !constructor;
    // A class's own loader (`Model.load(path)`, a classmethod wrapping a
    // library loader) is called on the class, here and where it is imported.
    const onClass =
      isMethod && !fn.owner!.parent && fn.decorators.some(isClassLevel)
        ? fn.owner!.name
        : undefined;
    for (const call of module.calls) {
      if (call.fn === fn) continue;
      if (isMethod) {
        if (
          ((call.dotted === `self.${name}` || call.dotted === `cls.${name}`) &&
            call.cls === fn.owner) ||
          (onClass !== undefined && call.dotted === `${onClass}.${name}`) ||
          this.onNewInstance(module, call, fn.owner!.name, name)
        ) {
          sites.push({ module, call });
        }
      } else if (
        call.dotted === name ||
        callsThroughCollection(module, call, name)
      ) {
        sites.push({ module, call });
      }
    }
    if (isMethod && onClass === undefined && !fn.parent)
      return [...sites, ...this.instanceCallSites(module, fn.owner!, name)];
    if ((isMethod && onClass === undefined) || fn.parent) return sites;
    const exported = onClass ?? name;
    const member = onClass !== undefined ? `.${name}` : '';
    for (const { module: other, binding } of this.importersOf(
      module.path,
      exported,
    )) {
      const qualifier = binding.module.startsWith(`${binding.local}.`)
        ? binding.module
        : binding.local;
      let prefix: string | undefined;
      if (binding.name === undefined) prefix = `${qualifier}.${exported}`;
      else if (binding.name === exported) prefix = binding.local;
      if (!prefix) continue;
      for (const call of other.calls) {
        if (
          call.dotted === `${prefix}${member}` ||
          (member === '' && callsThroughCollection(other, call, prefix))
        )
          sites.push({ module: other, call });
      }
    }
    return sites;
  }

  /** A method called on an object built from its class, here or where the class is imported. */
  private instanceCallSites(
    module: PythonModule,
    owner: ClassInfo,
    method: string,
  ): CallSite[] {
    const sites = instanceMethodCalls(module, owner.name, method).map(call => ({
      module,
      call,
    }));
    if (owner.parent) return sites;
    for (const { module: other, binding } of this.importersOf(
      module.path,
      owner.name,
    )) {
      let built: string | undefined;
      const qualifier = binding.module.startsWith(`${binding.local}.`)
        ? binding.module
        : binding.local;
      if (binding.name === undefined) built = `${qualifier}.${owner.name}`;
      else if (binding.name === owner.name) built = binding.local;
      if (!built) continue;
      for (const call of instanceMethodCalls(other, built, method))
        sites.push({ module: other, call });
    }
    return sites;
  }

  /** `cls()._load(…)` / `Model()._load(…)`: a method called on an instance built in place. */
  private onNewInstance(
    module: PythonModule,
    call: CallInfo,
    owner: string,
    method: string,
  ): boolean {
    const callee = call.callee;
    if (callee.name !== 'MemberExpression' || call.dotted !== undefined)
      return false;
    const object = callee.firstChild;
    const property = callee.lastChild;
    if (object?.name !== 'CallExpression' || !property) return false;
    if (module.syntax.textOf(property) !== method) return false;
    const built = object.firstChild
      ? module.syntax.textOf(object.firstChild)
      : undefined;
    return built === owner || (built === 'cls' && call.cls?.name === owner);
  }

  /**
   * The call is in a module-level function that only the module's
   * `if __name__ == "__main__":` block calls (`def main(): …` of a training
   * or evaluation script), or in a method of a module-level class that only
   * that block builds (a model-building class of a training script): a
   * process that imports the module for a helper never runs it. Any other
   * mention of the name (a use where it is imported, a reference handed to
   * a framework, a subclass) keeps it runnable; an import that nothing
   * then uses does not.
   */
  private scriptOnly(module: PythonModule, call: CallInfo): boolean {
    const fn = call.fn;
    if (!fn || fn.parent || module.mainGuardLine === undefined) return false;
    const owner = fn.owner;
    if (owner?.parent) return false;
    const name = owner ? owner.name : fn.name;
    const sites = module.calls.filter(c => c.dotted === name);
    if (sites.length === 0 || !sites.every(c => c.inMainGuard && !c.fn))
      return false;
    const mentions = wordCount(this.project.text(module.path) ?? '', name);
    if (mentions !== 1 + sites.length) return false;
    return !this.importersOf(module.path, name).some(
      ({ module: other, binding }) =>
        binding.name === undefined ||
        (binding.name === name &&
          wordCount(this.project.text(other.path) ?? '', binding.local) > 1),
    );
  }

  /** Modules importing a name, or its module, from a module (`from m import f`, `import m`). */
  private importersOf(
    path: string,
    name: string,
  ): Array<{ module: PythonModule; binding: ImportBinding }> {
    const key = `${path}|${name}`;
    const known = this.importers.get(key);
    if (known) return known;
    const found: Array<{ module: PythonModule; binding: ImportBinding }> = [];
    // An import of a module file names it (`from .utils import f`,
    // `import pkg.utils`): only modules that write its name are parsed.
    // A package's `__init__` is imported by its folder's name or by dots.
    const file = baseName(path).replace(/\.py$/, '');
    const names = (text: string) =>
      file === '__init__' || text.includes(file) || PACKAGE_IMPORT.test(text);
    for (const other of this.project.mentioning(name)) {
      if (isTestModule(other) || other === path) continue;
      if (!names(this.project.text(other) ?? '')) continue;
      const module = this.project.module(other);
      if (!module) continue;
      for (const binding of module.imports) {
        const resolved = this.project.resolveImport(binding, other);
        if (resolved?.path !== path) continue;
        found.push({
          module,
          binding:
            resolved.name === undefined
              ? { ...binding, name: undefined }
              : binding,
        });
      }
    }
    this.importers.set(key, found);
    // A package re-exports the name (`from .embed import EmbedPipeline` in
    // its `__init__`): modules importing it from the package import it too.
    for (const { module, binding } of [...found]) {
      if (
        baseName(module.path) === '__init__.py' &&
        binding.name === name &&
        binding.local === name
      )
        found.push(...this.importersOf(module.path, name));
    }
    return found;
  }
}

/** `@classmethod`, `@staticmethod`: a method called on the class itself. */
function isClassLevel(decorator: string): boolean {
  return decorator === 'classmethod' || decorator === 'staticmethod';
}

/**
 * The scope with a parameter bound to a call's argument. The parameter
 * belongs to the scope's function, or to the function whose call is
 * already bound (one helper further out): the binding goes at the end of
 * the chain of bound calls.
 */
function withBinding(
  scope: Scope,
  param: ParameterRef,
  binding: NonNullable<Scope['bound']>,
): Scope {
  if (!scope.bound || scope.fn === param.fn) {
    return { ...scope, bound: binding };
  }
  return {
    ...scope,
    bound: {
      ...scope.bound,
      scope: withBinding(scope.bound.scope, param, binding),
    },
  };
}
