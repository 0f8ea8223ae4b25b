import { Minimatch } from 'minimatch';
import { parse as parseYaml } from 'yaml';
import { withoutStackTraces } from '../withoutStackTraces';
import { yamlNestingProblem } from '../yamlNesting';
import { workflowOnBlock } from './workflowOnBlock';

/**
 * A GitHub Actions path filter as a minimatch pattern: GitHub's `**`
 * also matches inside a segment (`**.md` is every Markdown file).
 */
function workflowGlob(pattern: string): Minimatch {
  return new Minimatch(pattern.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*'), {
    dot: true,
  });
}

interface Trigger {
  paths?: Minimatch[];
  pathsNegated?: boolean[];
  ignore?: Minimatch[];
}

/** Push / pull-request triggers of a GitHub workflow with their path filters; undefined: runs regardless. */
function workflowTriggers(text: string): Trigger[] | undefined {
  let doc: any;
  // Too deep to parse safely: the workflow is taken to run regardless.
  if (yamlNestingProblem(text)) return undefined;
  const parse = (yaml: string) =>
    withoutStackTraces(() => parseYaml(yaml, { maxAliasCount: 100 }));
  // The `on:` entry alone when it parses (its jobs are most of a workflow).
  const block = workflowOnBlock(text);
  try {
    doc = block === undefined ? undefined : parse(block);
  } catch {
    doc = undefined;
  }
  if (doc === undefined) {
    try {
      doc = parse(text);
    } catch {
      return undefined;
    }
  }
  const on = doc?.on ?? doc?.true;
  if (!on || typeof on !== 'object' || Array.isArray(on)) return undefined;
  const events = ['push', 'pull_request', 'pull_request_target'];
  const present = events.filter(event => event in on);
  if (present.length === 0 || 'merge_group' in on) return undefined;
  const triggers: Trigger[] = [];
  for (const event of present) {
    const config = on[event];
    if (!config || typeof config !== 'object') return undefined;
    const list = (value: unknown): string[] | undefined =>
      Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : undefined;
    const paths = list(config.paths);
    const ignore = list(config['paths-ignore']);
    if (paths) {
      triggers.push({
        paths: paths.map(p => workflowGlob(p.replace(/^!/, ''))),
        pathsNegated: paths.map(p => p.startsWith('!')),
      });
    } else if (ignore) {
      triggers.push({
        ignore: ignore.map(workflowGlob),
      });
    } else {
      return undefined;
    }
  }
  return triggers;
}

/** Would a change to this file start the workflow (GitHub: the last matching `paths` pattern decides)? */
function triggered(trigger: Trigger, path: string): boolean {
  if (trigger.paths) {
    let included = false;
    trigger.paths.forEach((matcher, i) => {
      if (matcher.match(path)) included = !trigger.pathsNegated![i];
    });
    return included;
  }
  return !trigger.ignore!.some(matcher => matcher.match(path));
}

/**
 * Does a GitHub workflow run for a change to any of these files? It does
 * unless its push / pull-request triggers filter paths and none of the
 * files passes a filter (an unreadable workflow is taken to run).
 */
export function workflowRunsFor(
  text: string | undefined,
  paths: string[],
): boolean {
  const triggers = text === undefined ? undefined : workflowTriggers(text);
  return (
    !triggers ||
    triggers.some(trigger => paths.some(p => triggered(trigger, p)))
  );
}
