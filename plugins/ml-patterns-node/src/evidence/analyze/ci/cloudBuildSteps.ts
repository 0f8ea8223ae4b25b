import { commandsOfArgv, ShellCommand } from '../shell/shellScript';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';
import { commandPurpose } from './workflowStepPurpose';

/** Why a Cloud Build configuration checks nothing about a change, at the line that shows it. */
export interface CloudBuildWithoutChecks {
  line: number;
  reason: string;
}

/** Most steps read from one configuration; beyond, it is taken to check something. */
const MAX_STEPS = 200;

type Part = 'release' | 'setup' | 'other';

/** `docker build|push|tag …`: making and publishing an image. */
const DOCKER_RELEASE = new Set(['build', 'push', 'tag', 'login', 'pull']);
/** `gcloud <group> deploy`, `gcloud builds submit`, credentials for a deployment. */
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

/** The program a builder image runs when the step names no `entrypoint`. */
function builderProgram(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.split(/[@:]/)[0];
}

function commandPart(command: ShellCommand): Part {
  const [first = '', second = '', third = ''] = command.words;
  const program = first.replace(/^.*\//, '');
  if (program === 'docker')
    return DOCKER_RELEASE.has(second) ? 'release' : 'other';
  // Kaniko's executor builds and pushes an image.
  if (program === 'executor' || program === 'gke-deploy') return 'release';
  if (program === 'gcloud') {
    if (GCLOUD_DEPLOY_GROUPS.has(second) && third === 'deploy')
      return 'release';
    if (second === 'builds' && third === 'submit') return 'release';
    if (second === 'container' && third === 'clusters') return 'setup';
    if (second === 'auth' || second === 'config') return 'setup';
    return 'other';
  }
  if (program === 'kubectl' || program === 'helm')
    return ROLL_OUT.has(second) || second === 'config' ? 'release' : 'other';
  // Fetching files into the build context.
  if (program === 'gsutil')
    return second === 'cp' || second === 'rsync' || second === '-m'
      ? 'setup'
      : 'other';
  return commandPurpose(command) === 'setup' ? 'setup' : 'other';
}

function shortCommand(words: string[]): string {
  return words.slice(0, 2).join(' ');
}

/**
 * Does a Cloud Build configuration only build, push and deploy images?
 * Every step runs `docker build`/`push`, a deployment (`gke-deploy`,
 * `gcloud run deploy`, `kubectl apply`) or a set-up command, and none runs
 * tests, linters or anything else: the build checks nothing about the
 * change beyond that its image builds. Undefined when some step may check
 * something (or the file cannot be read).
 */
export function cloudBuildWithoutChecks(
  path: string,
  text: string,
): CloudBuildWithoutChecks | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  if (parsed.documents.length !== 1) return undefined;
  const { doc, root } = parsed.documents[0];
  const nav = new YamlNav(doc);
  const steps = nav.items(root, 'steps');
  if (steps.length === 0 || steps.length > MAX_STEPS) return undefined;
  const released: string[] = [];
  let firstLine: number | undefined;
  for (const step of steps) {
    const image = nav.str(step, 'name');
    if (image === undefined) return undefined;
    const line = parsed.lineOf(nav.get(step, 'name')) ?? 1;
    firstLine ??= line;
    const entrypoint = nav.str(step, 'entrypoint');
    const argsNode = nav.get(step, 'args');
    const args =
      nav.str(argsNode) !== undefined
        ? (nav.str(argsNode) ?? '').split(/\s+/).filter(Boolean)
        : nav.strings(argsNode);
    const argv = [entrypoint ?? builderProgram(image), ...args];
    const commands = commandsOfArgv(argv, line).commands;
    if (commands.length === 0) return undefined;
    for (const command of commands) {
      const part = commandPart(command);
      if (part === 'other') return undefined;
      if (part === 'release') released.push(shortCommand(command.words));
    }
  }
  if (released.length === 0 || firstLine === undefined) return undefined;
  return {
    line: firstLine,
    reason: `only builds, pushes and deploys images (${[...new Set(released)]
      .slice(0, 3)
      .join(', ')}), running no tests or other checks`,
  };
}
