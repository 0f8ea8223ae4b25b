import { firstLineOf } from '../scalarFirstLine';
import { parseShellScript } from '../shell/shellScript';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';
import { noChangeTrigger } from './changeTriggers';
import { workflowReleasesOnly } from './workflowImageRelease';
import {
  actionPurpose,
  combinedPurpose,
  commandPurpose,
  mayNameDocsOrHousekeeping,
  StepPurpose,
} from './workflowStepPurpose';

/** Why a workflow checks nothing about a change, at the line that shows it. */
export interface WorkflowWithoutChecks {
  line: number;
  reason: string;
}

/** Most steps read from one workflow; beyond, it is taken to check something. */
const MAX_STEPS = 500;

/** Shells whose `run:` text is a shell script (`bash {0}` is a custom invocation of bash). */
const SHELL = /^(?:ba|z|da)?sh\b|^pwsh$|^powershell$/;

interface DecidingStep {
  purpose: 'docs' | 'housekeeping';
  line: number;
  what: string;
}

/** A short, one-line rendering of a command for a message. */
function shortCommand(words: string[]): string {
  const text = words.join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The purpose of one step, and where it shows (the action, or the first
 * documentation command of its script).
 */
function stepPurpose(
  nav: YamlNav,
  step: unknown,
  lineOf: (node: unknown) => number | undefined,
): { purpose: StepPurpose; deciding?: DecidingStep } {
  const uses = nav.str(step, 'uses');
  if (uses !== undefined) {
    const purpose = actionPurpose(uses);
    const line = lineOf(nav.get(step, 'uses'));
    return purpose === 'docs' || purpose === 'housekeeping'
      ? {
          purpose,
          deciding:
            line === undefined
              ? undefined
              : { purpose, line, what: uses.split('@')[0] },
        }
      : { purpose };
  }
  const runNode = nav.get(step, 'run');
  const script = nav.str(runNode);
  if (script === undefined) return { purpose: 'setup' };
  const shell = nav.str(step, 'shell');
  if (shell !== undefined && !SHELL.test(shell)) return { purpose: 'other' };
  const firstLine = firstLineOf(runNode, lineOf);
  const commands = parseShellScript(script, { firstLine }).commands;
  const purposes = commands.map(commandPurpose);
  const purpose = combinedPurpose(purposes);
  if (purpose !== 'docs') return { purpose };
  const index = purposes.indexOf('docs');
  return {
    purpose,
    deciding: {
      purpose,
      line: commands[index].line,
      what: shortCommand(commands[index].words),
    },
  };
}

/**
 * The step that shows what a workflow does when every step of every job
 * only builds or publishes documentation, tends the repository or
 * prepares the run; undefined when some job checks something (or calls
 * another workflow, or cannot be read).
 */
function docsOrHousekeepingOnly(text: string): DecidingStep[] | undefined {
  const parsed = parseYamlDocuments('workflow', text, [], { keepBraces: true });
  if (parsed.documents.length !== 1) return undefined;
  const document = parsed.documents[0];
  const nav = new YamlNav(document.doc);
  const deciding: DecidingStep[] = [];
  let budget = MAX_STEPS;
  const jobs = nav.entries(document.root, 'jobs');
  if (jobs.length === 0) return undefined;
  for (const [, job] of jobs) {
    // A reusable workflow: what it runs is elsewhere.
    if (nav.get(job, 'uses') !== undefined) return undefined;
    for (const step of nav.items(job, 'steps')) {
      if (budget-- <= 0) return undefined;
      const { purpose, deciding: shows } = stepPurpose(
        nav,
        step,
        parsed.lineOf,
      );
      if (purpose === 'other') return undefined;
      if (shows) deciding.push(shows);
    }
  }
  return deciding.length > 0 ? deciding : undefined;
}

function contentReason(steps: DecidingStep[]): string {
  const docs = steps.some(s => s.purpose === 'docs');
  const housekeeping = steps.some(s => s.purpose === 'housekeeping');
  let doing: string;
  if (docs && housekeeping)
    doing =
      'only builds or publishes the documentation and tends issues and pull requests';
  else if (docs) doing = 'only builds or publishes the documentation';
  else doing = 'only tends issues and pull requests';
  const what = [...new Set(steps.map(s => s.what))].slice(0, 3).join(', ');
  return `${doing} (${what})`;
}

/**
 * Does a GitHub workflow check nothing about a change to the code? It
 * does not when it runs only on a schedule, by hand or on a release
 * (`changeTriggers.ts`), when its jobs only build or publish the
 * documentation or tend issues and pull requests
 * (`workflowStepPurpose.ts`), or when they only build, push or deploy
 * images and never run on a proposed change (`workflowImageRelease.ts`). Each shape is looked for only when the text
 * can hold it: most workflows are never parsed here.
 */
export function workflowWithoutChecks(
  text: string,
): WorkflowWithoutChecks | undefined {
  const trigger = noChangeTrigger(text);
  if (trigger) return trigger;
  const steps = mayNameDocsOrHousekeeping(text)
    ? docsOrHousekeepingOnly(text)
    : undefined;
  if (steps) return { line: steps[0].line, reason: contentReason(steps) };
  return workflowReleasesOnly(text);
}
