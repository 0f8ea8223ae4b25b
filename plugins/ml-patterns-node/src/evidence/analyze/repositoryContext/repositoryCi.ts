import { RepositoryEvidence } from '../../types';
import { ciKind, isYaml } from '../fileKinds';
import { ContextReading } from './contextReading';
import { isRepositoryCi } from './contextFiles';
import { workflowRunsFor } from './workflowTriggers';

/** CI of the repository around a scored folder whose triggers include the folder. */
export function addRepositoryCi(
  evidence: RepositoryEvidence,
  { scope, outside, sampled, textOf, reroot }: ContextReading,
): void {
  for (const repoPath of outside) {
    if (!isRepositoryCi(repoPath, scope)) continue;
    const kind = ciKind(repoPath)!;
    let applies = true;
    if (kind === 'github-actions' && isYaml(repoPath)) {
      applies = workflowRunsFor(textOf(repoPath), sampled);
    }
    if (applies) evidence.ci.push({ path: reroot(repoPath), line: 1, kind });
  }
}
