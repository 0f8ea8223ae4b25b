import { ContainerFacts } from '../../types';
import { modelKeyOfEnv } from '../containers';
import { modelPathArguments } from '../context/serverArguments';
import { isUnder } from '../paths';
import { YamlNav } from '../yamlDocuments';
import type { LineOf } from './podSpecs';

/**
 * A volume that brings data from outside the pod (a node's folder, a
 * PersistentVolumeClaim, network storage) mounted where a container reads
 * its model: the model reaches the server when the pod starts, not with
 * its image. (`emptyDir` starts empty: it holds a model only when an init
 * container fills it, see `initFilledModels`; ConfigMaps and Secrets hold
 * configuration.)
 */
const OUTSIDE_VOLUME_KINDS = [
  'hostPath',
  'persistentVolumeClaim',
  'nfs',
  'csi',
  'ephemeral',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'azureFile',
  'azureDisk',
  'cephfs',
  'glusterfs',
  'iscsi',
];

/** A mount or file path as a relative path (`/srv/model/` → `srv/model`). */
function relative(path: string): string {
  return path.split('/').filter(Boolean).join('/');
}

/**
 * Marks the containers of a pod spec whose model path (a model env var
 * or a model-path argument) is under a mount of an outside volume.
 */
export function noteVolumeModels(
  nav: YamlNav,
  podSpec: unknown,
  containers: ContainerFacts[],
  path: string,
  lineOf: LineOf,
): void {
  const outside = new Map<string, { kind: string; line?: number }>();
  for (const volume of nav.items(podSpec, 'volumes')) {
    const name = nav.str(volume, 'name');
    const kind = OUTSIDE_VOLUME_KINDS.find(k => nav.isMap(nav.get(volume, k)));
    if (name && kind) outside.set(name, { kind, line: lineOf(volume) });
  }
  if (outside.size === 0) return;
  nav.items(podSpec, 'containers').forEach((node, index) => {
    const container = containers[index];
    if (!container || container.sidecar || container.modelVolume) return;
    const modelPaths: Array<{ given: string; value: string }> = [];
    for (const env of container.env) {
      if (env.value?.startsWith('/') && modelKeyOfEnv(env.name) !== undefined)
        modelPaths.push({
          given: `${env.name}=${env.value}`,
          value: env.value,
        });
    }
    modelPaths.push(...modelPathArguments(container.command));
    if (modelPaths.length === 0) return;
    for (const mount of nav.items(node, 'volumeMounts')) {
      const volume = outside.get(nav.str(mount, 'name') ?? '');
      const at = nav.str(mount, 'mountPath');
      if (!volume || !at || relative(at) === '') continue;
      const read = modelPaths.find(p =>
        isUnder(relative(p.value), relative(at)),
      );
      if (!read) continue;
      container.modelVolume = {
        path,
        line: lineOf(mount) ?? container.line,
        description: `container ${container.name} reads its model (${
          read.given
        }) from the ${volume.kind} volume ${nav.str(
          mount,
          'name',
        )} mounted at ${at}${
          volume.line !== undefined ? ` (${path}:${volume.line})` : ''
        }: the model is supplied when the pod starts, not built into the image`,
      };
      return;
    }
  });
}
