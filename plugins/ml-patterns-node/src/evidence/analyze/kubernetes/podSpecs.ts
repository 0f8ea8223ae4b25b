import { ContainerFacts, WorkloadFacts } from '../../types';
import { containerFromK8s, countModels } from '../containers';
import { TEMPLATE_PLACEHOLDER, YamlNav } from '../yamlDocuments';
import { noteVolumeModels } from './volumeModels';

/** Pod specs (of Deployments, Jobs, Knative Services, Seldon components …) → containers and a workload. */

export type LineOf = (node: unknown) => number | undefined;

/** Labels that name the application a workload belongs to, most telling first. */
const GROUP_LABELS = [
  'app.kubernetes.io/name',
  'app',
  'k8s-app',
  'name',
  'component',
];

export function groupLabel(nav: YamlNav, labels: unknown): string | undefined {
  for (const key of GROUP_LABELS) {
    const value = nav.str(labels, key);
    if (value && value !== TEMPLATE_PLACEHOLDER) return `${key}=${value}`;
  }
  return undefined;
}

export function podContainers(
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
  noteVolumeModels(nav, podSpec, containers, path, lineOf);
  return { containers, initContainers };
}

export function workloadFromPodSpec(
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
