import { commandsOfArgv } from '../shell/shellScript';
import { firstLineOf } from '../scalarFirstLine';
import {
  parseYamlDocuments,
  singleYamlDocument,
  YamlNav,
} from '../yamlDocuments';
import {
  ReleasePart,
  releaseCommandPart,
  shortRelease,
} from './imageReleaseSteps';
import { fixedBranches } from './proposedChanges';
import {
  releasedAfterLanding,
  ReleaseOnlyFinding,
  ReleaseSteps,
} from './releaseOnlySteps';

/**
 * Tekton PipelineRuns of Pipelines-as-Code (`.tekton/*.yaml`): does one
 * only build, push or deploy images after a change has landed? Its
 * `on-event` / `on-target-branch` annotations (or `on-cel-expression`)
 * say when it runs: on pushes to named branches or tags it runs after
 * landing, on pull requests on proposed changes. Every task of its inline
 * pipeline must build, push or deploy (buildah, kaniko, s2i, a step
 * script per `imageReleaseSteps.ts`) or prepare (git-clone, init). A
 * PipelineRun without those annotations, or running a pipeline kept
 * elsewhere (`pipelineRef`), may check something. Undefined otherwise.
 */

const PAC = 'pipelinesascode.tekton.dev/';

/** Catalog tasks that build, push or deploy an image. */
const RELEASE_TASK =
  /^(?:buildah(?:-[\w-]+)?|kaniko(?:-[\w-]+)?|build-image-index|build-image-manifest|build-container|buildpacks(?:-[\w-]+)?|s2i(?:-[\w-]+)?|push-[\w-]+|apply-tags|kubernetes-actions|openshift-client|deploy(?:-[\w-]+)?)$/;
/** Catalog tasks that prepare a build. */
const SETUP_TASK =
  /^(?:git-clone(?:-[\w-]+)?|init|prefetch-dependencies(?:-[\w-]+)?|show-sbom|summary|source-build(?:-[\w-]+)?)$/;

/** `[push]`, `push, tag`: the names of an annotation's list. */
function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .replace(/[[\]"']/g, ' ')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** A CEL expression on pushes to one named branch or to tags. */
const CEL_PUSH = /event\s*==\s*["']push["']/;
const CEL_NAMED_TARGET =
  /target_branch\s*(?:==\s*["'][\w./-]+["']|\.startsWith\(\s*["']refs\/tags\/)/;

/** Do the PipelineRun's annotations keep it to after a change lands? */
function runsAfterLanding(nav: YamlNav, root: unknown): boolean {
  const annotations = nav.get(root, 'metadata', 'annotations');
  const cel = nav.str(annotations, `${PAC}on-cel-expression`);
  if (cel !== undefined)
    return (
      CEL_PUSH.test(cel) &&
      CEL_NAMED_TARGET.test(cel) &&
      !/\|\||pull_request/.test(cel)
    );
  const events = listOf(nav.str(annotations, `${PAC}on-event`));
  if (events.length === 0 || events.some(event => event !== 'push'))
    return false;
  const branches = listOf(nav.str(annotations, `${PAC}on-target-branch`));
  return (
    branches.length > 0 &&
    branches.every(
      branch => branch.startsWith('refs/tags/') || fixedBranches([branch]),
    )
  );
}

function taskRefName(nav: YamlNav, ref: unknown): unknown {
  const named = nav.get(ref, 'name');
  if (named !== undefined) return named;
  // A resolver's reference (`bundles`, `git`): its `name` parameter.
  for (const param of nav.items(ref, 'params'))
    if (nav.str(param, 'name') === 'name') return nav.get(param, 'value');
  return undefined;
}

function readTask(
  nav: YamlNav,
  task: unknown,
  lineOf: (node: unknown) => number | undefined,
  into: ReleaseSteps,
): void {
  const ref = nav.get(task, 'taskRef');
  if (ref !== undefined) {
    const nameNode = taskRefName(nav, ref);
    const name = nav.str(nameNode) ?? '';
    let part: ReleasePart = 'other';
    if (RELEASE_TASK.test(name)) part = 'release';
    else if (SETUP_TASK.test(name)) part = 'setup';
    into.step(part, lineOf(nameNode) ?? 1, name);
    return;
  }
  const steps = nav.items(task, 'taskSpec', 'steps');
  if (steps.length === 0) into.other();
  for (const step of steps) {
    const scriptNode = nav.get(step, 'script');
    const script = nav.str(scriptNode);
    if (script !== undefined) {
      into.script(script, firstLineOf(scriptNode, lineOf) ?? 1);
      continue;
    }
    const argv = [
      ...nav.strings(step, 'command'),
      ...nav.strings(step, 'args'),
    ];
    const line = lineOf(nav.get(step, 'command') ?? nav.get(step, 'args')) ?? 1;
    const commands = commandsOfArgv(argv, line).commands;
    if (commands.length === 0) into.other();
    for (const command of commands)
      into.step(
        releaseCommandPart(command),
        command.line,
        shortRelease(command.words),
      );
  }
}

export function tektonReleasesOnly(
  path: string,
  text: string,
): ReleaseOnlyFinding | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  if (nav.str(root, 'kind') !== 'PipelineRun' || !runsAfterLanding(nav, root))
    return undefined;
  const spec = nav.get(root, 'spec', 'pipelineSpec');
  const tasks = [...nav.items(spec, 'tasks'), ...nav.items(spec, 'finally')];
  if (tasks.length === 0) return undefined;
  const steps = new ReleaseSteps();
  for (const task of tasks) {
    readTask(nav, task, parsed.lineOf, steps);
    if (steps.mayCheck) return undefined;
  }
  return releasedAfterLanding(steps);
}
