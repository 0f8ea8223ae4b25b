import { workflowOnBlock } from '../repositoryContext/workflowOnBlock';
import { firstLineOf } from '../scalarFirstLine';
import { parseShellScript } from '../shell/shellScript';
import {
  parseYamlDocuments,
  singleYamlDocument,
  YamlNav,
} from '../yamlDocuments';
import {
  MAY_RELEASE_IMAGES,
  ReleasePart,
  releaseActionPart,
  releaseCommandPart,
  shortRelease,
} from './imageReleaseSteps';
import { githubRunsOnProposedChanges } from './proposedChanges';
import { actionPurpose } from './workflowStepPurpose';

/** Why a workflow checks nothing about a change, at the line that shows it. */
export interface WorkflowReleaseOnly {
  line: number;
  reason: string;
}

/** Most steps read from one workflow; beyond, it is taken to check something. */
const MAX_STEPS = 500;

/** Shells whose `run:` text is a shell script (`bash {0}` is a custom invocation of bash). */
const SHELL = /^(?:ba|z|da)?sh\b/;

/** The workflow's `on:` value read from its own lines (or the whole text); undefined when absent. */
function onValue(text: string): { nav: YamlNav; on: unknown } | undefined {
  const block = workflowOnBlock(text);
  const parsed = parseYamlDocuments('workflow', block ?? text, [], {
    keepBraces: true,
  });
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  // YAML 1.1 reads an unquoted `on` as true.
  const on = nav.get(root, 'on') ?? nav.get(root, 'true');
  return on === undefined ? undefined : { nav, on };
}

interface Released {
  line: number;
  what: string;
}

/** The parts of one step, with what it releases; `other` ends the reading. */
function stepParts(
  nav: YamlNav,
  step: unknown,
  lineOf: (node: unknown) => number | undefined,
  released: Released[],
): ReleasePart {
  const uses = nav.str(step, 'uses');
  if (uses !== undefined) {
    const part =
      releaseActionPart(uses) ??
      (actionPurpose(uses) === 'other' ? 'other' : 'setup');
    const line = lineOf(nav.get(step, 'uses'));
    if (part === 'release' && line !== undefined)
      released.push({ line, what: uses.split('@')[0] });
    return part;
  }
  const runNode = nav.get(step, 'run');
  const script = nav.str(runNode);
  if (script === undefined) return 'setup';
  const shell = nav.str(step, 'shell');
  if (shell !== undefined && !SHELL.test(shell)) return 'other';
  const firstLine = firstLineOf(runNode, lineOf);
  for (const command of parseShellScript(script, { firstLine }).commands) {
    const part = releaseCommandPart(command);
    if (part === 'other') return 'other';
    if (part === 'release')
      released.push({ line: command.line, what: shortRelease(command.words) });
  }
  return 'setup';
}

/**
 * Does a GitHub workflow only build, push or deploy images, and only
 * after a change has landed (`proposedChanges.ts`)? Every step of every
 * job is a build, push or deployment (`imageReleaseSteps.ts`) or prepares
 * one, at least one releases, and no trigger runs it on a pull request or
 * on any branch pushed. Undefined otherwise, or when it cannot be read.
 */
export function workflowReleasesOnly(
  text: string,
): WorkflowReleaseOnly | undefined {
  if (!MAY_RELEASE_IMAGES.test(text)) return undefined;
  const trigger = onValue(text);
  if (!trigger || githubRunsOnProposedChanges(trigger.nav, trigger.on))
    return undefined;
  const parsed = parseYamlDocuments('workflow', text, [], { keepBraces: true });
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  const jobs = nav.entries(root, 'jobs');
  if (jobs.length === 0) return undefined;
  const released: Released[] = [];
  let budget = MAX_STEPS;
  for (const [, job] of jobs) {
    // A reusable workflow: what it runs is elsewhere.
    if (nav.get(job, 'uses') !== undefined) return undefined;
    for (const step of nav.items(job, 'steps')) {
      if (budget-- <= 0) return undefined;
      if (stepParts(nav, step, parsed.lineOf, released) === 'other')
        return undefined;
    }
  }
  if (released.length === 0) return undefined;
  const what = [...new Set(released.map(r => r.what))].slice(0, 3).join(', ');
  return {
    line: released[0].line,
    reason: `only builds, pushes or deploys images after a change has landed (${what}), running no tests or other checks on a proposed change`,
  };
}
