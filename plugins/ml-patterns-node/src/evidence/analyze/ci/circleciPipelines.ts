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
 * CircleCI (`.circleci/config.yml`): does it only build, push or deploy
 * images after a change has landed? CircleCI runs every workflow on every
 * branch pushed (pull requests included) unless the workflow runs on a
 * schedule or a `when` on a named branch, or each of its jobs is
 * filtered to named branches or to tags only. Every job a workflow runs
 * must only build, push or deploy (`run` commands per
 * `imageReleaseSteps.ts`, orb jobs and commands such as
 * `aws-ecr/build-and-push-image`), or prepare that. Undefined otherwise,
 * and for a configuration without workflows.
 */

/** Built-in steps that prepare a job. */
const SETUP_STEPS = new Set([
  'checkout',
  'setup_remote_docker',
  'save_cache',
  'restore_cache',
  'persist_to_workspace',
  'attach_workspace',
  'add_ssh_keys',
  'store_artifacts',
]);

/** Orb jobs and commands (`orb/name`) by their name: building, pushing or deploying images; log-ins and installs. */
const ORB_RELEASE =
  /^(?:build[-_]and[-_]push[-_]image|build[-_]image|push[-_]image|publish|deploy[-\w]*|[\w-]*[-_]deploy|update[-_]service|update[-_]task[-_]definition|rollout[-_]image|helm[-_]upgrade|install[-_]helm[-_]chart)$/;
const ORB_SETUP =
  /^(?:install[-\w]*|setup[-\w]*|ecr[-_]login|login|check|configure[-\w]*|auth[-\w]*)$/;

function orbPart(name: string): ReleasePart {
  const command = name.slice(name.indexOf('/') + 1);
  if (ORB_RELEASE.test(command)) return 'release';
  if (ORB_SETUP.test(command)) return 'setup';
  return 'other';
}

/** `branches: only: main` (named) or `branches: ignore: /.*\/` with tags: the job runs after landing. */
function filteredAfterLanding(nav: YamlNav, filters: unknown): boolean {
  if (filters === undefined) return false;
  const only = nav.strings(filters, 'branches', 'only');
  if (only.length > 0)
    return fixedBranches(only) && !only.some(b => b.startsWith('/'));
  const ignore = nav.strings(filters, 'branches', 'ignore');
  return (
    ignore.some(b => b === '/.*/' || b === '/.+/') &&
    nav.get(filters, 'tags') !== undefined
  );
}

/** A workflow `when` that holds only on a named branch (`equal: [main, << pipeline.git.branch >>]`). */
function whenOnNamedBranch(nav: YamlNav, when: unknown): boolean {
  const values = nav.strings(when, 'equal');
  return (
    values.length === 2 &&
    values.some(v => /pipeline\.git\.(?:branch|tag)/.test(v)) &&
    values.some(v => /^[\w./-]+$/.test(v))
  );
}

function readJobSteps(
  nav: YamlNav,
  job: unknown,
  lineOf: (node: unknown) => number | undefined,
  into: ReleaseSteps,
): void {
  for (const step of nav.items(job, 'steps')) {
    const name = nav.str(step);
    if (name !== undefined) {
      if (SETUP_STEPS.has(name)) continue;
      into.step(
        name.includes('/') ? orbPart(name) : 'other',
        lineOf(step) ?? 1,
        name,
      );
      continue;
    }
    for (const [key, value, keyNode] of nav.entries(step)) {
      if (SETUP_STEPS.has(key)) continue;
      if (key === 'run') {
        const runNode =
          nav.str(value) !== undefined ? value : nav.get(value, 'command');
        const script = nav.str(runNode);
        if (script === undefined) into.other();
        else into.script(script, firstLineOf(runNode, lineOf) ?? 1);
      } else
        into.step(
          key.includes('/') ? orbPart(key) : 'other',
          lineOf(keyNode) ?? 1,
          key,
        );
    }
    if (into.mayCheck) return;
  }
}

export function circleciReleasesOnly(
  path: string,
  text: string,
): ReleaseOnlyFinding | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  const workflows = nav
    .entries(root, 'workflows')
    .filter(([name]) => name !== 'version');
  if (workflows.length === 0) return undefined;
  const steps = new ReleaseSteps();
  for (const [, workflow] of workflows) {
    const scheduled = nav
      .items(workflow, 'triggers')
      .some(t => nav.get(t, 'schedule') !== undefined);
    const landed =
      scheduled || whenOnNamedBranch(nav, nav.get(workflow, 'when'));
    for (const entry of nav.items(workflow, 'jobs')) {
      const named = nav.str(entry);
      const [name, config, keyNode] =
        named !== undefined
          ? [named, undefined, entry]
          : nav.entries(entry)[0] ?? ['', undefined, entry];
      if (!landed && !filteredAfterLanding(nav, nav.get(config, 'filters')))
        return undefined;
      // An approval waits for a person.
      if (nav.str(config, 'type') === 'approval') continue;
      const job = nav.get(root, 'jobs', name);
      if (job !== undefined) readJobSteps(nav, job, parsed.lineOf, steps);
      else if (name.includes('/'))
        steps.step(orbPart(name), parsed.lineOf(keyNode) ?? 1, name);
      else steps.other();
      if (steps.mayCheck) return undefined;
    }
  }
  return releasedAfterLanding(steps);
}
