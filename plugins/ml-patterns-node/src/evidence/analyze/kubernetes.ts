import {
  ContainerFacts,
  ServingRuntimeFacts,
  SourceLine,
  WorkloadFacts,
} from '../types';
import { containerFromK8s, countModels } from './containers';
import { seldonCoreV2Model } from './kubernetes/seldonCoreV2';
import { ParsedYaml, TEMPLATE_PLACEHOLDER, YamlNav } from './yamlDocuments';

/**
 * Kubernetes, KServe and Seldon manifests (plain, Kustomize or Helm
 * templates read best-effort) → workloads and serving runtimes.
 */

/** A KServe TrainedModel, attached to its InferenceService after all files are read. */
export interface TrainedModelRef extends SourceLine {
  name: string;
  inferenceService: string;
  storageUri?: string;
  /** Line of `spec.model.storageUri`. */
  storageUriLine?: number;
}

export interface KubernetesFacts {
  workloads: WorkloadFacts[];
  servingRuntimes: ServingRuntimeFacts[];
  trainedModels: TrainedModelRef[];
}

const POD_TEMPLATE_KINDS: Record<string, WorkloadFacts['kind']> = {
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  Job: 'Job',
  ReplicaSet: 'other',
  ReplicationController: 'other',
  Rollout: 'other',
  DeploymentConfig: 'other',
};

const KSERVE_FRAMEWORKS = [
  'sklearn',
  'xgboost',
  'tensorflow',
  'pytorch',
  'onnx',
  'triton',
  'lightgbm',
  'pmml',
  'paddle',
  'huggingface',
  'mlflow',
];

const GROUP_LABELS = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'name',
  'component',
];

type LineOf = (node: unknown) => number | undefined;

function groupLabel(nav: YamlNav, labels: unknown): string | undefined {
  for (const key of GROUP_LABELS) {
    const value = nav.str(labels, key);
    if (value && value !== TEMPLATE_PLACEHOLDER) return `${key}=${value}`;
  }
  return undefined;
}

function podContainers(
  nav: YamlNav,
  podSpec: unknown,
  path: string,
  lineOf: LineOf,
): { containers: ContainerFacts[]; initContainers: ContainerFacts[] } {
  const containers = nav
    .items(podSpec, 'containers')
    .map(node => containerFromK8s(nav, node, path, lineOf, { init: false }));
  const initContainers = nav.items(podSpec, 'initContainers').map(node => {
    const facts = containerFromK8s(nav, node, path, lineOf, { init: true });
    // Native sidecars are init containers that keep running.
    if (nav.str(node, 'restartPolicy') === 'Always') facts.sidecar = true;
    return facts;
  });
  return { containers, initContainers };
}

function workloadFromPodSpec(
  nav: YamlNav,
  root: unknown,
  podSpec: unknown,
  kind: WorkloadFacts['kind'],
  path: string,
  line: number,
  lineOf: LineOf,
): WorkloadFacts {
  const { containers, initContainers } = podContainers(
    nav,
    podSpec,
    path,
    lineOf,
  );
  const counted = countModels(containers, path);
  return {
    path,
    line,
    kind,
    name: nav.str(root, 'metadata', 'name') ?? '(unnamed)',
    containers,
    initContainers,
    modelsLoaded: counted.count,
    modelsLoadedEvidence: counted.evidence,
    multiModel: counted.multiModel,
    groupLabel:
      groupLabel(nav, nav.get(root, 'spec', 'selector', 'matchLabels')) ??
      groupLabel(
        nav,
        nav.get(root, 'spec', 'template', 'metadata', 'labels'),
      ) ??
      groupLabel(nav, nav.get(root, 'metadata', 'labels')),
  };
}

function inferenceService(
  nav: YamlNav,
  root: unknown,
  path: string,
  line: number,
  lineOf: LineOf,
): WorkloadFacts {
  const predictor =
    nav.get(root, 'spec', 'predictor') ??
    nav.get(root, 'spec', 'default', 'predictor');
  let storageUri: WorkloadFacts['storageUri'];
  let modelFormat: WorkloadFacts['modelFormat'];
  const containers: ContainerFacts[] = [];
  const setStorage = (node: unknown) => {
    const value = nav.str(node, 'storageUri');
    if (value && !storageUri) {
      storageUri = { path, line: lineOf(nav.get(node, 'storageUri')), value };
    }
  };
  const model = nav.get(predictor, 'model');
  if (nav.isMap(model)) {
    setStorage(model);
    const format = nav.str(model, 'modelFormat', 'name');
    if (format)
      modelFormat = {
        name: format,
        version: nav.str(model, 'modelFormat', 'version'),
      };
    containers.push(
      containerFromK8s(nav, model, path, lineOf, {
        init: false,
        defaultName: 'kserve-container',
      }),
    );
  }
  for (const framework of KSERVE_FRAMEWORKS) {
    const spec = nav.get(predictor, framework);
    if (!nav.isMap(spec)) continue;
    setStorage(spec);
    modelFormat ??= {
      name: framework,
      version: nav.str(spec, 'runtimeVersion'),
    };
    containers.push(
      containerFromK8s(nav, spec, path, lineOf, {
        init: false,
        defaultName: 'kserve-container',
      }),
    );
  }
  setStorage(predictor);
  const custom = podContainers(nav, predictor, path, lineOf);
  containers.push(...custom.containers);
  for (const container of custom.containers) {
    const env = container.env.find(e => e.name === 'STORAGE_URI' && e.value);
    if (env && !storageUri)
      storageUri = { path, line: env.line, value: env.value! };
  }
  const counted = countModels(containers, path);
  let modelsLoaded = counted.count;
  let evidence = counted.evidence;
  if (storageUri) {
    modelsLoaded = 1;
    evidence = [
      { path, line: storageUri.line, note: `storageUri ${storageUri.value}` },
    ];
  }
  let multiModel = counted.multiModel;
  const mode = nav.str(
    root,
    'metadata',
    'annotations',
    'serving.kserve.io/deploymentMode',
  );
  if (mode === 'ModelMesh') {
    multiModel = {
      path,
      line: lineOf(nav.get(root, 'metadata', 'annotations')),
      description:
        'KServe ModelMesh (serving.kserve.io/deploymentMode: ModelMesh): models share ModelMesh serving pods',
    };
  }
  return {
    path,
    line,
    kind: 'InferenceService',
    name: nav.str(root, 'metadata', 'name') ?? '(unnamed)',
    containers,
    initContainers: custom.initContainers,
    storageUri,
    modelFormat,
    multiModel,
    modelsLoaded,
    modelsLoadedEvidence: evidence,
    groupLabel: groupLabel(nav, nav.get(root, 'metadata', 'labels')),
  };
}

/** Seldon graph nodes that are models (not routers, combiners, transformers). */
function seldonModels(
  nav: YamlNav,
  node: unknown,
  lineOf: LineOf,
  out: Array<{
    name: string;
    line?: number;
    note: string;
    /** A prepackaged server's model, pulled from storage before it starts. */
    pulled?: { value: string; line?: number; via: string };
  }>,
  depth = 0,
): void {
  if (!nav.isMap(node) || depth > 50) return;
  const type = nav.str(node, 'type');
  const name = nav.str(node, 'name') ?? '(unnamed)';
  const implementation = nav.str(node, 'implementation');
  const modelUri = nav.str(node, 'modelUri');
  if (!type || type === 'MODEL') {
    if (!out.some(m => m.name === name)) {
      out.push({
        name,
        line: lineOf(node),
        pulled:
          modelUri && modelUri !== TEMPLATE_PLACEHOLDER
            ? {
                value: modelUri,
                line: lineOf(nav.get(node, 'modelUri')),
                via: `Seldon ${implementation ?? 'model'} modelUri`,
              }
            : undefined,
        note: `Seldon graph model ${name}${
          implementation
            ? ` (${implementation}${modelUri ? ` ${modelUri}` : ''})`
            : ''
        }`,
      });
    }
  }
  for (const child of nav.items(node, 'children')) {
    seldonModels(nav, child, lineOf, out, depth + 1);
  }
}

function seldonDeployment(
  nav: YamlNav,
  root: unknown,
  path: string,
  line: number,
  lineOf: LineOf,
): WorkloadFacts[] {
  const name = nav.str(root, 'metadata', 'name') ?? '(unnamed)';
  return nav.items(root, 'spec', 'predictors').map(predictor => {
    const containers: ContainerFacts[] = [];
    const initContainers: ContainerFacts[] = [];
    for (const component of nav.items(predictor, 'componentSpecs')) {
      const pod = podContainers(nav, nav.get(component, 'spec'), path, lineOf);
      containers.push(...pod.containers);
      initContainers.push(...pod.initContainers);
    }
    const models: Parameters<typeof seldonModels>[3] = [];
    seldonModels(nav, nav.get(predictor, 'graph'), lineOf, models);
    const pulled = models.find(m => m.pulled)?.pulled;
    return {
      storageUri: pulled && { path, ...pulled },
      path,
      line: lineOf(predictor) ?? line,
      kind: 'other' as const,
      name: `${name}/${nav.str(predictor, 'name') ?? 'default'}`,
      containers,
      initContainers,
      modelsLoaded: models.length > 0 ? models.length : null,
      modelsLoadedEvidence: models.map(m => ({
        path,
        line: m.line,
        note: m.note,
      })),
    };
  });
}

function servingRuntime(
  nav: YamlNav,
  root: unknown,
  path: string,
  line: number,
): ServingRuntimeFacts {
  return {
    path,
    line,
    name: nav.str(root, 'metadata', 'name') ?? '(unnamed)',
    supportedModelFormats: nav
      .items(root, 'spec', 'supportedModelFormats')
      .map(item => ({
        name: nav.str(item, 'name') ?? '',
        version: nav.str(item, 'version'),
      }))
      .filter(format => format.name !== ''),
    multiModel: nav.str(root, 'spec', 'multiModel') === 'true',
  };
}

function analyzeObject(
  nav: YamlNav,
  root: unknown,
  path: string,
  line: number,
  lineOf: LineOf,
  out: KubernetesFacts,
  depth = 0,
): void {
  const kind = nav.str(root, 'kind');
  const apiVersion = nav.str(root, 'apiVersion') ?? '';
  if (!kind) return;
  if (kind === 'List' && depth === 0) {
    for (const item of nav.items(root, 'items')) {
      analyzeObject(nav, item, path, lineOf(item) ?? line, lineOf, out, 1);
    }
    return;
  }
  if (
    apiVersion.startsWith('serving.kserve.io') ||
    apiVersion.startsWith('serving.kubeflow.org')
  ) {
    if (kind === 'InferenceService') {
      out.workloads.push(inferenceService(nav, root, path, line, lineOf));
    } else if (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') {
      out.servingRuntimes.push(servingRuntime(nav, root, path, line));
    } else if (kind === 'TrainedModel') {
      const target = nav.str(root, 'spec', 'inferenceService');
      if (target) {
        out.trainedModels.push({
          path,
          line,
          name: nav.str(root, 'metadata', 'name') ?? '(unnamed)',
          inferenceService: target,
          storageUri: nav.str(root, 'spec', 'model', 'storageUri'),
          storageUriLine: lineOf(nav.get(root, 'spec', 'model', 'storageUri')),
        });
      }
    }
    return;
  }
  if (apiVersion.startsWith('mlops.seldon.io') && kind === 'Model') {
    const model = seldonCoreV2Model(nav, root, path, line, lineOf);
    if (model) out.workloads.push(model);
    return;
  }
  if (
    apiVersion.startsWith('machinelearning.seldon.io') &&
    kind === 'SeldonDeployment'
  ) {
    out.workloads.push(...seldonDeployment(nav, root, path, line, lineOf));
    return;
  }
  if (apiVersion.startsWith('serving.knative.dev') && kind === 'Service') {
    out.workloads.push(
      workloadFromPodSpec(
        nav,
        root,
        nav.get(root, 'spec', 'template', 'spec'),
        'other',
        path,
        line,
        lineOf,
      ),
    );
    return;
  }
  if (kind === 'Pod') {
    out.workloads.push(
      workloadFromPodSpec(
        nav,
        root,
        nav.get(root, 'spec'),
        'Pod',
        path,
        line,
        lineOf,
      ),
    );
  } else if (kind === 'CronJob') {
    const podSpec = nav.get(
      root,
      'spec',
      'jobTemplate',
      'spec',
      'template',
      'spec',
    );
    out.workloads.push(
      workloadFromPodSpec(nav, root, podSpec, 'CronJob', path, line, lineOf),
    );
  } else if (
    POD_TEMPLATE_KINDS[kind] &&
    nav.get(root, 'spec', 'template', 'spec') !== undefined
  ) {
    const podSpec = nav.get(root, 'spec', 'template', 'spec');
    out.workloads.push(
      workloadFromPodSpec(
        nav,
        root,
        podSpec,
        POD_TEMPLATE_KINDS[kind],
        path,
        line,
        lineOf,
      ),
    );
  }
}

/** Reads every Kubernetes object of a parsed YAML file. */
export function analyzeKubernetesYaml(
  path: string,
  parsed: ParsedYaml,
  out: KubernetesFacts,
): void {
  for (const { doc, root, line } of parsed.documents) {
    const nav = new YamlNav(doc);
    analyzeObject(nav, root, path, line, parsed.lineOf, out);
  }
}

/** Attaches TrainedModels to their InferenceService: each is one more model on it. */
export function attachTrainedModels(
  workloads: WorkloadFacts[],
  trainedModels: TrainedModelRef[],
): void {
  for (const workload of workloads) {
    if (workload.kind !== 'InferenceService') continue;
    const attached = trainedModels.filter(
      t => t.inferenceService === workload.name,
    );
    if (attached.length === 0) continue;
    const own = workload.storageUri ? 1 : 0;
    workload.modelsLoaded = own + attached.length;
    workload.modelsLoadedEvidence = [
      ...(workload.storageUri ? workload.modelsLoadedEvidence : []),
      ...attached.map(t => ({
        path: t.path,
        line: t.line,
        note: `TrainedModel ${t.name}`,
      })),
    ];
    workload.multiModel ??= {
      path: attached[0].path,
      line: attached[0].line,
      description: `${attached.length} KServe TrainedModel(s) attached to InferenceService ${workload.name} (multi-model serving)`,
    };
    // A TrainedModel's storageUri is pulled from storage by the platform
    // (KServe's model agent) as an InferenceService's own is: the server
    // is released with Model-load even when its predictor names no model.
    const pulled = attached.find(t => t.storageUri);
    if (!workload.storageUri && pulled) {
      workload.storageUri = {
        path: pulled.path,
        line: pulled.storageUriLine ?? pulled.line,
        value: pulled.storageUri!,
      };
    }
  }
}
