import { firstLineOf } from '../scalarFirstLine';
import { parseShellScript } from '../shell/shellScript';
import { YamlNav } from '../yamlDocuments';
import {
  ReleasePart,
  releaseCommandPart,
  shortRelease,
} from './imageReleaseSteps';
import { azureRunsOnProposedChanges } from './proposedChanges';
import type { ReleaseOnlyFinding } from './releaseOnlySteps';

/** Most steps read from one pipeline; beyond, it is taken to check something. */
const MAX_STEPS = 500;

/** Tasks (lower case, without `@version`) that deploy what was built. */
const DEPLOY_TASKS = new Set([
  'azurewebappcontainer',
  'azurewebapp',
  'azurermwebappdeployment',
  'azurefunctionappcontainer',
  'azurecontainerapps',
  'kubernetesmanifest',
  'kubernetes',
  'helmdeploy',
]);
/** Tasks that prepare a run. */
const SETUP_TASKS = new Set([
  'usepythonversion',
  'dockerinstaller',
  'helminstaller',
  'kubectlinstaller',
  'publishpipelineartifact',
  'downloadpipelineartifact',
]);
/** Step keys that only fetch or publish files. */
const SETUP_STEPS = ['checkout', 'download', 'downloadBuild', 'publish'];
/** `Docker@2` commands that build or push an image (`login` prepares it). */
const DOCKER_RELEASE = new Set(['build', 'push', 'buildandpush']);

interface Released {
  line: number;
  what: string;
}

/** The steps of the pipeline, its jobs, its stages' jobs and their deployment strategies. */
function pipelineSteps(nav: YamlNav, root: unknown): unknown[] {
  const jobs = [
    root,
    ...nav.items(root, 'jobs'),
    ...nav.items(root, 'stages').flatMap(stage => nav.items(stage, 'jobs')),
  ];
  const steps: unknown[] = [];
  for (const job of jobs) {
    steps.push(...nav.items(job, 'steps'));
    // `strategy: runOnce: deploy: steps:` of a deployment job.
    for (const [, strategy] of nav.entries(job, 'strategy'))
      for (const [, hook] of nav.entries(strategy))
        steps.push(...nav.items(hook, 'steps'));
  }
  return steps;
}

function taskPart(
  nav: YamlNav,
  step: unknown,
  task: string,
  line: number | undefined,
  released: Released[],
): ReleasePart {
  const name = task.split('@')[0].trim().toLowerCase();
  let part: ReleasePart = 'other';
  if (name === 'docker') {
    const command = (nav.str(step, 'inputs', 'command') ?? '').toLowerCase();
    if (DOCKER_RELEASE.has(command)) part = 'release';
    else if (command === 'login') part = 'setup';
  } else if (DEPLOY_TASKS.has(name)) part = 'release';
  else if (SETUP_TASKS.has(name)) part = 'setup';
  if (part === 'release' && line !== undefined)
    released.push({ line, what: task });
  return part;
}

function stepPart(
  nav: YamlNav,
  step: unknown,
  lineOf: (node: unknown) => number | undefined,
  released: Released[],
): ReleasePart {
  const task = nav.str(step, 'task');
  if (task !== undefined)
    return taskPart(nav, step, task, lineOf(nav.get(step, 'task')), released);
  const scriptNode = nav.get(step, 'script') ?? nav.get(step, 'bash');
  const script = nav.str(scriptNode);
  if (script !== undefined) {
    const firstLine = firstLineOf(scriptNode, lineOf);
    for (const command of parseShellScript(script, { firstLine }).commands) {
      const part = releaseCommandPart(command);
      if (part === 'other') return 'other';
      if (part === 'release')
        released.push({
          line: command.line,
          what: shortRelease(command.words),
        });
    }
    return 'setup';
  }
  // PowerShell, templates and anything else are taken to check.
  return SETUP_STEPS.some(key => nav.get(step, key) !== undefined)
    ? 'setup'
    : 'other';
}

/**
 * Does an Azure pipeline only build, push or deploy images, and only
 * after a change has landed (`proposedChanges.ts`)? Every step builds,
 * pushes or deploys (`Docker@2` build/push, a web app, Kubernetes or Helm
 * deployment, or such shell commands: `imageReleaseSteps.ts`) or prepares
 * one, and at least one releases. Undefined otherwise.
 */
export function azureReleasesOnly(
  nav: YamlNav,
  root: unknown,
  lineOf: (node: unknown) => number | undefined,
): ReleaseOnlyFinding | undefined {
  // Checked first: most pipelines run on pull requests and are read no further.
  if (azureRunsOnProposedChanges(nav, root)) return undefined;
  const steps = pipelineSteps(nav, root);
  if (steps.length === 0 || steps.length > MAX_STEPS) return undefined;
  const released: Released[] = [];
  for (const step of steps) {
    if (stepPart(nav, step, lineOf, released) === 'other') return undefined;
  }
  if (released.length === 0) return undefined;
  const what = [...new Set(released.map(r => r.what))].slice(0, 3).join(', ');
  return {
    line: released[0].line,
    reason: `only builds, pushes or deploys images after a change has landed (${what}), running no tests or other checks on a proposed change`,
  };
}
