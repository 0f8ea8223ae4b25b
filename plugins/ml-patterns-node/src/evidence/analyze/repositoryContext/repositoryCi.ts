import { ciConfiguration } from '../ci/ciConfiguration';
import { RepositoryEvidence } from '../../types';
import { ciKind, isYaml } from '../fileKinds';
import { ContextReading } from './contextReading';
import { isRepositoryCi } from './contextFiles';
import { WorkflowGlobs, workflowRunsFor } from './workflowTriggers';

/** CI of the repository around a scored folder whose triggers include the folder. */
export function addRepositoryCi(
  evidence: RepositoryEvidence,
  { scope, outside, sampled, textOf, reroot }: ContextReading,
): void {
  const globs = new WorkflowGlobs();
  for (const repoPath of outside) {
    if (!isRepositoryCi(repoPath, scope)) continue;
    const kind = ciKind(repoPath)!;
    let applies = true;
    if (kind === 'github-actions' && isYaml(repoPath)) {
      applies = workflowRunsFor(textOf(repoPath), sampled, globs);
    }
    if (applies)
      evidence.ci.push(
        ciConfiguration(reroot(repoPath), kind, textOf(repoPath), textOf),
      );
  }
}
