import {
  DockerCopy,
  DockerfileFacts,
  RepositoryEvidence,
  ServingProcessFacts,
  SourceLine,
} from '../../types';
import { baseName, dirName, extensionOf, FileTree, joinPath } from '../paths';

/**
 * A server that loads every model it finds in a folder (a loop over a
 * directory) loads as many models as the folder holds. When every image
 * that runs it (every Dockerfile that copies its code) copies exactly one
 * folder git does not hold — put in the build context before the build, as
 * trained models are — that folder is what the server finds: one model per
 * image, carried by the image. When an image copies none or several such
 * folders, what the server finds cannot be told and the load stays
 * "several models".
 */

/** A COPY source as a repository path, relative to the Dockerfile's folder (the default build context). */
function repoPathOf(dockerfile: DockerfileFacts, source: string) {
  if (/[$*?[]/.test(source) || /^[a-z]+:\/\//i.test(source)) return undefined;
  let end = source.length;
  while (end > 0 && source[end - 1] === '/') end--;
  const trimmed = source.slice(0, end).replace(/^\.?\/+/, '');
  if (trimmed === '' || trimmed === '.') return undefined;
  return joinPath(dirName(dockerfile.path), trimmed);
}

/** The local copies of the image's last stage (what the running image holds). */
function finalCopies(dockerfile: DockerfileFacts): DockerCopy[] {
  const final = dockerfile.stages[dockerfile.stages.length - 1];
  return final ? final.copies.filter(copy => copy.from === undefined) : [];
}

function copiesCode(dockerfile: DockerfileFacts, module: string): boolean {
  return finalCopies(dockerfile).some(copy =>
    copy.sources.some(source => {
      const path = repoPathOf(dockerfile, source);
      return (
        path !== undefined && (module === path || module.startsWith(`${path}/`))
      );
    }),
  );
}

/** Folders the image copies that git does not hold (no file or folder of that path, no extension). */
function suppliedFolders(
  dockerfile: DockerfileFacts,
  tree: FileTree,
): Array<SourceLine & { source: string }> {
  const found: Array<SourceLine & { source: string }> = [];
  for (const copy of finalCopies(dockerfile)) {
    for (const source of copy.sources) {
      const path = repoPathOf(dockerfile, source);
      if (
        path !== undefined &&
        !baseName(path).startsWith('.') &&
        extensionOf(path) === '' &&
        !tree.exists(path)
      ) {
        found.push({ path: dockerfile.path, line: copy.line, source });
      }
    }
  }
  return found;
}

/** Servers whose one model is a loop over what a folder holds. */
function folderWalkers(evidence: RepositoryEvidence): ServingProcessFacts[] {
  return (evidence.servingProcesses ?? []).filter(
    process =>
      process.server === true &&
      process.models.length === 1 &&
      process.models[0].several,
  );
}

/**
 * Marks the folder-walking servers whose images each ship one model
 * folder (`ProcessModelFacts.oneFolderPerImage`), and records the folder
 * as put into each image (Model-in-image, weaker evidence: git does not
 * hold it).
 */
export function addOneModelFolderImages(
  evidence: RepositoryEvidence,
  paths: Iterable<string>,
): void {
  const walkers = folderWalkers(evidence);
  if (walkers.length === 0) return;
  const tree = new FileTree(paths);
  // Dockerfiles of the repository around a folder are not in this tree.
  const dockerfiles = evidence.dockerfiles.filter(
    d => !d.path.startsWith('../'),
  );
  for (const process of walkers) {
    const images = dockerfiles.filter(d => copiesCode(d, process.module));
    if (images.length === 0) continue;
    const folders = images.map(image => suppliedFolders(image, tree));
    if (folders.some(found => found.length !== 1)) continue;
    const model = process.models[0];
    model.oneFolderPerImage = folders.map(([folder]) => folder);
    images.forEach((image, i) => {
      const [folder] = folders[i];
      if (image.modelsIntoImage.some(m => m.line === folder.line)) return;
      image.modelsIntoImage.push({
        path: folder.path,
        line: folder.line,
        via: 'directory',
        source: `${folder.source}: the one folder of models the image holds, which ${process.module} loads every model of (weaker evidence: git does not hold it, so it is put in the build context before the build)`,
      });
    });
  }
}
