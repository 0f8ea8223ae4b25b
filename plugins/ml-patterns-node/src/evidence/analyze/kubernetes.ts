import { ServingRuntimeFacts, WorkloadFacts } from '../types';
import {
  inferenceService,
  servingRuntime,
  TrainedModelRef,
} from './kubernetes/kserve';
import { noteBranchChoices } from './kubernetes/branchChoiceNotes';
import { ReadTemplate } from './kubernetes/helmTemplates';
import { noteInitFilledModels, podSpecOf } from './kubernetes/initFilledModels';
import { resolveTemplatedImages } from './kubernetes/templatedImages';
import { LineOf, workloadFromPodSpec } from './kubernetes/podSpecs';
import { seldonCoreV2Model } from './kubernetes/seldonCoreV2';
import { seldonDeployment } from './kubernetes/seldonDeployment';
import { ConfigMapData, configMapOf } from './kubernetes/configMapEnv';
import { ParsedYaml, YamlNav } from './yamlDocuments';
/**
 * Kubernetes, KServe and Seldon manifests (plain, Kustomize or Helm
 * templates read best-effort) → workloads and serving runtimes.
 */

export interface KubernetesFacts {
  workloads: WorkloadFacts[];
  servingRuntimes: ServingRuntimeFacts[];
  trainedModels: TrainedModelRef[];
  /** ConfigMaps, whose data containers may take as variables. */
  configMaps?: ConfigMapData[];
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
  if (kind === 'ConfigMap' && out.configMaps) {
    const configMap = configMapOf(nav, root, path, lineOf);
    if (configMap) out.configMaps.push(configMap);
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

/**
 * Reads every Kubernetes object of a parsed YAML file. For a template
 * (`template`), its branches read are noted next to the model counts, and
 * in a chart, images and model paths written as values are read from the
 * chart's default values.
 */
export function analyzeKubernetesYaml(
  path: string,
  parsed: ParsedYaml,
  out: KubernetesFacts,
  template?: ReadTemplate,
): void {
  for (const { doc, root, line } of parsed.documents) {
    const nav = new YamlNav(doc);
    const before = out.workloads.length;
    analyzeObject(nav, root, path, line, parsed.lineOf, out);
    if (!template || out.workloads.length === before) continue;
    const added = out.workloads.slice(before);
    noteBranchChoices(added, template.choices);
    const chart = template.chart;
    if (chart)
      added.forEach(workload => resolveTemplatedImages(workload, chart));
    // One pod spec, one workload: its init containers and volumes are read together.
    if (added.length === 1)
      noteInitFilledModels(
        nav,
        podSpecOf(nav, root),
        added[0],
        parsed.lineOf,
        chart,
      );
  }
}
