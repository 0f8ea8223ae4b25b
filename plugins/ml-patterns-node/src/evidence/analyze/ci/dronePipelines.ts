import { firstLineOf } from '../scalarFirstLine';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';
import { fixedBranches } from './proposedChanges';
import {
  releasedAfterLanding,
  ReleaseOnlyFinding,
  ReleaseSteps,
} from './releaseOnlySteps';

/**
 * Drone and Woodpecker (`.drone.yml`): does it only build, push or deploy
 * images after a change has landed? A pipeline runs on every push and
 * pull request unless its `trigger` (or a step's `when`) keeps it to
 * events after landing: tags, promotions, cron, runs by hand, or pushes
 * to named branches (a branch filter alone still matches pull requests
 * into that branch). Every step must run a release plugin (the Docker,
 * ECR, GCR, Kaniko, SSH or Helm plugins) or commands that only build,
 * push or deploy (`imageReleaseSteps.ts`). Undefined otherwise.
 */

/** Plugin images (without a tag) that build and push an image or deploy one. */
const RELEASE_PLUGIN =
  /^(?:plugins\/(?:docker|ecr|gcr|acr|kaniko|kaniko-ecr|kaniko-gcr|docker-buildx|heroku|ansible|gke|ecs)|[\w.-]+\/drone-(?:docker[\w-]*|kaniko|buildx|ssh|scp|kubectl|kubernetes|helm[\w-]*|gke|k8s[\w-]*|ecs[\w-]*|cloudrun)|woodpeckerci\/plugin-(?:docker-buildx|kaniko)|appleboy\/drone-(?:ssh|scp))$/;

/** Events after a change lands (`push` only with a branch named). */
const LANDED_EVENTS = new Set(['tag', 'promote', 'rollout', 'cron', 'custom']);

/** Does a `trigger` / `when` condition keep a pipeline or step to after landing? */
function afterLanding(nav: YamlNav, condition: unknown): boolean {
  if (condition === undefined) return false;
  const refs = nav.strings(condition, 'ref');
  if (
    refs.length > 0 &&
    refs.every(
      ref =>
        ref.startsWith('refs/tags/') ||
        (ref.startsWith('refs/heads/') && fixedBranches([ref])),
    )
  )
    return true;
  const eventNode = nav.get(condition, 'event');
  const events = nav.isMap(eventNode)
    ? nav.strings(eventNode, 'include')
    : nav.strings(eventNode);
  if (events.length === 0 || events.includes('pull_request')) return false;
  if (events.every(event => LANDED_EVENTS.has(event))) return true;
  const branchNode = nav.get(condition, 'branch');
  const branches = nav.isMap(branchNode)
    ? nav.strings(branchNode, 'include')
    : nav.strings(branchNode);
  return fixedBranches(branches);
}

export function droneReleasesOnly(
  path: string,
  text: string,
): ReleaseOnlyFinding | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  if (parsed.documents.length === 0) return undefined;
  const steps = new ReleaseSteps();
  let pipelines = 0;
  for (const { doc, root } of parsed.documents) {
    const nav = new YamlNav(doc);
    const kind = nav.str(root, 'kind');
    if (kind !== undefined && kind !== 'pipeline') continue;
    pipelines++;
    const landed = afterLanding(nav, nav.get(root, 'trigger'));
    const stepsNode = nav.get(root, 'steps') ?? nav.get(root, 'pipeline');
    // Woodpecker also writes steps as a map of named steps.
    const list = nav.isMap(stepsNode)
      ? nav.entries(stepsNode).map(([, step]) => step)
      : nav.items(stepsNode);
    if (list.length === 0) return undefined;
    for (const step of list) {
      if (!landed && !afterLanding(nav, nav.get(step, 'when')))
        return undefined;
      const commands = nav.items(step, 'commands');
      if (commands.length > 0) {
        for (const command of commands) {
          const script = nav.str(command);
          if (script === undefined) return undefined;
          steps.script(script, firstLineOf(command, parsed.lineOf) ?? 1);
        }
      } else {
        const image = (nav.str(step, 'image') ?? '').split(':')[0];
        steps.step(
          RELEASE_PLUGIN.test(image) ? 'release' : 'other',
          parsed.lineOf(nav.get(step, 'image')) ?? 1,
          image,
        );
      }
      if (steps.mayCheck) return undefined;
    }
  }
  return pipelines > 0 ? releasedAfterLanding(steps) : undefined;
}
