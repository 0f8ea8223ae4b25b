import {
  EvidenceProblem,
  ServingRuntimeFacts,
  WorkloadFacts,
} from '../../types';
import { analyzeCompose } from '../compose';
import { isComposeFile, isDockerfile } from '../fileKinds';
import { analyzeKubernetesYaml, KubernetesFacts } from '../kubernetes';
import { attachTrainedModels } from '../kubernetes/kserve';
import { addPlatformLoads } from '../kubernetes/platformLoads';
import { ancestorsOf, dirName, FileTree, isUnder } from '../paths';
import { parseYamlDocuments } from '../yamlDocuments';
import { ContextReading } from './contextReading';
import { isNearbyManifest } from './contextFiles';

/**
 * Deployment manifests of the project a folder belongs to: the YAML files
 * near it (see `isNearbyManifest`) inside a folder above it whose Dockerfile
 * builds and runs it (`model_load_pattern/Dockerfile` copying `src/`, with
 * `model_load_pattern/manifests/deployment.yml`), leaving out the folders of
 * other images (a sub-project with a Dockerfile of its own). These are the
 * manifests the folder's evidence would hold had the project folder been
 * scored. Paths stay relative to the repository root.
 */
export function projectManifests(
  reading: ContextReading,
  projectFolders: ReadonlySet<string>,
  tree: FileTree,
): { workloads: WorkloadFacts[]; servingRuntimes: ServingRuntimeFacts[] } {
  const { scope, outside, textOf, reroot, guarded, problems } = reading;
  const kubernetes: KubernetesFacts = {
    workloads: [],
    servingRuntimes: [],
    trainedModels: [],
  };
  const compose: WorkloadFacts[] = [];
  if (projectFolders.size === 0) return { workloads: [], servingRuntimes: [] };
  const imageFolders = new Set(
    [...tree.files].filter(p => isDockerfile(p)).map(p => dirName(p)),
  );
  for (const repoPath of outside) {
    if (!isNearbyManifest(repoPath, scope)) continue;
    const project = [...projectFolders].find(folder =>
      isUnder(repoPath, folder),
    );
    if (project === undefined) continue;
    // Folders between the project and the manifest holding another image.
    const between = ancestorsOf(repoPath).filter(
      folder => folder !== project && isUnder(folder, project),
    );
    if (between.some(folder => imageFolders.has(folder))) continue;
    guarded(repoPath, () => {
      const text = textOf(repoPath);
      if (text === undefined) return;
      const scoped: EvidenceProblem[] = [];
      const parsed = parseYamlDocuments(repoPath, text, scoped);
      if (isComposeFile(repoPath))
        compose.push(...analyzeCompose(repoPath, parsed));
      else analyzeKubernetesYaml(repoPath, parsed, kubernetes);
      problems.push(...scoped.map(p => ({ ...p, path: reroot(p.path) })));
    });
  }
  attachTrainedModels(kubernetes.workloads, kubernetes.trainedModels);
  addPlatformLoads([...kubernetes.workloads, ...compose], tree, textOf);
  return {
    workloads: [...kubernetes.workloads, ...compose],
    servingRuntimes: kubernetes.servingRuntimes,
  };
}
