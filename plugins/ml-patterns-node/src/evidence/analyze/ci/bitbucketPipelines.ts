import { firstLineOf } from '../scalarFirstLine';
import {
  parseYamlDocuments,
  singleYamlDocument,
  YamlNav,
} from '../yamlDocuments';
import { ReleasePart } from './imageReleaseSteps';
import { fixedBranches } from './proposedChanges';
import {
  releasedAfterLanding,
  ReleaseOnlyFinding,
  ReleaseSteps,
} from './releaseOnlySteps';

/**
 * Bitbucket Pipelines (`bitbucket-pipelines.yml`): does it only build,
 * push or deploy images after a change has landed? Its `default`
 * pipeline runs on every branch pushed and `pull-requests` on proposed
 * changes; `branches` named without a pattern, `tags` and `custom`
 * pipelines (run by hand) run only after a change lands. Only when no
 * pipeline runs on a proposed change and every step of the others only
 * builds, pushes or deploys images (`imageReleaseSteps.ts`) does it check
 * nothing. Undefined otherwise.
 */

/** Sections of `pipelines:` that run only after a change lands (by name, for `branches`). */
const LANDED_SECTIONS = new Set(['tags', 'custom']);
const BRANCH_SECTIONS = new Set(['branches', 'bookmarks']);

/** Atlassian pipes (`atlassian/aws-ecr-push-image:2.0.0`) that push or deploy an image. */
const RELEASE_PIPE =
  /(?:push-image|image-push|-deploy\b|deploy-|kubectl-run|helm|cloud-run|ecs-|app-engine|heroku|ssh-run|scp-deploy|sftp-deploy|rsync-deploy)/;

function pipePart(pipe: string): ReleasePart {
  const name = pipe.split(':')[0].toLowerCase();
  return RELEASE_PIPE.test(name) ? 'release' : 'other';
}

/** Steps of a pipeline: `- step:`, `- parallel:` (a list or `steps:`), `- stage: {steps}`. */
function stepsOf(nav: YamlNav, pipeline: unknown, depth = 0): unknown[] {
  if (depth > 3) return [];
  const steps: unknown[] = [];
  for (const item of nav.items(pipeline)) {
    const step = nav.get(item, 'step');
    if (step !== undefined) steps.push(step);
    const parallel = nav.get(item, 'parallel');
    if (parallel !== undefined)
      steps.push(
        ...stepsOf(
          nav,
          nav.isMap(parallel) ? nav.get(parallel, 'steps') : parallel,
          depth + 1,
        ),
      );
    const stage = nav.get(item, 'stage', 'steps');
    if (stage !== undefined) steps.push(...stepsOf(nav, stage, depth + 1));
  }
  return steps;
}

function readStep(
  nav: YamlNav,
  step: unknown,
  lineOf: (node: unknown) => number | undefined,
  into: ReleaseSteps,
): void {
  for (const key of ['script', 'after-script']) {
    for (const entry of nav.items(step, key)) {
      const script = nav.str(entry);
      const line = firstLineOf(entry, lineOf) ?? 1;
      if (script !== undefined) into.script(script, line);
      else {
        const pipe = nav.str(entry, 'pipe');
        if (pipe === undefined) into.other();
        else
          into.step(
            pipePart(pipe),
            lineOf(nav.get(entry, 'pipe')) ?? line,
            pipe.split(':')[0],
          );
      }
    }
  }
}

export function bitbucketReleasesOnly(
  path: string,
  text: string,
): ReleaseOnlyFinding | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  const sections = nav.entries(root, 'pipelines');
  if (sections.length === 0) return undefined;
  const steps = new ReleaseSteps();
  for (const [section, value] of sections) {
    const pipelines: unknown[] = [];
    if (LANDED_SECTIONS.has(section))
      pipelines.push(...nav.entries(value).map(([, p]) => p));
    else if (BRANCH_SECTIONS.has(section)) {
      for (const [branch, pipeline] of nav.entries(value)) {
        if (!fixedBranches([branch]) || branch.includes('{')) return undefined;
        pipelines.push(pipeline);
      }
    } else return undefined;
    for (const pipeline of pipelines)
      for (const step of stepsOf(nav, pipeline))
        readStep(nav, step, parsed.lineOf, steps);
    if (steps.mayCheck) return undefined;
  }
  return releasedAfterLanding(steps);
}
