import { RepositoryEvidence, RepositoryFile } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { wantsContextContent } from '../repositoryContext/contextFiles';
import { repo } from './files';

/**
 * Analyses the folder `scope` of a repository as a reader hands it in: the
 * folder's files relative to it (content as `wantsContent` asks), the
 * files around it relative to the repository root (content as
 * `wantsContextContent` asks).
 */
export function analyzeFolderOf(
  files: Record<string, string | Buffer>,
  scope: string,
): RepositoryEvidence {
  const inside: Record<string, string | Buffer> = {};
  const around: RepositoryFile[] = [];
  for (const [path, value] of Object.entries(files)) {
    if (path.startsWith(`${scope}/`)) {
      inside[path.slice(scope.length + 1)] = value;
      continue;
    }
    const content = typeof value === 'string' ? Buffer.from(value) : value;
    around.push(
      wantsContextContent(path, content.length, scope)
        ? { path, size: content.length, content }
        : { path, size: content.length },
    );
  }
  return analyzeRepositoryFiles(repo(inside), {
    location: `url:https://github.com/acme/mono/tree/main/${scope}`,
    repository: { scope, files: around },
  });
}
