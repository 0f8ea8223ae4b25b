import { parseShellScript } from '../shell/shellScript';
import { GitlabJob, GitlabJobs, jobKey, RepositoryText } from './gitlabJobs';
import { gitlabScriptEntries } from './gitlabScriptEntries';
import {
  MAY_RELEASE_IMAGES,
  releaseCommandPart,
  shortRelease,
} from './imageReleaseSteps';
import { gitlabJobRunsOnProposedChanges } from './proposedChanges';
import type { ReleaseOnlyFinding } from './releaseOnlySteps';

/** Most script entries read from one file. */
const MAX_SCRIPTS = 2000;

const JOB_SCRIPTS = ['before_script', 'script', 'after_script'];

/** The definition (own or extended) that sets when a job runs. */
function ruleLayer(job: GitlabJob): GitlabJob['layers'][number] {
  return (
    job.layers.find(
      ({ file, node }) =>
        file.nav.get(node, 'rules') !== undefined ||
        file.nav.get(node, 'only') !== undefined,
    ) ?? job.layers[0]
  );
}

/**
 * Does a GitLab CI configuration only build, push or deploy images, and
 * only after a change has landed (`proposedChanges.ts`)? Every job's
 * scripts build, push or deploy (`docker build|push`, Kaniko, `kubectl
 * apply`: `imageReleaseSteps.ts`) or prepare that, at least one releases,
 * and no job runs on a branch pushed or a merge request. Jobs are read
 * with what they `extends` and with the files included from the
 * repository (`gitlabJobs.ts`). Undefined otherwise, when a job triggers
 * another pipeline, or when some jobs are not at hand (an include from
 * elsewhere). The line is the first release in the configuration itself,
 * else its `include`.
 */
export function gitlabReleasesOnly(
  path: string,
  text: string,
  repositoryText?: RepositoryText,
): ReleaseOnlyFinding | undefined {
  if (!MAY_RELEASE_IMAGES.test(text) && !/\binclude\b/.test(text))
    return undefined;
  const pipeline = GitlabJobs.read(path, text, repositoryText);
  if (!pipeline || pipeline.unknown) return undefined;
  const jobs = pipeline.jobs();
  if (pipeline.unknown || jobs.length === 0) return undefined;
  const own = pipeline.own;
  const budget = { left: MAX_SCRIPTS };
  const released: Array<{ line?: number; what: string }> = [];
  for (const job of jobs) {
    const rules = ruleLayer(job);
    if (
      jobKey(job, 'trigger') !== undefined ||
      gitlabJobRunsOnProposedChanges(rules.file.nav, own.root, rules.node)
    )
      return undefined;
    for (const key of JOB_SCRIPTS) {
      const found = jobKey(job, key);
      if (!found) continue;
      for (const { script, line } of gitlabScriptEntries(
        found.file.nav,
        found.definition,
        [key],
        found.file.lineOf,
        budget,
      )) {
        for (const command of parseShellScript(script, { firstLine: line })
          .commands) {
          const part = releaseCommandPart(command);
          if (part === 'other') return undefined;
          if (part === 'release')
            released.push({
              line: found.file.own ? command.line : undefined,
              what: shortRelease(command.words),
            });
        }
      }
    }
    if (budget.left <= 0) return undefined;
  }
  if (released.length === 0) return undefined;
  const line =
    released.find(r => r.line !== undefined)?.line ??
    own.lineOf(own.nav.get(own.root, 'include')) ??
    1;
  const what = [...new Set(released.map(r => r.what))].slice(0, 3).join(', ');
  return {
    line,
    reason: `only builds, pushes or deploys images after a change has landed (${what}), running no tests or other checks on a proposed change`,
  };
}
