import { RepositoryEvidence } from '../../types';
import { baseName } from '../paths';
import { CiKind, isYaml } from '../fileKinds';
import { readAzurePipelineText } from './azurePipelines';
import { cloudBuildWithoutChecks } from './cloudBuildSteps';
import { gitlabReleasesOnly } from './gitlabImageRelease';
import { personalRunnerOnly } from './personalRunner';
import { workflowWithoutChecks } from './workflowChecks';

/** Why a configuration checks nothing about a change, at the line that shows it. */
function withoutChecks(
  path: string,
  kind: CiKind,
  text: string,
): { line: number; reason?: string } | undefined {
  if (kind === 'github-actions') return workflowWithoutChecks(text);
  if (kind === 'azure-pipelines') {
    const reading = readAzurePipelineText(path, text);
    return reading && { line: reading.line, reason: reading.doesNotCheck };
  }
  if (kind === 'gitlab-ci') {
    return personalRunnerOnly(path, text) ?? gitlabReleasesOnly(path, text);
  }
  if (/^cloudbuild/i.test(baseName(path))) {
    return cloudBuildWithoutChecks(path, text);
  }
  return undefined;
}

/**
 * One CI configuration as evidence: at line 1 (or the trigger that runs
 * it on changes) when it is taken to check changes; a GitHub workflow,
 * Azure pipeline, Cloud Build configuration or GitLab pipeline that checks
 * nothing about them (or nothing anyone else could run) carries why
 * (`doesNotCheck`) at the line that shows it. An
 * unreadable configuration is taken to check.
 */
export function ciConfiguration(
  path: string,
  kind: CiKind,
  text: string | undefined,
): RepositoryEvidence['ci'][number] {
  if (isYaml(path) && text !== undefined) {
    let without;
    try {
      without = withoutChecks(path, kind, text);
    } catch {
      without = undefined;
    }
    if (without?.reason)
      return { path, line: without.line, kind, doesNotCheck: without.reason };
    if (without) return { path, line: without.line, kind };
  }
  return { path, line: 1, kind };
}
