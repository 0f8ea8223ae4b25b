import {
  ContainerFacts,
  ServingRuntimeFacts,
  SourceLine,
  WorkloadFacts,
} from '../../types';
import { containerFromK8s, countModels } from '../containers';
import { YamlNav } from '../yamlDocuments';
import { groupLabel, LineOf, podContainers } from './podSpecs';

/** KServe objects: InferenceServices, ServingRuntimes and the TrainedModels attached to them. */

/** A KServe TrainedModel, attached to its InferenceService after all files are read. */
export interface TrainedModelRef extends SourceLine {
  name: string;
  inferenceService: string;
  storageUri?: string;
  /** Line of `spec.model.storageUri`. */
  storageUriLine?: number;
}

/** Predictor keys of KServe's framework servers (`spec.predictor.sklearn`, `sklearn=` in the Python SDK). */
export const KSERVE_FRAMEWORKS: readonly string[] = [
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

/** A KServe InferenceService as a workload: its predictor's containers and the model it pulls. */
export function inferenceService(
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

/** A KServe ServingRuntime or ClusterServingRuntime. */
export function servingRuntime(
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
