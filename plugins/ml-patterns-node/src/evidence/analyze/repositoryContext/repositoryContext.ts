import {
  DependencyManifestFacts,
  DockerfileFacts,
  LockfileFacts,
  RepositoryEvidence,
  RepositoryFile,
} from '../../types';
import { lockfileKind } from '../fileKinds';
import { assignLockfilePins, uvWorkspace } from '../lockfilePins';
import { ModelFileIndex } from '../modelFiles';
import { dirName, FileTree, isUnder } from '../paths';
import { contextReading } from './contextReading';
import { imagesBuildingFolder } from './imagesBuildingFolder';
import { projectManifests } from './projectManifests';
import { rerootDockerfile, rerootWorkload } from './relativeToScope';
import { addRepositoryCi } from './repositoryCi';
import { RepositoryContextFiles } from './RepositoryContextFiles';
import { addReviewAbove } from './reviewAbove';

/**
 * Adds the repository around a scored subfolder to the folder's evidence:
 * review rules (root CODEOWNERS whose patterns give the folder owners, Prow
 * OWNERS files above it), repository CI whose path filters include the
 * folder, Dockerfiles elsewhere that build it, and lockfiles above it that
 * pin its manifests (a uv workspace, an image installing from them).
 * `scopeFiles` are the folder's files as analyzed (relative to it).
 */
export function addRepositoryContext(
  evidence: RepositoryEvidence,
  scopeFiles: RepositoryFile[],
  context: RepositoryContextFiles,
): void {
  const scope = context.scope;
  if (evidence.status !== 'ok' || !scope) return;
  const reading = contextReading(scopeFiles, context);
  const { byPath, textOf, reroot, toRepo, problems } = reading;

  addReviewAbove(evidence, reading);
  addRepositoryCi(evidence, reading);

  // Repository-wide dev containers define the folder's environment too.
  for (const repoPath of [
    '.devcontainer/devcontainer.json',
    '.devcontainer.json',
  ]) {
    if (byPath.has(repoPath) && !isUnder(repoPath, scope)) {
      evidence.otherContainerDefinitions.push({
        path: reroot(repoPath),
        line: 1,
      });
    }
  }

  // Dockerfiles elsewhere that build the folder, analyzed in the whole tree.
  const allPaths = [...byPath.keys()].sort();
  const tree = new FileTree(allPaths);
  const models = new ModelFileIndex(allPaths, p => tree.hasFile(p));
  const repoManifests: DependencyManifestFacts[] =
    evidence.dependencyManifests.map(m => ({ ...m, path: toRepo(m.path) }));
  const repoDockerfiles: DockerfileFacts[] = evidence.dockerfiles.map(d => ({
    ...d,
    path: toRepo(d.path),
    installsManifests: d.installsManifests.map(i => ({
      ...i,
      path: toRepo(i.path),
    })),
  }));
  const images = imagesBuildingFolder(reading, tree, models, repoManifests);
  repoDockerfiles.push(...images.dockerfiles);
  repoManifests.push(...images.manifests);

  // Kubernetes / compose manifests of the project whose image runs the folder.
  const deployed = projectManifests(reading, images.projectFolders, tree);
  evidence.workloads.push(
    ...deployed.workloads.map(w => rerootWorkload(w, reroot)),
  );
  evidence.servingRuntimes.push(
    ...deployed.servingRuntimes.map(r => ({ ...r, path: reroot(r.path) })),
  );

  // Lockfiles above the folder that pin its manifests; the folder's own
  // lockfiles are worked out again now that more images are known.
  const repoLockfiles: LockfileFacts[] = evidence.lockfiles.map(l => ({
    ...l,
    path: toRepo(l.path),
  }));
  const candidatesAbove: LockfileFacts[] = [];
  for (const repoPath of reading.outside) {
    const kind = lockfileKind(repoPath);
    if (kind && isUnder(scope, dirName(repoPath)))
      candidatesAbove.push({ path: repoPath, kind });
  }
  const lockfiles = [...repoLockfiles, ...candidatesAbove];
  assignLockfilePins(lockfiles, repoManifests, repoDockerfiles, folder => {
    const text = textOf(folder ? `${folder}/pyproject.toml` : 'pyproject.toml');
    return text === undefined ? undefined : uvWorkspace(text);
  });
  const rerootLockfile = (l: LockfileFacts): LockfileFacts =>
    l.pins
      ? { ...l, path: reroot(l.path), pins: l.pins.map(reroot) }
      : { ...l, path: reroot(l.path) };
  evidence.lockfiles = [
    ...repoLockfiles.map(rerootLockfile),
    ...candidatesAbove
      .filter(l => l.pins && l.pins.length > 0)
      .map(rerootLockfile),
  ];
  evidence.dockerfiles.push(
    ...images.dockerfiles.map(d => rerootDockerfile(d, reroot)),
  );
  if (images.startedServers.length > 0)
    evidence.modelServers = [
      ...(evidence.modelServers ?? []),
      ...images.startedServers,
    ];
  evidence.dependencyManifests.push(
    ...images.manifests.map(m => ({ ...m, path: reroot(m.path) })),
  );

  if (context.truncated) {
    problems.push({
      path: '..',
      message: `the repository around ${scope} was read only in part: ${context.truncated}`,
    });
  }
  evidence.problems.push(...problems);
}
