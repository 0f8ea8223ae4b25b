/**
 * Facts read from an entity's source repository: the contract between the
 * repository readers/parsers (this folder) and the pure engine (../engine).
 *
 * Everything here is plain JSON (it is cached by the catalog processor) and
 * every fact carries the path (relative to the scored folder, `/`
 * separators) and 1-based line it came from, so the UI can link to it.
 */

/** @public */
export interface SourceLine {
  path: string;
  line?: number;
}

/** A parse problem: the file is ignored and checks relying on it may be `unknown`. @public */
export interface EvidenceProblem extends SourceLine {
  message: string;
}

/** One `COPY`/`ADD` instruction of a Dockerfile. @public */
export interface DockerCopy {
  line: number;
  instruction: 'COPY' | 'ADD';
  /** Stage name or index of `--from`, when present. */
  from?: string;
  sources: string[];
  destination: string;
}

/** @public */
export interface DockerStage {
  /** `AS` name, or the stage index as a string. */
  name: string;
  baseImage: string;
  line: number;
  copies: DockerCopy[];
  env: Array<{ name: string; value: string; line: number }>;
  args: Array<{ name: string; defaultValue?: string; line: number }>;
  run: Array<{ command: string; line: number }>;
  /** CMD / ENTRYPOINT, joined as a shell-ish string. */
  command?: { value: string; line: number };
  healthcheck?: { value: string; line: number };
}

/**
 * How a model reaches an image through a Dockerfile (Model-in-image).
 * Derived by the evidence layer, which knows the repository tree.
 *
 * @public
 */
export interface ModelIntoImage extends SourceLine {
  via: 'file' | 'directory' | 'stage' | 'build-arg' | 'download-in-build';
  /** What was copied, e.g. `models/`, `model.onnx`. */
  source: string;
}

/** @public */
export interface DockerfileFacts {
  path: string;
  stages: DockerStage[];
  /** Model-in-image evidence for the final stage (empty when none). */
  modelsIntoImage: ModelIntoImage[];
  /** Dependency manifests installed in the final image (paths in the repo). */
  installsManifests: SourceLine[];
  /** The image's start-up command fetches a model before serving (Model-load by a start-up step). */
  startupDownloads: Array<SourceLine & { description: string }>;
  /**
   * Models the image's build fetches: a hub id (`model`), or a script of
   * the repository run by `RUN` that fetches one (`script`, whose model
   * loads happen at build time). Code loading the same model at run time
   * reads it from the image. Absent when none, or in older evidence.
   */
  builtInModels?: Array<SourceLine & { model?: string; script?: string }>;
  /**
   * The image sets `HF_HUB_OFFLINE`/`TRANSFORMERS_OFFLINE`: hub loads at
   * run time read only what the build put in the image.
   */
  hubOffline?: SourceLine;
}

/** An environment variable of a container or compose service. @public */
export interface EnvVar {
  name: string;
  /** Literal value, or undefined when it comes from a secret/configMap ref. */
  value?: string;
  line?: number;
}

/** @public */
export interface ContainerFacts {
  name: string;
  image?: string;
  line?: number;
  env: EnvVar[];
  /** command + args joined. */
  command?: string;
  readinessProbe?: SourceLine & { description: string };
  startupProbe?: SourceLine & { description: string };
  livenessProbe?: SourceLine & { description: string };
  /** This container fetches a model (init container or start-up step), e.g. `gsutil cp $MODEL_URI /models`. */
  downloadsModel?: SourceLine & {
    description: string;
    /** The variable, value or argument of the deployment that names the model, when it is configuration. */
    configuredBy?: string;
  };
  /**
   * A log shipper, proxy or agent (fluentd, envoy, istio-proxy, nginx…), or a
   * native sidecar (init container with `restartPolicy: Always`): not a model server.
   */
  sidecar?: boolean;
}

/**
 * A deployable unit: a Kubernetes workload, a KServe InferenceService, a
 * docker-compose service. This is what All-in-one counts models per.
 *
 * @public
 */
export interface WorkloadFacts extends SourceLine {
  kind:
    | 'Deployment'
    | 'StatefulSet'
    | 'DaemonSet'
    | 'Pod'
    | 'Job'
    | 'CronJob'
    | 'InferenceService'
    | 'compose-service'
    | 'other';
  name: string;
  containers: ContainerFacts[];
  initContainers: ContainerFacts[];
  /**
   * Where the platform pulls the model from before the server starts:
   * KServe `storageUri` (predictor or model spec), a Seldon prepackaged
   * server's `modelUri`, a model server's remote model repository.
   */
  storageUri?: SourceLine & {
    value: string;
    /** What names it when it is not KServe's storageUri, e.g. `Seldon SKLEARN_SERVER modelUri`. */
    via?: string;
  };
  /** Model format named by a KServe predictor, e.g. sklearn. */
  modelFormat?: { name: string; version?: string };
  /** Deliberate multi-model serving was seen (ModelMesh, TrainedModel, Triton repo). */
  multiModel?: SourceLine & { description: string };
  /**
   * Models this workload loads, when it can be read (e.g. several
   * TrainedModels, several model env vars, a server loading a list).
   * `null` when it cannot be told.
   */
  modelsLoaded: number | null;
  modelsLoadedEvidence: Array<SourceLine & { note: string }>;
  /** Labels/selectors naming the server group, e.g. `app=recommender`. */
  groupLabel?: string;
  /** docker-compose `depends_on`: services this one needs. */
  dependsOn?: string[];
  /** docker-compose `build`: the repository path of the Dockerfile building this service's image. */
  dockerfile?: string;
}

/** KServe ServingRuntime / ClusterServingRuntime. @public */
export interface ServingRuntimeFacts extends SourceLine {
  name: string;
  supportedModelFormats: Array<{ name: string; version?: string }>;
  multiModel: boolean;
}

/**
 * The models a model server hosts through its own configuration: a Triton
 * model repository (one folder per model), a TensorFlow Serving
 * `model_config_list`, TorchServe's `config.properties`, an MLServer
 * folder of `model-settings.json` files served by one `mlserver start`,
 * a bentofile's `models`. Companions are folded into their model (a
 * Triton ensemble of a network and its tokenizer and label-map steps is
 * one model).
 *
 * @public
 */
export interface ModelServerConfigFacts extends SourceLine {
  server:
    | 'triton'
    | 'tensorflow-serving'
    | 'torchserve'
    | 'mlserver'
    | 'bentoml';
  /** What hosts the models, e.g. `Triton model repository model_repository/`. */
  description: string;
  /** The models it loads, each at the file and line that declares it. */
  models: Array<SourceLine & { name: string; note: string }>;
}

/**
 * An image built by a model-packaging tool rather than a Dockerfile of the
 * repository: `bentoml containerize` (the Bento packs the models its
 * service takes from the BentoML model store), `mlserver build FOLDER`
 * (the folder with its model files goes into the image),
 * `mlflow models build-docker -m URI` (the MLflow model is baked in).
 * Read from shell scripts, CI steps and the shell blocks of Markdown
 * documentation; the place is the command's file and line.
 *
 * @public
 */
export interface PackagedImageFacts extends SourceLine {
  tool: 'bentoml' | 'mlserver' | 'mlflow';
  /** The command as written, e.g. `mlserver build model/ -t acme/cassava`. */
  command: string;
  /** The image names it builds, without tag (also names given by `docker tag`). */
  images: string[];
  /** Read from a Markdown code block: documentation, weaker than a script or CI step. */
  documented?: boolean;
  /**
   * What the image carries of the model, e.g.
   * `the model folder model/ (model/saved_model.pb)`; absent when it packs
   * none (a Bento whose service downloads its model from a hub when it
   * starts).
   */
  packs?: string;
  /** A workload of the unit that runs the image. */
  runBy?: SourceLine & { name: string };
}

/** One requirement line. @public */
export interface RequirementFacts {
  name: string;
  /** The version specifier as written, e.g. `==1.4.2`, `>=1.0`; empty when bare. */
  specifier: string;
  /** Exactly one version (`==` without wildcard, `===`). */
  pinned: boolean;
  line?: number;
}

/** A dependency manifest (requirements*.txt, pyproject.toml, environment.yml, …). @public */
export interface DependencyManifestFacts {
  path: string;
  kind:
    | 'requirements'
    | 'pyproject'
    | 'pipfile'
    | 'conda-environment'
    | 'setup-py'
    | 'package-json'
    | 'other';
  requirements: RequirementFacts[];
  /** Other requirement files included (`-r other.txt`). */
  includes: string[];
  /** Line, when the manifest is part of a larger file (e.g. `RUN pip install a==1 b` in a Dockerfile). */
  line?: number;
  /**
   * `development`: tools for developers and CI (`requirements-dev.txt`,
   * `requirements/test.txt`) that no image installs, not the runtime.
   */
  purpose?: 'development';
}

/** @public */
export interface LockfileFacts {
  path: string;
  kind:
    | 'poetry.lock'
    | 'uv.lock'
    | 'Pipfile.lock'
    | 'conda-lock'
    | 'pdm.lock'
    | 'requirements-compiled'
    | 'package-lock'
    | 'yarn.lock'
    | 'pnpm-lock'
    | 'other';
  /**
   * The dependency manifests (paths) this lockfile pins: those of its own
   * project (its folder, a uv workspace rooted there, images installing
   * from it). Undefined when not worked out (JavaScript lockfiles, evidence
   * from older versions): it then pins every manifest of its ecosystem.
   */
  pins?: string[];
}

/**
 * A place in code or configuration that loads a model at start-up.
 * `configured` when the model path/URI comes from configuration (env var,
 * config file, CLI argument), not a literal.
 *
 * @public
 */
export interface ModelLoaderFacts extends SourceLine {
  /** e.g. `joblib.load`, `torch.load`, `mlflow.pyfunc.load_model`. */
  call: string;
  configured: boolean;
  /** The env var or config key naming the model, when seen. */
  configKey?: string;
  /** Literal target, e.g. `models/model.pkl`. */
  target?: string;
  /** Downloads from remote storage (s3, gs, hub, http) at start-up. */
  downloads: boolean;
  /** Loads several models (a loop or glob over a folder, a list from config). */
  multiple: boolean;
  /**
   * A serving process of the repository runs this load: its entry point
   * (a start command, or a module starting a server) imports the module,
   * or, when no entry point is seen, the module is serving code (imports a
   * web/serving framework such as fastapi, flask, bentoml, kserve, ray
   * serve, gradio) or is imported by it. Undefined when not known.
   */
  inServingCode?: boolean;
  /**
   * What the loaded artifact is: a model, a companion that travels with one
   * (tokenizer, processor, config, vocabulary, label encoder, scaler,
   * preprocessing pipeline) or an adapter on a base model. Undefined in
   * older evidence.
   */
  role?: 'model' | 'companion' | 'adapter';
}

/**
 * One model a serving process loads: the load that names it, and the
 * companions and adapters loaded with it.
 *
 * @public
 */
export interface ProcessModelFacts extends SourceLine {
  /** What names the model: an env var, config key, path or hub id, or the library's default model. */
  name: string;
  /** The loading call, e.g. `transformers.AutoModel.from_pretrained`. */
  call: string;
  /** Loaded in a loop or from a list: several models under one name. */
  several: boolean;
  companions: Array<SourceLine & { name: string; call: string }>;
}

/**
 * A Python process the repository starts to serve requests (a container's
 * start command, a module starting a server), and the distinct models it
 * loads, counted through the modules it imports. This is what All-in-one
 * counts models per in code.
 *
 * @public
 */
export interface ServingProcessFacts extends SourceLine {
  /** How it is started, e.g. `uvicorn app.main:app`. */
  command: string;
  /** The module it runs. */
  module: string;
  models: ProcessModelFacts[];
}

/**
 * Everything read from one entity's source folder. When `status` is not
 * `ok`, the lists are empty and checks that need them are `unknown`.
 *
 * @public
 */
export interface RepositoryEvidence {
  status: 'ok' | 'unavailable';
  /** Why the repository could not be read (cap exceeded, not found, …). */
  reason?: string;
  /** The location read, e.g. `url:https://github.com/o/r/tree/main/svc`. */
  location?: string;
  /** When this evidence was read (ISO 8601). */
  readAt?: string;
  /**
   * Set when the latest read of the location failed and this is the last
   * good evidence, kept up to `mlPatterns.evidence.maxStaleAge`: why the
   * read failed, and when the evidence was last read or confirmed unchanged.
   */
  stale?: { reason: string; readAt: string };
  /** How many files the (filtered) tree had. */
  fileCount: number;
  /** Source files that are not notebooks (.py, .R, .scala, .java, .go, .ts, …). */
  codeFiles: string[];
  notebooks: string[];
  dockerfiles: DockerfileFacts[];
  /** Other container definitions: devcontainer.json, Containerfile, apptainer, … */
  otherContainerDefinitions: SourceLine[];
  workloads: WorkloadFacts[];
  servingRuntimes: ServingRuntimeFacts[];
  /**
   * Model servers' own lists of the models they host. Absent in evidence
   * read by older versions.
   */
  modelServers?: ModelServerConfigFacts[];
  /**
   * Images of the unit built by a model-packaging tool (see
   * `PackagedImageFacts`). Absent when none, or in older evidence.
   */
  packagedImages?: PackagedImageFacts[];
  dependencyManifests: DependencyManifestFacts[];
  lockfiles: LockfileFacts[];
  /** CODEOWNERS (root, .github/, docs/, GitLab) and Prow OWNERS files. */
  codeReview: Array<SourceLine & { kind: 'CODEOWNERS' | 'OWNERS' }>;
  ci: Array<
    SourceLine & {
      kind:
        | 'github-actions'
        | 'gitlab-ci'
        | 'jenkins'
        | 'circleci'
        | 'azure-pipelines'
        | 'travis'
        | 'other';
    }
  >;
  /** DVC files and other declared data (dvc.yaml, *.dvc, data/README…). */
  dataReferences: Array<SourceLine & { note: string }>;
  /** Model artifacts committed to the repository, by extension. */
  modelFiles: string[];
  modelLoaders: ModelLoaderFacts[];
  /**
   * The serving processes seen in Python code and the models each loads.
   * Empty when the repository starts no Python server (e.g. only a model
   * server such as TorchServe); undefined when it cannot be told how the
   * code is started, or in older evidence.
   */
  servingProcesses?: ServingProcessFacts[];
  problems: EvidenceProblem[];
  /**
   * How many code files, notebooks and model files there are, when the
   * lists above hold only the first of them (evidence as cached). Without
   * it, the lists are complete.
   */
  counts?: { codeFiles: number; notebooks: number; modelFiles: number };
}

/**
 * How many code files, notebooks and model files the evidence found (its
 * lists may be cut; see `RepositoryEvidence.counts`).
 *
 * @public
 */
export function fileCounts(evidence: RepositoryEvidence): {
  codeFiles: number;
  notebooks: number;
  modelFiles: number;
} {
  return (
    evidence.counts ?? {
      codeFiles: evidence.codeFiles.length,
      notebooks: evidence.notebooks.length,
      modelFiles: evidence.modelFiles.length,
    }
  );
}

/**
 * Evidence that says "could not read": every repository check becomes
 * `unknown` with this reason.
 *
 * @public
 */
export function unavailableEvidence(
  reason: string,
  location?: string,
): RepositoryEvidence {
  return { ...emptyEvidence(0, location), status: 'unavailable', reason };
}

/**
 * Evidence of a readable folder in which nothing was found yet: the start
 * of every analysis.
 *
 * @public
 */
export function emptyEvidence(
  fileCount: number,
  location?: string,
): RepositoryEvidence {
  return {
    status: 'ok',
    location,
    fileCount,
    codeFiles: [],
    notebooks: [],
    dockerfiles: [],
    otherContainerDefinitions: [],
    workloads: [],
    servingRuntimes: [],
    modelServers: [],
    dependencyManifests: [],
    lockfiles: [],
    codeReview: [],
    ci: [],
    dataReferences: [],
    modelFiles: [],
    modelLoaders: [],
    problems: [],
  };
}

/**
 * A file of the repository tree as handed to the analyzers: every file
 * is listed (for counting notebooks, code and model files); `content` is
 * present only for files the analyzers asked for (see `wantsContent`) and
 * that were under the size cap.
 *
 * @public
 */
export interface RepositoryFile {
  /** Relative to the scored folder, `/` separators, no leading `./`. */
  path: string;
  size: number;
  content?: Buffer;
}
