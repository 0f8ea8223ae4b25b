import { YamlNav } from '../yamlDocuments';

/**
 * Does a CI configuration run on a change before it lands? A pipeline
 * that only builds, pushes or deploys an image still shows, run on a pull
 * request or on any branch pushed, that the environment builds from the
 * proposed change; run only after the change has landed (pushes to named
 * branches, tags, releases, a schedule, by hand), it publishes and checks
 * nothing about the change. This file reads that from each system's
 * trigger syntax; when a trigger cannot be read, the pipeline is taken to
 * run on proposed changes.
 */

/** GitHub events on a proposed change (or on another workflow that may run on one). */
const GITHUB_PROPOSAL_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
  'merge_group',
  'workflow_call',
  'workflow_run',
]);

/** A branch filter that names only fixed branches (no `*`, `?`, `[…]` or `!` pattern). */
export function fixedBranches(names: string[]): boolean {
  return names.length > 0 && names.every(name => !/[*?[!]/.test(name));
}

/** A GitHub `push` trigger that runs on any branch pushed (not only named ones or tags). */
function githubPushOfAnyBranch(nav: YamlNav, config: unknown): boolean {
  const keys = new Set(nav.entries(config).map(([key]) => key));
  if (keys.has('branches-ignore')) return true;
  if (keys.has('branches'))
    return !fixedBranches(nav.strings(config, 'branches'));
  // Tags alone run on releases; no filter at all (or paths only) runs on every branch.
  return !keys.has('tags') && !keys.has('tags-ignore');
}

/** Does a GitHub workflow's `on:` value run it on proposed changes? */
export function githubRunsOnProposedChanges(
  nav: YamlNav,
  on: unknown,
): boolean {
  if (nav.isMap(on)) {
    return nav
      .entries(on)
      .some(([event, config]) =>
        event === 'push'
          ? githubPushOfAnyBranch(nav, config)
          : GITHUB_PROPOSAL_EVENTS.has(event),
      );
  }
  const events = nav.strings(on);
  if (events.length === 0) return true;
  return events.some(
    event => event === 'push' || GITHUB_PROPOSAL_EVENTS.has(event),
  );
}

/** `none` or `false`: the trigger is switched off. */
function switchedOff(nav: YamlNav, node: unknown): boolean {
  const value = nav.str(node);
  return value === 'none' || value === 'false';
}

/**
 * Does an Azure pipeline run on proposed changes? Left out, `pr` runs it
 * on every pull request and `trigger` on every branch pushed; it runs
 * only after a change lands when `pr` is `none` and `trigger` is `none`,
 * lists fixed branch names, or filters tags only.
 */
export function azureRunsOnProposedChanges(
  nav: YamlNav,
  root: unknown,
): boolean {
  const pr = nav.get(root, 'pr');
  if (pr === undefined || !switchedOff(nav, pr)) return true;
  const trigger = nav.get(root, 'trigger');
  if (trigger === undefined) return true;
  if (switchedOff(nav, trigger)) return false;
  if (!nav.isMap(trigger)) return !fixedBranches(nav.strings(trigger));
  const keys = new Set(nav.entries(trigger).map(([key]) => key));
  if (!keys.has('branches')) return !keys.has('tags');
  if (nav.get(trigger, 'branches', 'exclude') !== undefined) return true;
  return !fixedBranches(nav.strings(trigger, 'branches', 'include'));
}

/**
 * A GitLab `rules: - if:` expression that holds only after a change has
 * landed: a tag, the default branch or one named branch, or a pipeline
 * started by a schedule, by hand or through the API. An expression with
 * `||`, or naming merge requests, may hold on a proposed change.
 */
const LANDED_IF =
  /\$CI_COMMIT_TAG\b|\$CI_DEFAULT_BRANCH\b|\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*["'][\w./-]+["']|\$CI_PIPELINE_SOURCE\s*==\s*["'](?:schedule|web|trigger|api)["']/;
const MAY_BE_PROPOSED = /\|\||merge_request/i;

/** GitLab `only:` refs that run after a change lands (not `branches`, `merge_requests` or a `/pattern/`). */
const LANDED_REFS = new Set(['tags', 'schedules', 'web', 'triggers', 'api']);

function gitlabRulesAfterLanding(nav: YamlNav, rules: unknown): boolean {
  const items = nav.items(rules);
  return (
    items.length > 0 &&
    items.every(rule => {
      if (nav.str(rule, 'when') === 'never') return true;
      const condition = nav.str(rule, 'if');
      return (
        condition !== undefined &&
        LANDED_IF.test(condition) &&
        !MAY_BE_PROPOSED.test(condition)
      );
    })
  );
}

function gitlabOnlyAfterLanding(nav: YamlNav, only: unknown): boolean {
  const refs = nav.isMap(only) ? nav.strings(only, 'refs') : nav.strings(only);
  return (
    refs.length > 0 &&
    refs.every(
      ref =>
        LANDED_REFS.has(ref) ||
        (ref !== 'branches' &&
          ref !== 'merge_requests' &&
          ref !== 'pushes' &&
          !ref.startsWith('/') &&
          !/[*?]/.test(ref)),
    )
  );
}

/**
 * Does a GitLab job run on proposed changes? Pipelines run on every
 * branch pushed unless the pipeline's `workflow: rules` or the job's
 * `rules`/`only` limit it to tags, named branches, schedules or runs by
 * hand.
 */
export function gitlabJobRunsOnProposedChanges(
  nav: YamlNav,
  root: unknown,
  job: unknown,
): boolean {
  const workflowRules = nav.get(root, 'workflow', 'rules');
  if (
    workflowRules !== undefined &&
    gitlabRulesAfterLanding(nav, workflowRules)
  )
    return false;
  const rules = nav.get(job, 'rules');
  if (rules !== undefined) return !gitlabRulesAfterLanding(nav, rules);
  const only = nav.get(job, 'only');
  if (only !== undefined) return !gitlabOnlyAfterLanding(nav, only);
  return true;
}
