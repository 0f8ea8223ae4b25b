import {
  ModelLoaderFacts,
  ProcessModelFacts,
  RepositoryEvidence,
  ServingProcessFacts,
  SourceLine,
} from '../../types';
import { isModelFilePath } from '../modelFiles';
import {
  isPlatformModelMount,
  platformOfModelEnv,
} from '../kubernetes/platformModelMount';
import { dirName, FileTree, joinPath } from '../paths';
import {
  ArtifactLoad,
  ArtifactSave,
  CallSite,
  LoadFinder,
  siteOf,
} from './artifactLoads';
import { groupModels } from './modelGroups';
import { armImportOf } from './armImportedModules';
import { registryChoiceOf } from './classRegistries';
import { alternativeLoads, EnteringCalls } from './alternativeLoads';
import { roleOf } from './artifactRoles';
import { companionName } from './artifactNames';
import { enteringCalls } from './enteringCalls';
import { markFetchedLoads } from './fetchedLoads';
import { markMemoryFetchedLoads } from './memoryFetchedLoads';
import { isPlatformHandler } from './platformHandlers';
import { remoteInferenceCall } from './remoteInference';
import { ProcessModelFetches } from './processModelFetch';
import { requestHandlerRunning } from './requestHandlerCalls';
import { ConfigFileValue, configFileValue } from './configFileValues';
import { joinWorkingFolders } from './workingFolderLoads';
import { findProcesses, PythonProcess } from './processes';
import { importsServingFramework } from './servingCode';
import { groupsPerPart } from './partModels';
import { keptPerName } from './perNameCaches';
import { PythonProject } from './pythonProject';
import { ScriptHubLoad, scriptHubLoads } from './scriptHubLoads';
import { handedFolderPath } from './handedFolders';
import { choicePerDeployment } from './deploymentSettings';
import { ValueReader } from './values';
import { moduleSetsHubOffline, readsLocalFilesOnly } from './offlineHub';

const REMOTE =
  /^(?:s3|gs|gcs|https?|hf|models|runs|azureml|wasbs?|abfss?|dbfs|oci|pvc|wandb-artifact):\/?\//i;

/** `hf-hub:org/name`: a Hugging Face hub id as timm and open_clip take it. */
const HUB_SCHEME = /^hf[-_]hub:/i;

/** `org/name` or `name`: what a hub library takes as a model id. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?$/;

/** Configuration keys that name a local path (`MODEL_PATH`, `model_dir`), not a hub id. */
const LOCAL_KEY = /(?:path|dir|folder|file|location)\W*$/i;
const MLFLOW_LOAD = /^mlflow\.\w{1,40}\.load_model$/;

/**
 * Python evidence of one analysed folder, in two steps: the artifact loads
 * of every module (`loaders`, needed while the Dockerfiles are read), then,
 * once the start commands of the folder and of the repository around it
 * are known, the serving processes, the models each loads, and which loads
 * a serving process runs (`addProcesses`).
 */
export class PythonEvidence {
  private readonly loads: ArtifactLoad[] = [];
  /** Read on first need: saves only name the models of a serving process that loads some. */
  private saves?: ArtifactSave[];
  private readonly facts = new Map<ArtifactLoad, ModelLoaderFacts>();
  private readonly reader: ValueReader;
  private readonly finder: LoadFinder;
  /** The modules in path order, less those whose loads could not be read. */
  private readonly readable: string[] = [];
  private readonly enteringKnown = new Map<CallSite, CallSite[] | undefined>();
  /** The calls entering the code a load is named in, once per call site. */
  private readonly entering: EnteringCalls = site => {
    if (!this.enteringKnown.has(site)) {
      this.enteringKnown.set(
        site,
        enteringCalls(this.project, this.reader, site),
      );
    }
    return this.enteringKnown.get(site);
  };

  constructor(
    private readonly project: PythonProject,
    private readonly tree: FileTree,
    private readonly textOf: (path: string) => string | undefined,
    private readonly problems: (path: string, error: unknown) => void,
  ) {
    this.reader = new ValueReader(project);
    this.finder = new LoadFinder(project, this.reader);
    for (const path of [...project.paths].sort()) {
      try {
        this.loads.push(...this.finder.loadsIn(path).map(keptPerName));
        this.readable.push(path);
      } catch (error) {
        problems(path, error);
      }
    }
  }

  /** The artifacts saved under a name (parsing a module that only saves is the cost: done once, when needed). */
  private savesOnce(): ArtifactSave[] {
    if (!this.saves) {
      this.saves = [];
      for (const path of this.readable) {
        try {
          this.saves.push(...this.finder.savesIn(path));
        } catch (error) {
          this.problems(path, error);
        }
      }
    }
    return this.saves;
  }

  /**
   * The hub loads `python <script>` runs (see `scriptHubLoads`); with
   * `code`, those of `python -c "<code>"`, `script` naming where it is
   * written (`Dockerfile:9`).
   */
  hubLoadsRunBy(script: string, code?: string): ScriptHubLoad[] {
    let loads = this.loads;
    if (code !== undefined) {
      const inline = this.project.addInline(script, code);
      try {
        loads = [...this.finder.loadsIn(inline).map(keptPerName), ...loads];
      } catch (error) {
        this.problems(inline.replace(/:\d+$/, ''), error);
        return [];
      }
    }
    return scriptHubLoads(this.project, loads, script, (id, path) =>
      this.isHubId(id, path),
    );
  }

  /**
   * Whether a module's own code fetches a model over the network (a
   * download tool it runs, a file it downloads, called for a model), as
   * a serving process's fetches are read.
   */
  fetchesModelIn(path: string): boolean {
    this.moduleFetches ??= new ProcessModelFetches(this.project);
    return (
      this.moduleFetches.firstIn(new Set([path]), path, true) !== undefined
    );
  }

  private moduleFetches?: ProcessModelFetches;

  /**
   * The path a configured load reads, when the configuration file its
   * module names (`OmegaConf.load("config/serving.yaml")`) writes it:
   * `{config.model}/model.pt` with `model: resources/bloom` in the file is
   * `resources/bloom/model.pt`. Undefined for other loads.
   */
  configFilePath(fact: ModelLoaderFacts): ConfigFileValue | undefined {
    if (!fact.configured) return undefined;
    this.loadOfFact ??= new Map(
      [...this.facts].map(([load, known]) => [known, load]),
    );
    const value = this.loadOfFact.get(fact)?.value;
    if (!value || value.multiple || value.keys.length !== 1) return undefined;
    const [{ key, env }] = value.keys;
    if (env || value.literals.length > 1) return undefined;
    const written = configFileValue(fact.path, key, this.textOf, p =>
      this.tree.exists(p),
    );
    if (!written) return undefined;
    const path =
      value.literals.length === 0
        ? written.value
        : value.literals[0].replace(`{${key}}`, written.value);
    return path.includes('{') ? undefined : { ...written, value: path };
  }

  /**
   * The path a load reads when configuration names only part of it, as
   * written with the configuration in braces (`local_bucket/{MODEL_FILE}`
   * from `Path(f"local_bucket/{os.getenv('MODEL_FILE')}")`), or under a
   * folder a caller hands to the loading code (see `handedFolders`);
   * undefined for other loads.
   */
  partlyConfiguredPath(fact: ModelLoaderFacts): string | undefined {
    this.loadOfFact ??= new Map(
      [...this.facts].map(([load, known]) => [known, load]),
    );
    const load = this.loadOfFact.get(fact);
    const value = load?.value;
    if (load && value?.unknown) return handedFolderPath(load, this.reader);
    if (
      !value ||
      value.unknown ||
      value.multiple ||
      value.literals.length !== 1 ||
      value.keys.length === 0 ||
      !value.keys.every(key => key.partial)
    )
      return undefined;
    return value.literals[0];
  }

  private loadOfFact?: Map<ModelLoaderFacts, ArtifactLoad>;

  /**
   * One fact per load, named where the artifact is named. `hubOffline`:
   * where the service running the code keeps the hub offline (its hub
   * loads then read files already present).
   */
  loaders(hubOffline?: SourceLine): ModelLoaderFacts[] {
    this.serviceOffline = hubOffline !== undefined;
    const seen = new Set<string>();
    const facts: ModelLoaderFacts[] = [];
    for (const load of this.loads) {
      const site = siteOf(load);
      const key = `${site.module.path}:${site.call.line}:${load.spec.call}:${load.chain[0].call.node.from}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fact = this.factOf(load);
      this.facts.set(load, fact);
      facts.push(fact);
    }
    joinWorkingFolders(this.project, this.reader, this.facts);
    markFetchedLoads(this.project, this.reader, this.facts);
    markMemoryFetchedLoads(this.project, this.reader, this.facts);
    for (const [load, fact] of this.facts) {
      if (!fact.downloads) continue;
      const site = siteOf(load);
      const handler = requestHandlerRunning(
        this.project,
        site.module.path,
        site.call.fn,
      );
      if (handler) fact.onRequest = { path: handler.path, line: handler.line };
    }
    return facts;
  }

  private factOf(load: ArtifactLoad): ModelLoaderFacts {
    const site = siteOf(load);
    const value = load.value;
    const configured = (value?.keys.length ?? 0) > 0;
    // One literal target: none when configured or when it stands for several.
    const literal =
      configured || value?.multiple
        ? undefined
        : value?.literals.find(l => l !== '') ??
          (value?.literals.length ? '' : undefined);
    const fact: ModelLoaderFacts = {
      path: site.module.path,
      line: site.call.line,
      call: load.spec.call,
      configured,
      downloads:
        this.downloads(load, site.module.path) && !this.storeFallback(load),
      multiple: (value?.multiple ?? false) || load.spec.several,
      role: roleOf(load),
    };
    if (configured) fact.configKey = value!.keys[0].key;
    if (literal !== undefined && (value?.unknown !== true || literal !== '')) {
      fact.target = literal;
    }
    const several = value?.literals.filter(l => l !== '') ?? [];
    if (fact.multiple && !configured && several.length > 0)
      fact.targets = several.slice(0, 8);
    return fact;
  }

  /**
   * Whether the load fetches its artifact from remote storage or a model
   * hub when it runs: a remote URI; a hub id that is not a path of the
   * tree; an id read from configuration with no local default (a hub
   * library given `MODEL_ID`); the library's default model.
   */
  private downloads(load: ArtifactLoad, path: string): boolean {
    const value = load.value;
    const offline = load.spec.hub && this.readsHubOffline(load);
    if (!value) return load.spec.hub && load.spec.defaultModel && !offline;
    if (
      value.literals.some(
        l => REMOTE.test(l) || HUB_SCHEME.test(l) || isPlatformModelMount(l),
      )
    ) {
      return true;
    }
    // A folder the serving platform puts the model in at start (AZUREML_MODEL_DIR).
    if (value.keys.some(k => k.env && platformOfModelEnv(k.key))) return true;
    const literals = value.literals.filter(l => l !== '');
    // An id read from configuration with no local default.
    const configuredId =
      value.keys.length > 0 &&
      literals.length === 0 &&
      !value.keys.every(k => LOCAL_KEY.test(k.key));
    // MLflow's loaders given a URI only at run time (`models:/name/7`,
    // `runs:/…`, a Ray Serve user_config) fetch it from the tracking server.
    if (!load.spec.hub) return MLFLOW_LOAD.test(load.spec.call) && configuredId;
    if (offline) return false;
    if (literals.some(l => this.isHubId(l, path))) return true;
    return configuredId;
  }

  private serviceOffline = false;
  private readonly offlineModules = new Map<string, boolean>();

  /**
   * A hub load that reads only files already present: the call says
   * `local_files_only=True`, or the hub is offline for the process (set by
   * the service running it, or at the top of a module on the way to the
   * load).
   */
  private readsHubOffline(load: ArtifactLoad): boolean {
    const [first] = load.chain;
    if (readsLocalFilesOnly(first.module, first.call)) return true;
    if (this.serviceOffline) return true;
    return load.chain.some(({ module }) => {
      let offline = this.offlineModules.get(module.path);
      if (offline === undefined) {
        offline = moduleSetsHubOffline(module) !== undefined;
        this.offlineModules.set(module.path, offline);
      }
      return offline;
    });
  }

  /**
   * A download that runs only when a BentoML model store lacks the model
   * (`try: bentoml.transformers.get(tag)` / `except: pipeline(…)`): a Bento
   * packs its store models, so the server reads them, not the hub.
   */
  private storeFallback(load: ArtifactLoad): boolean {
    return this.loads.some(
      other =>
        /^bentoml\./.test(other.spec.call) && alternativeLoads(load, other),
    );
  }

  private isHubId(target: string, file: string): boolean {
    if (!HUB_ID.test(target)) return false;
    if (isModelFilePath(target) || target.includes('..')) return false;
    const local = [joinPath(dirName(file), target), target].filter(
      (p): p is string => Boolean(p),
    );
    return !local.some(p => this.tree.exists(p));
  }

  /**
   * The serving processes and their models; marks each loader with
   * whether a serving process runs it. Leaves the evidence as it is when
   * nothing tells how the code is started.
   */
  addProcesses(evidence: RepositoryEvidence): void {
    const search = findProcesses(evidence, this.project, this.textOf);
    if (search.unknown) return;
    const serving = search.processes.filter(p => p.serving);
    const served = new Set<ArtifactLoad>();
    const processes: ServingProcessFacts[] = [];
    const fetches = new ProcessModelFetches(this.project);
    for (const process of serving) {
      const loads = this.loads.filter(load => runsIn(load, process));
      loads.forEach(load => served.add(load));
      const fetchesModel = fetches.firstIn(
        process.modules,
        process.entry,
        process.main,
      );
      // A process that fetches a model itself forwards to no other server.
      const forwardsTo =
        loads.length === 0 && !fetchesModel
          ? remoteInferenceCall(this.project, process.modules)
          : undefined;
      processes.push({
        ...(forwardsTo && { forwardsTo }),
        ...(fetchesModel && { fetchesModel }),
        path: process.path,
        line: process.line,
        command: process.command,
        module: process.entry,
        server: process.server,
        models: groupsPerPart(process, loads, part =>
          groupModels(
            part,
            loads.length > 0 ? this.savesOnce() : [],
            this.entering,
            load =>
              armImportOf(
                this.project,
                siteOf(load).module.path,
                process.modules,
              ) ?? registryChoiceOf(this.reader, load, this.entering),
          ),
        ).map(group => {
          const first = group.loads[0];
          const site = siteOf(first);
          const perDeployment = process.deploymentSettings
            ? choicePerDeployment(group.loads, process.deploymentSettings)
            : undefined;
          const model: ProcessModelFacts = {
            path: site.module.path,
            line: site.call.line,
            name: perDeployment
              ? `${group.name}, set per deployment in user_config.${
                  perDeployment.key
                } (${perDeployment.values.join(', ')})`
              : group.name,
            call: first.spec.call,
            several: group.several || perDeployment !== undefined,
            companions: group.companions.map(companion => ({
              path: siteOf(companion).module.path,
              line: siteOf(companion).call.line,
              name: companionName(companion),
              call: companion.spec.call,
            })),
          };
          return model;
        }),
      });
    }
    // A model loaded in serving code that no start command followed runs (a
    // server whose start the analysis could not follow) may be served by
    // the unit: no process of it is taken for a mere forwarder.
    if (
      processes.some(p => p.forwardsTo) &&
      this.loads.some(
        load =>
          !served.has(load) &&
          load.chain.some(site => importsServingFramework(site.module)),
      )
    )
      for (const process of processes) delete process.forwardsTo;
    // The serving platform runs its handlers (`model_fn`) itself.
    for (const [load, fact] of this.facts)
      fact.inServingCode =
        served.has(load) || isPlatformHandler(siteOf(load).call.fn);
    evidence.servingProcesses = processes;
  }
}

/**
 * A load is run by a process when every call on its way is in the
 * process's modules (a `__main__` block only in the entry), no function on
 * its way is one nothing calls, and, for a BentoML server of one service
 * among several, that service reaches it.
 */
function runsIn(load: ArtifactLoad, process: PythonProcess): boolean {
  if (process.service && !process.service.runs(load)) return false;
  if (load.chain.some(site => site.uncalled && !platformCalled(site, process)))
    return false;
  return load.chain.every(
    site =>
      process.modules.has(site.module.path) &&
      (!(site.call.inMainGuard || site.scriptOnly) ||
        (process.main && site.module.path === process.entry) ||
        calledByPlatform(site, process)),
  );
}

/** A function of the entry the platform calls by its name (Azure ML's `init`), or a handler it calls (`model_fn`). */
function platformCalled(site: CallSite, process: PythonProcess): boolean {
  const fn = site.call.fn;
  return (
    isPlatformHandler(fn) ||
    (site.module.path === process.entry &&
      fn !== undefined &&
      (process.platformCalls ?? []).includes(fn.name))
  );
}

/** A function of the entry the platform calls, though the `__main__` block calls it too. */
function calledByPlatform(site: CallSite, process: PythonProcess): boolean {
  const fn = site.call.fn;
  return (
    site.scriptOnly === true &&
    !site.call.inMainGuard &&
    site.module.path === process.entry &&
    fn !== undefined &&
    (process.platformCalls ?? []).includes(fn.name)
  );
}
