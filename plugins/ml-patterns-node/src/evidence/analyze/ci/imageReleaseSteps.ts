import { ShellCommand } from '../shell/shellScript';
import { commandPurpose } from './workflowStepPurpose';

/**
 * What one CI step does, for telling a pipeline that checks a change from
 * one that only publishes it, in every CI system alike:
 *
 * - `release`: builds, pushes or deploys an image (`docker build|push`,
 *   Kaniko, `gcloud run deploy`, `kubectl apply`, a build-and-push or
 *   deployment action);
 * - `setup`: prepares the run (log-ins, credentials, installers, copies);
 * - `other`: anything else — taken to check something.
 */
export type ReleasePart = 'release' | 'setup' | 'other';

/** `docker build|push|tag …`: making and publishing an image (`login`, `pull` prepare it). */
const DOCKER_RELEASE = new Set(['build', 'push', 'tag', 'buildx', 'image']);
const DOCKER_SETUP = new Set(['login', 'logout', 'pull', 'builder', 'context']);
/** `docker compose build|push`. */
const COMPOSE_RELEASE = new Set(['build', 'push', 'pull']);
/** `gcloud <group> deploy`: a deployment of what was built. */
const GCLOUD_DEPLOY_GROUPS = new Set(['run', 'app', 'functions']);
/** `kubectl` and `helm` subcommands that roll out what was built. */
const ROLL_OUT = new Set([
  'apply',
  'set',
  'rollout',
  'create',
  'replace',
  'patch',
  'upgrade',
  'install',
]);

function dockerPart(words: string[]): ReleasePart {
  const sub = words[1] ?? '';
  if (DOCKER_RELEASE.has(sub)) return 'release';
  if (DOCKER_SETUP.has(sub)) return 'setup';
  if (sub === 'compose')
    return COMPOSE_RELEASE.has(words[2] ?? '') ? 'release' : 'other';
  return 'other';
}

function gcloudPart(second: string, third: string): ReleasePart {
  if (GCLOUD_DEPLOY_GROUPS.has(second) && third === 'deploy') return 'release';
  if (second === 'builds' && third === 'submit') return 'release';
  if (second === 'container' && third === 'clusters') return 'setup';
  if (second === 'auth' || second === 'config') return 'setup';
  return 'other';
}

/**
 * The part one shell command plays: building, pushing or deploying an
 * image, preparing the run (see `commandPurpose`), or something else.
 */
export function releaseCommandPart(command: ShellCommand): ReleasePart {
  const [first = '', second = '', third = ''] = command.words;
  const program = first.replace(/^.*\//, '');
  if (program === 'docker' || program === 'podman')
    return dockerPart(command.words);
  if (program === 'docker-compose')
    return COMPOSE_RELEASE.has(second) ? 'release' : 'other';
  // Kaniko's executor and buildah build and push an image.
  if (program === 'executor' || program === 'gke-deploy') return 'release';
  if (program === 'buildah')
    return second === 'bud' || second === 'build' || second === 'push'
      ? 'release'
      : 'other';
  if (program === 'gcloud') return gcloudPart(second, third);
  if (program === 'kubectl' || program === 'helm')
    return ROLL_OUT.has(second) || second === 'config' ? 'release' : 'other';
  // Fetching files into the build context.
  if (program === 'gsutil')
    return second === 'cp' || second === 'rsync' || second === '-m'
      ? 'setup'
      : 'other';
  return commandPurpose(command) === 'setup' ? 'setup' : 'other';
}

/** Actions (`owner/name[/path]`, lower case, without `@ref`) that build, push or deploy images. */
const RELEASE_ACTIONS = new Set([
  'docker/build-push-action',
  'docker/bake-action',
  'depot/build-push-action',
  'redhat-actions/buildah-build',
  'redhat-actions/s2i-build',
  'redhat-actions/push-to-registry',
  'google-github-actions/deploy-cloudrun',
  'google-github-actions/deploy-appengine',
  'aws-actions/amazon-ecs-deploy-task-definition',
  'azure/webapps-deploy',
  'azure/k8s-deploy',
  'azure/container-apps-deploy-action',
  'akhileshns/heroku-deploy',
  'appleboy/ssh-action',
  'appleboy/scp-action',
]);

/** Actions that prepare a build or a deployment: log-ins, builders, tags, credentials. */
const RELEASE_SETUP_ACTIONS = new Set([
  'docker/login-action',
  'docker/setup-buildx-action',
  'docker/setup-qemu-action',
  'docker/metadata-action',
  'depot/setup-action',
  'aws-actions/configure-aws-credentials',
  'aws-actions/amazon-ecr-login',
  'aws-actions/amazon-ecs-render-task-definition',
  'google-github-actions/auth',
  'google-github-actions/setup-gcloud',
  'google-github-actions/get-gke-credentials',
  'azure/login',
  'azure/docker-login',
  'azure/k8s-set-context',
  'azure/setup-kubectl',
  'azure/setup-helm',
  'digitalocean/action-doctl',
]);

/** The part a GitHub Actions `uses:` step plays; undefined when the action is none of these. */
export function releaseActionPart(uses: string): ReleasePart | undefined {
  const name = uses.split('@')[0].trim().toLowerCase();
  if (RELEASE_ACTIONS.has(name)) return 'release';
  if (RELEASE_SETUP_ACTIONS.has(name)) return 'setup';
  return undefined;
}

/**
 * Text that may build, push or deploy an image: without one of these
 * words a configuration is not read for it. An alternation of literals:
 * linear in the text.
 */
export const MAY_RELEASE_IMAGES =
  /\b(?:docker|podman|buildah|executor|gke-deploy|gcloud|kubectl|helm|build-push-action|bake-action|s2i-build|push-to-registry|deploy-cloudrun|deploy-appengine|deploy-task-definition|webapps-deploy|k8s-deploy|container-apps-deploy-action|heroku-deploy|ssh-action|scp-action)\b/;

/** `docker build`, `docker/build-push-action`: the first words of a command or an action's name. */
export function shortRelease(words: string[]): string {
  return words.slice(0, 2).join(' ');
}
