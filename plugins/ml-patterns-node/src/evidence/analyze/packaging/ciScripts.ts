import { firstLineOf } from '../scalarFirstLine';
import { EvidenceProblem } from '../../types';
import { joinPath } from '../paths';
import { parseShellScript } from '../shell/shellScript';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';
import { ScriptRun } from './packagingCommands';
import { GITLAB_RESERVED_KEYS } from '../ci/gitlabReservedKeys';
import { gitlabScriptEntries } from '../ci/gitlabScriptEntries';

/**
 * The shell scripts a CI configuration runs, job by job, each at the line
 * it starts on: GitHub Actions `run:` steps (in their `working-directory`,
 * with the `env:` around them) and GitLab CI `before_script:`/`script:`
 * entries (one shell session per job, from the repository root).
 */

export interface CiJob {
  runs: ScriptRun[];
  /** GitLab: the script lines of a job share one shell (a `cd` carries over). */
  carryCwd: boolean;
}

/** Most jobs and steps read from one file. */
const MAX_SCRIPTS = 2000;

/** `${{ env.NAME }}` in a step's script, from the `env:` known. */
const ENV_EXPRESSION = /\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

function envOf(nav: YamlNav, node: unknown): Map<string, string> {
  const env = new Map<string, string>();
  for (const [name, value] of nav.entries(node, 'env')) {
    const text = nav.str(value);
    if (text !== undefined) env.set(name, text);
  }
  return env;
}

/** A working directory as a folder of the repository; none when it holds an expression or leaves it. */
function workingDirectory(value: string | undefined): string[] {
  if (value === undefined) return [''];
  if (value.includes('$') || value.startsWith('/')) return [];
  const folder = joinPath('', value);
  return folder === undefined ? [] : [folder];
}

function githubJobs(
  nav: YamlNav,
  root: unknown,
  lineOf: (node: unknown) => number | undefined,
): CiJob[] {
  const jobs: CiJob[] = [];
  const workflowEnv = envOf(nav, root);
  const workflowDir = nav.str(root, 'defaults', 'run', 'working-directory');
  let budget = MAX_SCRIPTS;
  // A composite action's steps (`runs: { using: composite, steps }`) run as one job.
  const composite =
    nav.str(root, 'runs', 'using') === 'composite'
      ? [nav.get(root, 'runs')]
      : [];
  const workflowJobs = nav.entries(root, 'jobs').map(([, job]) => job);
  for (const job of [...workflowJobs, ...composite]) {
    const jobEnv = new Map([...workflowEnv, ...envOf(nav, job)]);
    const jobDir =
      nav.str(job, 'defaults', 'run', 'working-directory') ?? workflowDir;
    const runs: ScriptRun[] = [];
    for (const step of nav.items(job, 'steps')) {
      if (budget-- <= 0) break;
      const node = nav.get(step, 'run');
      const script = nav.str(node);
      const line = firstLineOf(node, lineOf);
      if (script === undefined || line === undefined) continue;
      const env = new Map([...jobEnv, ...envOf(nav, step)]);
      const text = script.replace(
        ENV_EXPRESSION,
        (expression, name: string) => env.get(name) ?? expression,
      );
      runs.push({
        script: parseShellScript(text, { firstLine: line }),
        cwd: workingDirectory(nav.str(step, 'working-directory') ?? jobDir),
        env,
      });
    }
    if (runs.length > 0) jobs.push({ runs, carryCwd: false });
  }
  return jobs;
}

/** GitLab `variables:` of the pipeline or a job: `NAME: value` or `NAME: { value: … }`. */
function gitlabVariables(nav: YamlNav, node: unknown): Map<string, string> {
  const variables = new Map<string, string>();
  for (const [name, value] of nav.entries(node, 'variables')) {
    const text = nav.str(value) ?? nav.str(value, 'value');
    if (text !== undefined) variables.set(name, text);
  }
  return variables;
}

function gitlabJobs(
  nav: YamlNav,
  root: unknown,
  lineOf: (node: unknown) => number | undefined,
): CiJob[] {
  const jobs: CiJob[] = [];
  const globalEnv = gitlabVariables(nav, root);
  const budget = { left: MAX_SCRIPTS };
  for (const [name, job] of nav.entries(root)) {
    if (GITLAB_RESERVED_KEYS.has(name) || !nav.isMap(job)) continue;
    const env = new Map([...globalEnv, ...gitlabVariables(nav, job)]);
    const runs: ScriptRun[] = [];
    for (const { script, line } of gitlabScriptEntries(
      nav,
      job,
      ['before_script', 'script'],
      lineOf,
      budget,
    )) {
      runs.push({
        script: parseShellScript(script, { firstLine: line }),
        cwd: [''],
        env,
      });
    }
    if (runs.length > 0) jobs.push({ runs, carryCwd: true });
  }
  return jobs;
}

/** The jobs of a GitHub Actions workflow or a GitLab CI file with the scripts they run. */
export function ciJobs(
  path: string,
  text: string,
  kind: 'github-actions' | 'gitlab-ci',
  problems: EvidenceProblem[],
): CiJob[] {
  const parsed = parseYamlDocuments(path, text, problems, {
    keepBraces: true,
  });
  const jobs: CiJob[] = [];
  for (const document of parsed.documents) {
    const nav = new YamlNav(document.doc);
    jobs.push(
      ...(kind === 'github-actions'
        ? githubJobs(nav, document.root, parsed.lineOf)
        : gitlabJobs(nav, document.root, parsed.lineOf)),
    );
  }
  return jobs;
}
