import { ContainerFacts, WorkloadFacts } from '../../types';
import { TEMPLATE_PLACEHOLDER, YamlNav } from '../yamlDocuments';
import { LineOf, podContainers } from './podSpecs';

/** Seldon's built-in routers and combiners: a graph node running one holds no model. */
const ROUTING_IMPLEMENTATION = /(?:ABTEST|ROUTER|COMBINER)$/;

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
    /** What the node runs besides its container: implementation, modelUri and parameters. */
    runs: string;
  }>,
  depth = 0,
): void {
  if (!nav.isMap(node) || depth > 50) return;
  const type = nav.str(node, 'type');
  const name = nav.str(node, 'name') ?? '(unnamed)';
  const implementation = nav.str(node, 'implementation');
  const modelUri = nav.str(node, 'modelUri');
  const routing =
    !type && implementation && ROUTING_IMPLEMENTATION.test(implementation);
  if ((!type || type === 'MODEL') && !routing) {
    if (!out.some(m => m.name === name)) {
      out.push({
        name,
        line: lineOf(node),
        runs: JSON.stringify([
          implementation,
          modelUri,
          nav
            .items(node, 'parameters')
            .map(p => `${nav.str(p, 'name')}=${nav.str(p, 'value')}`),
        ]),
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

/** A Seldon Core (v1) SeldonDeployment: a workload per predictor. */
export function seldonDeployment(
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
    const nodes: Parameters<typeof seldonModels>[3] = [];
    seldonModels(nav, nav.get(predictor, 'graph'), lineOf, nodes);
    const models = distinctModels(nodes, containers, path);
    const pulled = nodes.find(m => m.pulled)?.pulled;
    return {
      storageUri: pulled && { path, ...pulled },
      path,
      line: lineOf(predictor) ?? line,
      kind: 'other' as const,
      name: `${name}/${nav.str(predictor, 'name') ?? 'default'}`,
      containers,
      initContainers,
      modelsLoaded: models.count > 0 ? models.count : null,
      modelsLoadedEvidence: models.evidence,
    };
  });
}

/**
 * The models of a predictor's graph: each MODEL node runs the container
 * of its name. Nodes running the same image the same way (same command,
 * environment, implementation, modelUri and parameters) are replicas or
 * A/B variants of one model, one in each container, not several models.
 */
function distinctModels(
  nodes: Parameters<typeof seldonModels>[3],
  containers: ContainerFacts[],
  path: string,
): { count: number; evidence: WorkloadFacts['modelsLoadedEvidence'] } {
  const first = new Map<string, (typeof nodes)[number]>();
  const evidence: WorkloadFacts['modelsLoadedEvidence'] = [];
  for (const node of nodes) {
    const container = containers.find(c => c.name === node.name);
    const key = JSON.stringify([
      node.runs,
      container?.image
        ? [container.image, container.command, container.env]
        : node.name,
    ]);
    const same = first.get(key);
    if (same && container?.image) {
      evidence.push({
        path,
        line: node.line,
        note: `${node.note}: the same model as ${same.name}, its own container of the same image ${container.image}`,
      });
      continue;
    }
    first.set(key, node);
    evidence.push({ path, line: node.line, note: node.note });
  }
  return { count: first.size, evidence };
}
