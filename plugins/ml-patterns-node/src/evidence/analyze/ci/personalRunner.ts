import { parseShellScript } from '../shell/shellScript';
import { GitlabJob, GitlabJobs, jobKey, RepositoryText } from './gitlabJobs';
import { gitlabScriptEntries } from './gitlabScriptEntries';

/** Why a CI configuration runs only on one person's machine, at the line that shows it. */
export interface PersonalRunner {
  line: number;
  reason: string;
}

/** Most script entries read from one file. */
const MAX_SCRIPTS = 2000;

/** Text that may name a folder in a home directory: without it, the file is not parsed for this. */
const MAY_NAME_HOME = /\/(?:home|Users)\//;

/**
 * A folder in a person's home directory, as a word or an option's value
 * (`/home/ana/datasets:/data`, `--data=/Users/ana/x`). A name that is a
 * variable (`/home/$USER`) is no one person's; the accounts CI runners
 * run as are no person.
 */
const HOME_FOLDER = /(?:^|=)(\/(?:home|Users)\/([A-Za-z0-9._-]+)\/[^\s:]*)/;
const RUNNER_ACCOUNTS = new Set([
  'runner',
  'gitlab-runner',
  'github-runner',
  'actions-runner',
  'jenkins',
  'ci',
  'build',
  'buildkite-agent',
]);

interface Job {
  name: string;
  tags: string[];
  home?: { folder: string; line: number };
}

/** The first folder of a person's home directory a job's scripts name, in the configuration itself. */
function homeFolderOf(job: GitlabJob, budget: { left: number }): Job['home'] {
  for (const key of ['before_script', 'script', 'after_script']) {
    const found = jobKey(job, key);
    if (!found?.file.own) continue;
    for (const { script, line } of gitlabScriptEntries(
      found.file.nav,
      found.definition,
      [key],
      found.file.lineOf,
      budget,
    )) {
      if (!MAY_NAME_HOME.test(script)) continue;
      for (const command of parseShellScript(script, { firstLine: line })
        .commands) {
        for (const word of command.words) {
          const match = HOME_FOLDER.exec(word);
          if (match && !RUNNER_ACCOUNTS.has(match[2]))
            return { folder: match[1], line: command.line };
        }
      }
    }
  }
  return undefined;
}

/** The jobs that run a script (their own or one they extend), with their runner tags. */
function gitlabJobs(pipeline: GitlabJobs): Job[] {
  const { nav, root } = pipeline.own;
  const defaultTags = nav.strings(root, 'default', 'tags');
  const budget = { left: MAX_SCRIPTS };
  const jobs: Job[] = [];
  for (const job of pipeline.jobs()) {
    if (jobKey(job, 'script') === undefined) continue;
    // A job's own tags, else those of the job it extends, else the default.
    const tags = jobKey(job, 'tags');
    jobs.push({
      name: job.name,
      tags: tags ? tags.file.nav.strings(tags.node) : defaultTags,
      home: homeFolderOf(job, budget),
    });
  }
  return jobs;
}

/**
 * Does a GitLab CI configuration run only on one person's machine? One of
 * its jobs works with a folder of a person's home directory (mounts
 * `/home/ana/datasets` into a container, reads data from it), so it runs
 * only on the runner on that machine, and every other job is pinned to
 * the same runner by a tag it shares. Such a pipeline checks nothing
 * anyone else could run: it is the author's laptop, scheduled.
 */
export function personalRunnerOnly(
  path: string,
  text: string,
  repositoryText?: RepositoryText,
): PersonalRunner | undefined {
  if (!MAY_NAME_HOME.test(text)) return undefined;
  const pipeline = GitlabJobs.read(path, text, repositoryText);
  if (!pipeline || pipeline.unknown) return undefined;
  const jobs = gitlabJobs(pipeline);
  // Jobs kept elsewhere may run on any runner.
  if (pipeline.unknown) return undefined;
  const personal = jobs.filter(job => job.home !== undefined);
  if (personal.length === 0) return undefined;
  const runnerTags = new Set(personal.flatMap(job => job.tags));
  const pinned = (job: Job) =>
    job.home !== undefined || job.tags.some(tag => runnerTags.has(tag));
  if (!jobs.every(pinned)) return undefined;
  const first = personal[0];
  const tags = [...runnerTags];
  return {
    line: first.home!.line,
    reason: `runs only on one person's machine: job ${first.name} uses ${
      first.home!.folder
    } from a home directory${
      tags.length > 0
        ? `, and every job runs on the runner tagged ${tags.join(', ')}`
        : ''
    }`,
  };
}
