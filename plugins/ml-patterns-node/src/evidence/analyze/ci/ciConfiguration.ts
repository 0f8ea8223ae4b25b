import { RepositoryEvidence } from '../../types';
import { CiKind, isYaml } from '../fileKinds';
import { workflowWithoutChecks } from './workflowChecks';

/**
 * One CI configuration as evidence: at line 1 when it is taken to check
 * changes; a GitHub workflow that checks nothing about them carries why
 * (`doesNotCheck`) at the line that shows it. An unreadable workflow is
 * taken to check.
 */
export function ciConfiguration(
  path: string,
  kind: CiKind,
  text: string | undefined,
): RepositoryEvidence['ci'][number] {
  if (kind === 'github-actions' && isYaml(path) && text !== undefined) {
    let without;
    try {
      without = workflowWithoutChecks(text);
    } catch {
      without = undefined;
    }
    if (without)
      return { path, line: without.line, kind, doesNotCheck: without.reason };
  }
  return { path, line: 1, kind };
}
