import { ContainerFacts, WorkloadFacts } from '../../types';
import { TEMPLATE_PLACEHOLDER, YamlNav } from '../yamlDocuments';
import { LineOf, podContainers } from './podSpecs';

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
