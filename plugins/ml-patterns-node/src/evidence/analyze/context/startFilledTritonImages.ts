import { RepositoryEvidence } from '../../types';
import { finalImageServer } from '../docker/modelServerImage';
import { normaliseImagePath } from '../docker/imagePaths';
import { dirName, joinPath } from '../paths';
import { TritonRepository } from './tritonRepositories';

/**
 * A Triton model repository kept in the tree that no image serves: every
 * image the repository builds on Triton fills the server's model folder
 * itself when it starts (a start step downloading or exporting the
 * models), none of the repository's Dockerfiles copies the folder (or a
 * model folder of it) in, and no deployment or script mounts it. Such an
 * image serves what its start step writes; the folder's configs (an
 * example, a leftover) are not its models.
 */
export function servedByNoImage(
  repository: TritonRepository,
  evidence: RepositoryEvidence,
  scripts: () => Iterable<string>,
): boolean {
  const tritonImages = evidence.dockerfiles.filter(
    d => finalImageServer(d)?.server === 'triton',
  );
  if (
    tritonImages.length === 0 ||
    evidence.workloads.length > 0 ||
    !tritonImages.every(d => d.startupDownloads.length > 0)
  )
    return false;
  const folder = repository.folder;
  const modelFolders = repository.models.map(m => m.folder);
  const under = (path: string, dir: string) =>
    dir === '' || path === dir || path.startsWith(`${dir}/`);
  // A COPY source bringing in the repository or one model's files.
  const bringsIn = (source: string) =>
    under(folder, source) || modelFolders.some(m => under(source, m));
  for (const dockerfile of evidence.dockerfiles) {
    const context = dirName(dockerfile.path);
    for (const stage of dockerfile.stages) {
      for (const copy of stage.copies) {
        if (copy.from) continue;
        for (const source of copy.sources) {
          const clean = normaliseImagePath(source).slice(1);
          const inContext = joinPath(context, clean) ?? clean;
          if (bringsIn(clean) || bringsIn(inContext)) return false;
        }
      }
    }
  }
  // `docker run -v ./model_repository:/models`: mounted at start.
  const mount = `${folder.split('/').pop() ?? folder}:`;
  for (const text of scripts())
    if (folder && text.includes(mount)) return false;
  return folder !== '';
}
