import { WorkloadFacts } from '../../types';
import { TEMPLATE_PLACEHOLDER, YamlNav } from '../yamlDocuments';

/**
 * Seldon Core 2 `Model` resources (`mlops.seldon.io`): the platform's
 * agent pulls `spec.storageUri` onto a model server (MLServer or Triton)
 * before the model is ready — Model-load by the platform. Several Models
 * scheduled onto one named `spec.server` share that server: deliberate
 * multi-model serving, grouped by the server name.
 */
export function seldonCoreV2Model(
  nav: YamlNav,
  root: unknown,
  path: string,
  line: number,
  lineOf: (node: unknown) => number | undefined,
): WorkloadFacts | undefined {
  const uri = nav.str(root, 'spec', 'storageUri');
  const name = nav.str(root, 'metadata', 'name') ?? '(unnamed)';
  const server = nav.str(root, 'spec', 'server');
  const at = lineOf(nav.get(root, 'spec', 'storageUri')) ?? line;
  return {
    path,
    line,
    kind: 'other',
    name,
    containers: [],
    initContainers: [],
    storageUri:
      uri && uri !== TEMPLATE_PLACEHOLDER
        ? { path, line: at, value: uri, via: 'Seldon Core 2 Model storageUri' }
        : undefined,
    modelsLoaded: 1,
    modelsLoadedEvidence: [
      { path, line: at, note: `Seldon Core 2 Model ${name}` },
    ],
    groupLabel:
      server && server !== TEMPLATE_PLACEHOLDER
        ? `seldon-server=${server}`
        : undefined,
  };
}
