import {
  DockerfileFacts,
  ModelIntoImage,
  ModelLoaderFacts,
  RepositoryEvidence,
} from '../evidence/types';

/**
 * A build stage's export copied into the image (`COPY --from=fetch
 * /opt/saved /opt/saved`) that the serving code never reads: every model
 * it loads is fetched by a hub or store id when it starts (into the
 * library's own cache), no load names a path under the copied folder, and
 * nothing of the image or its deployments (an environment variable such
 * as `HF_HOME` or `MODEL_DIR`, the start command) points there. The folder
 * holds files the server never opens, so it is not how the served model
 * arrives. Undecided loads (a path from configuration, no target) keep
 * the copy as evidence.
 */
export function unreadStageExport(
  dockerfile: DockerfileFacts,
  item: ModelIntoImage,
  evidence: RepositoryEvidence,
): boolean {
  if (item.via !== 'stage') return false;
  const final = dockerfile.stages[dockerfile.stages.length - 1];
  const copy = final?.copies.find(c => c.line === item.line && c.from);
  const folder = copy?.destination.replace(/(?<!^)\/+$/, '');
  if (!folder?.startsWith('/') || folder === '/') return false;
  const served = evidence.modelLoaders.filter(l => l.inServingCode === true);
  if (served.length === 0 || !served.every(fetchedById(folder))) return false;
  const mentions = (value: string | undefined) =>
    value !== undefined && value.includes(folder);
  return !(
    dockerfile.stages.some(
      stage =>
        stage.env.some(env => mentions(env.value)) ||
        mentions(stage.command?.value),
    ) ||
    evidence.workloads.some(workload =>
      [...workload.initContainers, ...workload.containers].some(
        container =>
          container.env.some(env => mentions(env.value)) ||
          mentions(container.command),
      ),
    )
  );
}

/** A load that fetches its model by id when it runs, naming nothing under `folder`. */
function fetchedById(folder: string) {
  return (loader: ModelLoaderFacts): boolean => {
    if (!loader.downloads || loader.configured) return false;
    const targets =
      loader.target !== undefined ? [loader.target] : loader.targets ?? [];
    return (
      targets.length > 0 &&
      targets.every(
        target =>
          target !== '' &&
          !target.startsWith('/') &&
          !target.startsWith('.') &&
          !target.includes(folder),
      )
    );
  };
}
