import { DockerfileFacts, WorkloadFacts } from '../../types';
import { isUnder } from '../paths';

/**
 * Facts read in the repository around a scored folder carry paths relative
 * to the repository root; the folder's evidence carries them relative to
 * the folder (`../../CODEOWNERS`).
 */

/** `python/sklearnserver` + `CODEOWNERS` → `../../CODEOWNERS`. */
export function relativeToScope(scope: string, repoPath: string): string {
  if (isUnder(repoPath, scope)) {
    return repoPath === scope ? '.' : repoPath.slice(scope.length + 1);
  }
  const from = scope.split('/');
  const to = repoPath.split('/');
  let common = 0;
  while (
    common < from.length &&
    common < to.length - 1 &&
    from[common] === to[common]
  ) {
    common++;
  }
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** A Dockerfile read outside the folder, its paths made relative to the folder. */
export function rerootDockerfile(
  facts: DockerfileFacts,
  reroot: (path: string) => string,
): DockerfileFacts {
  return {
    ...facts,
    path: reroot(facts.path),
    modelsIntoImage: facts.modelsIntoImage.map(m => ({
      ...m,
      path: reroot(m.path),
    })),
    installsManifests: facts.installsManifests.map(m => ({
      ...m,
      path: reroot(m.path),
    })),
    startupDownloads: facts.startupDownloads.map(s => ({
      ...s,
      path: reroot(s.path),
    })),
    ...(facts.builtInModels && {
      builtInModels: facts.builtInModels.map(m => ({
        ...m,
        path: reroot(m.path),
        ...(m.script && { script: reroot(m.script) }),
      })),
    }),
    ...(facts.hubOffline && {
      hubOffline: { ...facts.hubOffline, path: reroot(facts.hubOffline.path) },
    }),
    ...(facts.modelsSuppliedAtStart && {
      modelsSuppliedAtStart: {
        ...facts.modelsSuppliedAtStart,
        path: reroot(facts.modelsSuppliedAtStart.path),
      },
    }),
  };
}

/** A workload read outside the folder, its paths made relative to the folder. */
export function rerootWorkload(
  workload: WorkloadFacts,
  reroot: (repoPath: string) => string,
): WorkloadFacts {
  const at = <T extends { path: string }>(item: T): T => ({
    ...item,
    path: reroot(item.path),
  });
  const container = (c: WorkloadFacts['containers'][number]) => ({
    ...c,
    readinessProbe: c.readinessProbe && at(c.readinessProbe),
    startupProbe: c.startupProbe && at(c.startupProbe),
    livenessProbe: c.livenessProbe && at(c.livenessProbe),
    downloadsModel: c.downloadsModel && at(c.downloadsModel),
    modelVolume: c.modelVolume && at(c.modelVolume),
  });
  const result: WorkloadFacts = {
    ...workload,
    path: reroot(workload.path),
    containers: workload.containers.map(container),
    initContainers: workload.initContainers.map(container),
    modelsLoadedEvidence: workload.modelsLoadedEvidence.map(at),
  };
  if (workload.storageUri) result.storageUri = at(workload.storageUri);
  if (workload.multiModel) result.multiModel = at(workload.multiModel);
  if (workload.dockerfile) result.dockerfile = reroot(workload.dockerfile);
  return result;
}
