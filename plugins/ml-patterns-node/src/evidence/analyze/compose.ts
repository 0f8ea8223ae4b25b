import { ContainerFacts, EnvVar, WorkloadFacts } from '../types';
import { containerDownload, countModels, isSidecar } from './containers';
import { dirName, joinPath } from './paths';
import { ParsedYaml, YamlNav } from './yamlDocuments';

/** docker-compose files: each service is a `compose-service` workload. */

function commandText(nav: YamlNav, node: unknown, key: string): string[] {
  const value = nav.get(node, key);
  const parts = nav.strings(value);
  return parts;
}

/**
 * A compose file under a name of its own (`vllm.yml`, `stack.yaml`): one
 * YAML document whose top-level `services` maps names to services with an
 * `image` or a `build`, and no Kubernetes `kind`.
 */
export function looksLikeCompose(parsed: ParsedYaml): boolean {
  const first = parsed.documents[0];
  if (!first || parsed.documents.length > 1) return false;
  const nav = new YamlNav(first.doc);
  if (!nav.isMap(first.root) || nav.get(first.root, 'kind') !== undefined)
    return false;
  const services = nav.get(first.root, 'services');
  if (!nav.isMap(services)) return false;
  const entries = [...nav.entries(first.root, 'services')];
  return (
    entries.length > 0 &&
    entries.every(
      ([, service]) =>
        nav.isMap(service) &&
        (nav.get(service, 'image') !== undefined ||
          nav.get(service, 'build') !== undefined),
    )
  );
}

export function analyzeCompose(
  path: string,
  parsed: ParsedYaml,
): WorkloadFacts[] {
  const workloads: WorkloadFacts[] = [];
  const first = parsed.documents[0];
  if (!first) return workloads;
  const nav = new YamlNav(first.doc);
  const lineOf = parsed.lineOf;
  for (const [name, service, keyNode] of nav.entries(first.root, 'services')) {
    const image = nav.str(service, 'image');
    const env: EnvVar[] = [];
    const environment = nav.get(service, 'environment');
    if (nav.isMap(environment)) {
      for (const [envName, value, envKey] of nav.entries(environment)) {
        env.push({
          name: envName,
          value: nav.str(value),
          line: lineOf(envKey),
        });
      }
    } else {
      for (const item of nav.items(environment)) {
        const text = nav.str(item);
        if (!text) continue;
        const eq = text.indexOf('=');
        env.push({
          name: eq < 0 ? text : text.slice(0, eq),
          value: eq < 0 ? undefined : text.slice(eq + 1),
          line: lineOf(item),
        });
      }
    }
    const command = [
      ...commandText(nav, service, 'entrypoint'),
      ...commandText(nav, service, 'command'),
    ];
    const serviceLine = lineOf(keyNode);
    const container: ContainerFacts = {
      name,
      image,
      line: lineOf(nav.get(service, 'image')) ?? serviceLine,
      env,
      command: command.length > 0 ? command.join(' ') : undefined,
    };
    const healthcheck = nav.get(service, 'healthcheck');
    if (nav.isMap(healthcheck) && nav.str(healthcheck, 'disable') !== 'true') {
      const test = nav
        .strings(healthcheck, 'test')
        .filter(t => t !== 'CMD' && t !== 'CMD-SHELL');
      container.readinessProbe = {
        path,
        line: lineOf(healthcheck),
        description: `compose healthcheck ${test.join(' ')}`.trim(),
      };
    }
    if (isSidecar(name, image)) container.sidecar = true;
    const download = containerDownload(container, false);
    if (download)
      container.downloadsModel = {
        path,
        line: container.line,
        description: download,
      };
    const dependsOnNode = nav.get(service, 'depends_on');
    const dependsOn = nav.isMap(dependsOnNode)
      ? nav.entries(dependsOnNode).map(([dep]) => dep)
      : nav.strings(dependsOnNode);
    const counted = countModels([container], path);
    const workload: WorkloadFacts = {
      path,
      line: serviceLine,
      kind: 'compose-service',
      name,
      containers: [container],
      initContainers: [],
      modelsLoaded: counted.count,
      modelsLoadedEvidence: counted.evidence,
      multiModel: counted.multiModel,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    };
    const build = nav.get(service, 'build');
    const context = nav.isMap(build)
      ? nav.str(build, 'context') ?? '.'
      : nav.str(build);
    if (context !== undefined && !/^[a-z]+:\/\//i.test(context)) {
      const dockerfile =
        (nav.isMap(build) && nav.str(build, 'dockerfile')) || 'Dockerfile';
      const contextDir = joinPath(dirName(path), context);
      const resolved =
        contextDir === undefined ? undefined : joinPath(contextDir, dockerfile);
      if (resolved !== undefined) workload.dockerfile = resolved;
    }
    workloads.push(workload);
  }
  return workloads;
}
