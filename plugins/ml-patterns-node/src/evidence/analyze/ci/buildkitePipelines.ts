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
 * Buildkite (`.buildkite/pipeline.yml`): does it only build, push or
 * deploy images after a change has landed? Buildkite builds every branch
 * pushed and pull request unless a step keeps to named `branches` or an
 * `if` on a named branch, a tag or a schedule. Every command step must
 * only build, push or deploy (`imageReleaseSteps.ts`, the docker-compose
 * plugin's `build`/`push`); `wait`, `block` and `input` steps wait. A
 * `trigger` step, a pipeline upload or any other command may check
 * something. Undefined otherwise.
 */

/** Steps that only wait or ask. */
const WAITING = ['wait', 'block', 'input'];

/**
 * An `if` that holds only after landing: a named branch, a tag or a
 * schedule, with no `||` and nothing on pull requests.
 */
const LANDED_IF =
  /build\.tag\b|build\.source\s*==\s*["'](?:schedule|ui|api|trigger_job)["']|build\.branch\s*==\s*["'][\w./-]+["']|build\.branch\s*==\s*pipeline\.default_branch/;
const MAY_BE_PROPOSED = /\|\||pull_request|build\.tag\s*==\s*null/;

function stepAfterLanding(nav: YamlNav, step: unknown): boolean {
  const branches =
    nav.str(step, 'branches') ?? nav.strings(step, 'branches').join(' ');
  if (branches && fixedBranches(branches.split(/\s+/).filter(Boolean)))
    return true;
  const condition = nav.str(step, 'if');
  return (
    condition !== undefined &&
    LANDED_IF.test(condition) &&
    !MAY_BE_PROPOSED.test(condition)
  );
}

/** The part a plugin plays: docker-compose `build`/`push` release, log-ins prepare, others may check. */
function pluginPart(nav: YamlNav, name: string, config: unknown): ReleasePart {
  const plugin = name
    .split('#')[0]
    .replace(/^.*\//, '')
    .replace(/-buildkite-plugin$/, '');
  if (plugin === 'docker-compose') {
    if (nav.get(config, 'run') !== undefined) return 'other';
    return nav.get(config, 'build') !== undefined ||
      nav.get(config, 'push') !== undefined
      ? 'release'
      : 'other';
  }
  if (
    /^(?:ecr|docker-login|gcp-workload-identity-federation|aws-assume-role[\w-]*)$/.test(
      plugin,
    )
  )
    return 'setup';
  // The docker plugin runs the step's command in a container: the command decides.
  if (plugin === 'docker') return 'setup';
  return 'other';
}

function readSteps(
  nav: YamlNav,
  list: unknown[],
  lineOf: (node: unknown) => number | undefined,
  into: ReleaseSteps,
  depth = 0,
): boolean {
  for (const step of list) {
    if (WAITING.includes(nav.str(step) ?? '')) continue;
    if (WAITING.some(key => nav.get(step, key) !== undefined)) continue;
    const group = nav.items(step, 'steps');
    if (nav.get(step, 'group') !== undefined && depth < 3) {
      if (!readSteps(nav, group, lineOf, into, depth + 1)) return false;
      continue;
    }
    if (!nav.isMap(step) || !stepAfterLanding(nav, step)) return false;
    const pluginsNode = nav.get(step, 'plugins');
    const plugins: Array<[string, unknown, unknown]> = nav.isMap(pluginsNode)
      ? nav.entries(pluginsNode)
      : nav
          .items(pluginsNode)
          .flatMap(item =>
            nav.str(item) !== undefined
              ? [
                  [nav.str(item)!, undefined, item] as [
                    string,
                    unknown,
                    unknown,
                  ],
                ]
              : nav.entries(item),
          );
    for (const [name, config, keyNode] of plugins)
      into.step(
        pluginPart(nav, name, config),
        lineOf(keyNode) ?? 1,
        name.split('#')[0],
      );
    const command = nav.get(step, 'command') ?? nav.get(step, 'commands');
    const entries = nav.items(command);
    for (const entry of entries.length > 0 ? entries : [command]) {
      const script = nav.str(entry);
      if (script !== undefined)
        into.script(script, firstLineOf(entry, lineOf) ?? 1);
      else if (entry !== undefined) into.other();
    }
    if (nav.get(step, 'trigger') !== undefined) into.other();
    if (into.mayCheck) return false;
  }
  return true;
}

export function buildkiteReleasesOnly(
  path: string,
  text: string,
): ReleaseOnlyFinding | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  const list = nav.isMap(root) ? nav.items(root, 'steps') : nav.items(root);
  if (list.length === 0) return undefined;
  const steps = new ReleaseSteps();
  if (!readSteps(nav, list, parsed.lineOf, steps)) return undefined;
  return releasedAfterLanding(steps);
}
