import { WorkloadFacts } from '../../types';
import { modelKeyOfEnv } from '../containers';
import { modelPathArguments } from '../context/serverArguments';
import { isUnder } from '../paths';
import { TEMPLATE_PLACEHOLDER, YamlNav } from '../yamlDocuments';
import { ChartTemplate, templateValueAt } from './helmTemplates';
import { LineOf } from './podSpecs';

/**
 * An `emptyDir` volume starts empty with every pod: when an init container
 * (from another image than the server's) writes into it and the server
 * reads its model from it (`MODEL_PATH` under the mount), the model
 * reaches the server when the pod starts — copied out of the init
 * container's image or fetched by it — and is not in the server's image.
 */

/** The pod spec of a workload object, for the kinds whose pods are read. */
export function podSpecOf(nav: YamlNav, root: unknown): unknown {
  const kind = nav.str(root, 'kind');
  if (kind === 'Pod') return nav.get(root, 'spec');
  if (kind === 'CronJob')
    return nav.get(root, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return nav.get(root, 'spec', 'template', 'spec');
}

/** volume name → mount path, for the given volumes. */
function mountsOf(
  nav: YamlNav,
  container: unknown,
  volumes: Set<string>,
): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const mount of nav.items(container, 'volumeMounts')) {
    const name = nav.str(mount, 'name');
    const at = nav.str(mount, 'mountPath');
    if (name && at && volumes.has(name) && !mounts.has(name))
      mounts.set(name, at);
  }
  return mounts;
}

/** A mount or file path as a relative path (`/srv/model/` → `srv/model`). */
function relative(path: string): string {
  return path.split('/').filter(Boolean).join('/');
}

export function noteInitFilledModels(
  nav: YamlNav,
  podSpec: unknown,
  workload: WorkloadFacts,
  lineOf: LineOf,
  chart: ChartTemplate | undefined,
): void {
  const emptyDirs = new Set<string>();
  for (const volume of nav.items(podSpec, 'volumes')) {
    const name = nav.str(volume, 'name');
    if (name && nav.get(volume, 'emptyDir') !== undefined) emptyDirs.add(name);
  }
  if (emptyDirs.size === 0) return;
  const initNodes = nav.items(podSpec, 'initContainers');
  const mainNodes = nav.items(podSpec, 'containers');
  mainNodes.forEach((mainNode, m) => {
    const server = workload.containers[m];
    if (!server || server.sidecar) return;
    const serverMounts = mountsOf(nav, mainNode, emptyDirs);
    if (serverMounts.size === 0) return;
    const modelPaths: Array<{ given: string; value: string }> = [];
    for (const item of nav.items(mainNode, 'env')) {
      const name = nav.str(item, 'name');
      if (!name || modelKeyOfEnv(name) === undefined) continue;
      let value = nav.str(item, 'value');
      let from: string | undefined;
      if (value?.includes(TEMPLATE_PLACEHOLDER)) {
        const line = lineOf(nav.get(item, 'value'));
        const resolved =
          line === undefined || !chart
            ? undefined
            : templateValueAt(chart, line);
        value = resolved?.value;
        from = resolved?.from;
      }
      if (value?.startsWith('/'))
        modelPaths.push({
          given: `${name}=${value}${from ? `, ${from}` : ''}`,
          value,
        });
    }
    // A stock model server is told its model folder in its arguments
    // (`--model_path=/mnt/models`, `--model-repository=…`).
    modelPaths.push(...modelPathArguments(server.command));
    for (const { given, value } of modelPaths) {
      for (const [volume, serverAt] of serverMounts) {
        if (!isUnder(relative(value), relative(serverAt))) continue;
        initNodes.forEach((initNode, i) => {
          const init = workload.initContainers[i];
          if (!init || init.sidecar || init.downloadsModel) return;
          if (!init.image || init.image === server.image) return;
          const initAt = mountsOf(nav, initNode, emptyDirs).get(volume);
          if (initAt === undefined) return;
          init.downloadsModel = {
            path: workload.path,
            line: init.line ?? workload.line,
            description: `init container ${init.name} (image ${init.image}) fills the emptyDir volume ${volume} (at ${initAt}) when the pod starts, and container ${server.name} reads its model from there (${given}): the model is not in the server's image`,
            configuredBy: given.startsWith('--')
              ? `argument ${given.split('=')[0]}`
              : `env ${given.split('=')[0]}`,
          };
        });
      }
    }
  });
}
