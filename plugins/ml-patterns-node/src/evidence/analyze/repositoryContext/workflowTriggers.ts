import { Minimatch } from 'minimatch';
import { parse as parseYaml } from 'yaml';
import { withoutStackTraces } from '../withoutStackTraces';
import { yamlNestingProblem } from '../yamlNesting';
import { workflowOnBlock } from './workflowOnBlock';

/**
 * GitHub Actions path filters of one analysis, each compiled once and each
 * (filter, path) pair matched once: a monorepo's workflows repeat the same
 * filters, checked against the same files.
 */
export class WorkflowGlobs {
  private readonly compiled = new Map<string, Minimatch>();
  private readonly results = new Map<string, boolean>();

  /** Does the path pass the filter? GitHub's `**` also matches inside a segment (`**.md` is every Markdown file). */
  match(pattern: string, path: string): boolean {
    const key = `${pattern}\n${path}`;
    let result = this.results.get(key);
    if (result === undefined) {
      let matcher = this.compiled.get(pattern);
      if (!matcher) {
        matcher = new Minimatch(
          pattern.replace(/(^|\/)\*\*(?=[^/])/g, '$1**/*'),
          { dot: true },
        );
        this.compiled.set(pattern, matcher);
      }
      result = matcher.match(path);
      this.results.set(key, result);
    }
    return result;
  }
}

interface Trigger {
  paths?: string[];
  pathsNegated?: boolean[];
  ignore?: string[];
}

/**
 * Text that may hold a `paths` or `paths-ignore` filter: the word, or a
 * YAML escape that could spell it in a double-quoted key (`\x70`, an
 * escaped line break). Without either, the workflow runs for any change
 * and is not parsed.
 */
const MAY_FILTER_PATHS = /paths|\\[xuU\r\n]/;

/** Push / pull-request triggers of a GitHub workflow with their path filters; undefined: runs regardless. */
function workflowTriggers(text: string): Trigger[] | undefined {
  if (!MAY_FILTER_PATHS.test(text)) return undefined;
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
        paths: paths.map(p => p.replace(/^!/, '')),
        pathsNegated: paths.map(p => p.startsWith('!')),
      });
    } else if (ignore) {
      triggers.push({
        ignore,
      });
    } else {
      return undefined;
    }
  }
  return triggers;
}

/** Would a change to this file start the workflow (GitHub: the last matching `paths` pattern decides)? */
function triggered(
  trigger: Trigger,
  path: string,
  globs: WorkflowGlobs,
): boolean {
  if (trigger.paths) {
    let included = false;
    trigger.paths.forEach((pattern, i) => {
      if (globs.match(pattern, path)) included = !trigger.pathsNegated![i];
    });
    return included;
  }
  return !trigger.ignore!.some(pattern => globs.match(pattern, path));
}

/**
 * Does a GitHub workflow run for a change to any of these files? It does
 * unless its push / pull-request triggers filter paths and none of the
 * files passes a filter (an unreadable workflow is taken to run).
 * `globs`: the filters compiled so far in this analysis.
 */
export function workflowRunsFor(
  text: string | undefined,
  paths: string[],
  globs: WorkflowGlobs = new WorkflowGlobs(),
): boolean {
  const triggers = text === undefined ? undefined : workflowTriggers(text);
  return (
    !triggers ||
    triggers.some(trigger => paths.some(p => triggered(trigger, p, globs)))
  );
}
