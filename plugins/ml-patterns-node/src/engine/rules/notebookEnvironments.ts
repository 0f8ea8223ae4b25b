import {
  DependencyManifestFacts,
  RepositoryEvidence,
} from '../../evidence/types';
import { isModelLibrary } from './modelLibraries';

/** Folders that hold a project's notebooks (`notebooks/`, `nbs/`). */
const NOTEBOOK_FOLDER = /^(notebooks?|nbs)$/i;

function inNotebookFolder(path: string): boolean {
  return path
    .split('/')
    .slice(0, -1)
    .some(folder => NOTEBOOK_FOLDER.test(folder));
}

/**
 * Environment files in a notebooks folder that set up a kernel for
 * exploring, beside a project whose own environment is locked: a lockfile
 * pins a manifest outside the notebooks folders that declares the ML
 * libraries. The locked project is what trains and evaluates the model, so
 * ranges in the notebooks' conda or pip files do not leave it unpinned
 * (those files are returned: the ones with a requirement not pinned).
 * Nothing is left out when no such project is locked (the notebooks'
 * environment may then be the only one), nor a notebooks manifest that an
 * image installs (it is then an environment something runs in).
 */
export function notebookEnvironmentsBesideLockedProject(
  evidence: RepositoryEvidence,
  manifests: ReadonlyArray<DependencyManifestFacts>,
  isLocked: (manifest: DependencyManifestFacts) => boolean,
): DependencyManifestFacts[] {
  const notebookManifests = manifests.filter(m => inNotebookFolder(m.path));
  if (notebookManifests.length === 0) return [];
  const projectLocked = manifests.some(
    m =>
      !inNotebookFolder(m.path) &&
      isLocked(m) &&
      m.requirements.some(isModelLibrary),
  );
  if (!projectLocked) return [];
  const installed = new Set(
    evidence.dockerfiles.flatMap(d => d.installsManifests.map(i => i.path)),
  );
  return notebookManifests.filter(
    m =>
      !isLocked(m) &&
      !installed.has(m.path) &&
      m.requirements.some(r => !r.pinned),
  );
}
