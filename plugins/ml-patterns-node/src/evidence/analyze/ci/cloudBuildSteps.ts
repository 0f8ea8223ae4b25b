import { commandsOfArgv } from '../shell/shellScript';
import { parseYamlDocuments, singleYamlDocument } from '../yamlDocuments';
import { releaseCommandPart, shortRelease } from './imageReleaseSteps';

/** Why a Cloud Build configuration checks nothing about a change, at the line that shows it. */
export interface CloudBuildWithoutChecks {
  line: number;
  reason: string;
}

/** Most steps read from one configuration; beyond, it is taken to check something. */
const MAX_STEPS = 200;

/** The program a builder image runs when the step names no `entrypoint`. */
function builderProgram(image: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.split(/[@:]/)[0];
}

/**
 * Does a Cloud Build configuration only build, push and deploy images?
 * Every step runs `docker build`/`push`, a deployment (`gke-deploy`,
 * `gcloud run deploy`, `kubectl apply`) or a set-up command, and none runs
 * tests, linters or anything else (`imageReleaseSteps.ts`). Its triggers
 * are set outside the repository, so nothing shows it runs on a proposed
 * change: like a workflow that builds and publishes only after a change
 * has landed, it checks nothing about the change. Undefined when some
 * step may check something (or the file cannot be read).
 */
export function cloudBuildWithoutChecks(
  path: string,
  text: string,
): CloudBuildWithoutChecks | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
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
      const part = releaseCommandPart(command);
      if (part === 'other') return undefined;
      if (part === 'release') released.push(shortRelease(command.words));
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
