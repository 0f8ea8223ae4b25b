import type { SourceLine } from './sourceLines';

/** Facts of deployment manifests: Kubernetes workloads, compose services, KServe runtimes. */

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
   * The model reaches this container through a volume mounted where it
   * reads its model (a hostPath, a PersistentVolumeClaim, network storage):
   * it is supplied when the pod starts, not built into the image.
   */
  modelVolume?: SourceLine & { description: string };
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
