import { MAX_SCRIPT_BYTES, MAX_WANTED_BYTES } from '../../limits';
import { isDependencyManifest } from '../dependencies/manifestParsers';
import {
  ciKind,
  isCodeowners,
  isCondaEnvironment,
  isDockerfile,
  isDockerignore,
  isProwOwners,
  isShellScript,
  isYaml,
} from '../fileKinds';
import { isMakefile } from '../packaging/commandFiles';
import { wantsContextMarkdownContent } from '../packaging/documentation';
import {
  ancestorsOf,
  baseName,
  dirName,
  isIgnoredPath,
  isUnder,
} from '../paths';

/** Which files of the repository around a scored folder matter to it, by path and size. */

/** Folders at the repository root whose files configure CI for the whole repository. */
const ROOT_CI_FOLDERS = [
  '.github/workflows/',
  '.circleci/',
  '.azure-pipelines/',
  '.buildkite/',
  '.tekton/',
  '.woodpecker/',
];

/** A CI configuration outside the folder that applies to the whole repository (or to the folder's ancestors). */
export function isRepositoryCi(repoPath: string, scope: string): boolean {
  if (!ciKind(repoPath)) return false;
  return (
    isUnder(scope, dirName(repoPath)) ||
    ROOT_CI_FOLDERS.some(folder => repoPath.startsWith(folder))
  );
}

/** Folders below a project folder that deployment manifests are looked for in. */
const MAX_MANIFEST_DEPTH = 3;

/**
 * The folders above the scored one whose deployment manifests may deploy
 * it: its parent and grandparent (`model_load_pattern/` for
 * `model_load_pattern/src`), the repository root only when it is the parent.
 */
function projectFoldersAbove(scope: string): string[] {
  return ancestorsOf(scope)
    .reverse()
    .slice(0, 2)
    .filter((folder, i) => folder !== '' || i === 0);
}

/** A YAML file near the folder (see `projectFoldersAbove`) that may be a Kubernetes or compose manifest. */
export function isNearbyManifest(repoPath: string, scope: string): boolean {
  if (
    !isYaml(repoPath) ||
    isUnder(repoPath, scope) ||
    ciKind(repoPath) ||
    isProwOwners(repoPath) ||
    isCondaEnvironment(repoPath) ||
    repoPath.startsWith('.github/')
  )
    return false;
  return projectFoldersAbove(scope).some(folder => {
    if (!isUnder(repoPath, folder)) return false;
    const below = folder
      ? dirName(repoPath.slice(folder.length + 1))
      : dirName(repoPath);
    return (below ? below.split('/').length : 0) <= MAX_MANIFEST_DEPTH;
  });
}

/**
 * Which files outside the scored folder the context analysis needs the
 * content of, by path and size alone (so a reader can filter before
 * downloading): root CODEOWNERS, OWNERS and pyproject.toml files above the
 * folder, repository CI, Dockerfiles, .dockerignore files, shell scripts and
 * READMEs anywhere.
 */
export function wantsContextContent(
  repoPath: string,
  size: number,
  scope: string,
): boolean {
  if (size > MAX_WANTED_BYTES || isIgnoredPath(repoPath)) return false;
  const name = baseName(repoPath);
  if (isCodeowners(repoPath)) return true;
  if (isProwOwners(repoPath) || isDependencyManifest(repoPath))
    return isUnder(scope, dirName(repoPath));
  if (isRepositoryCi(repoPath, scope)) return true;
  // Deployment manifests of the project the folder belongs to.
  if (isNearbyManifest(repoPath, scope)) return true;
  // Start-up scripts an image outside the folder may run, and build scripts.
  if (
    isShellScript(repoPath) ||
    /^(docker-)?entrypoint$/.test(name) ||
    isMakefile(repoPath)
  )
    return size <= MAX_SCRIPT_BYTES;
  // READMEs documenting how an image the folder's workloads run is built.
  if (wantsContextMarkdownContent(repoPath, size)) return true;
  return isDockerfile(repoPath) || isDockerignore(repoPath);
}
