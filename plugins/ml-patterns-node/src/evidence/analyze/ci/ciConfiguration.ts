import { RepositoryEvidence } from '../../types';
import { baseName } from '../paths';
import { CiKind, isYaml } from '../fileKinds';
import { readAzurePipelineText } from './azurePipelines';
import { bitbucketReleasesOnly } from './bitbucketPipelines';
import { buildkiteReleasesOnly } from './buildkitePipelines';
import { circleciReleasesOnly } from './circleciPipelines';
import { droneReleasesOnly } from './dronePipelines';
import { MAY_RELEASE_IMAGES } from './imageReleaseSteps';
import { jenkinsReleasesOnly } from './jenkinsPipeline';
import { tektonReleasesOnly } from './tektonPipelineRuns';
import { travisReleasesOnly } from './travisBuilds';
import { cloudBuildWithoutChecks } from './cloudBuildSteps';
import { gitlabReleasesOnly } from './gitlabImageRelease';
import { RepositoryText } from './gitlabJobs';
import { personalRunnerOnly } from './personalRunner';
import { workflowWithoutChecks } from './workflowChecks';
import type { ReleaseOnlyFinding } from './releaseOnlySteps';

/** Why a configuration checks nothing about a change, at the line that shows it. */
function withoutChecks(
  path: string,
  kind: CiKind,
  text: string,
  repositoryText?: RepositoryText,
): { line: number; reason?: string } | undefined {
  if (kind === 'github-actions') return workflowWithoutChecks(text);
  if (kind === 'azure-pipelines') {
    const reading = readAzurePipelineText(path, text);
    return reading && { line: reading.line, reason: reading.doesNotCheck };
  }
  if (kind === 'gitlab-ci') {
    return (
      personalRunnerOnly(path, text, repositoryText) ??
      gitlabReleasesOnly(path, text, repositoryText)
    );
  }
  if (/^cloudbuild/i.test(baseName(path))) {
    return cloudBuildWithoutChecks(path, text);
  }
  return otherSystemReleasesOnly(path, kind, text);
}

/** CI systems whose pipelines are read only for image releases after landing. */
function otherSystemReleasesOnly(
  path: string,
  kind: CiKind,
  text: string,
): ReleaseOnlyFinding | undefined {
  if (kind === 'jenkins') return jenkinsReleasesOnly(text);
  // Without one of these words no step can build, push or deploy an image.
  if (!MAY_RELEASE_IMAGES.test(text) && !/deploy|push|publish/i.test(text))
    return undefined;
  if (kind === 'circleci') return circleciReleasesOnly(path, text);
  if (kind === 'travis') return travisReleasesOnly(path, text);
  const name = baseName(path);
  // Configurations of the repository around a scored folder come as `../…`.
  const fromRoot = path.replace(/^(?:\.\.\/)+/, '');
  if (name === 'bitbucket-pipelines.yml')
    return bitbucketReleasesOnly(path, text);
  if (name === '.drone.yml' || fromRoot.startsWith('.woodpecker'))
    return droneReleasesOnly(path, text);
  if (fromRoot.startsWith('.buildkite/'))
    return buildkiteReleasesOnly(path, text);
  if (fromRoot.startsWith('.tekton/')) return tektonReleasesOnly(path, text);
  return undefined;
}

/**
 * One CI configuration as evidence: at line 1 (or the trigger that runs
 * it on changes) when it is taken to check changes; a GitHub workflow,
 * Azure pipeline, Cloud Build configuration or GitLab pipeline that checks
 * nothing about them (or nothing anyone else could run), or a Jenkins,
 * CircleCI, Travis, Bitbucket, Drone, Buildkite or Tekton pipeline that only builds,
 * pushes or deploys images after a change has landed, carries why
 * (`doesNotCheck`) at the line that shows it. An
 * unreadable configuration is taken to check. `repositoryText` reads
 * the files a GitLab configuration includes (paths from the repository
 * root); without it, a configuration that includes files is taken to
 * check.
 */
export function ciConfiguration(
  path: string,
  kind: CiKind,
  text: string | undefined,
  repositoryText?: RepositoryText,
): RepositoryEvidence['ci'][number] {
  if ((isYaml(path) || kind === 'jenkins') && text !== undefined) {
    let without;
    try {
      without = withoutChecks(path, kind, text, repositoryText);
    } catch {
      without = undefined;
    }
    if (without?.reason)
      return { path, line: without.line, kind, doesNotCheck: without.reason };
    if (without) return { path, line: without.line, kind };
  }
  return { path, line: 1, kind };
}
