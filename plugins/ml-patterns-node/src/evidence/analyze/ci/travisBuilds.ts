import { firstLineOf } from '../scalarFirstLine';
import {
  parseYamlDocuments,
  singleYamlDocument,
  YamlNav,
} from '../yamlDocuments';
import {
  releasedAfterLanding,
  ReleaseOnlyFinding,
  ReleaseSteps,
} from './releaseOnlySteps';

/**
 * Travis CI (`.travis.yml`): does it only build, push or deploy images
 * after a change has landed? Travis builds every branch pushed and every
 * pull request; a job runs only after landing when its `if` (or its
 * stage's, or the build's) holds only for tags, cron or API builds, or
 * pushes to a named branch. A `deploy` section runs only after landing
 * (on the default branch, or tags) unless it allows all branches. Every
 * phase of every job must only build, push or deploy images
 * (`imageReleaseSteps.ts`); a job with no `script` runs the language's
 * default tests. Undefined otherwise.
 */

const PHASES = [
  'before_install',
  'install',
  'before_script',
  'script',
  'after_success',
  'after_failure',
  'after_script',
  'before_deploy',
  'after_deploy',
];

/** Deployment providers that deploy an application or image. */
const RELEASE_PROVIDERS = new Set([
  'heroku',
  'cloudfoundry',
  'elasticbeanstalk',
  'codedeploy',
  'gae',
  'openshift',
  'azure_web_apps',
  'engineyard',
  'boxfuse',
  'hephy',
  'scalingo',
]);

const MAY_BE_PROPOSED = /\bOR\b|\|\|/i;
/** Conditions that exclude pull requests, read out before looking for other negations. */
const NOT_PULL_REQUEST =
  /\btype\s*!=\s*pull_request\b|\bNOT\s+type\s*==?\s*pull_request\b/gi;
const NEGATION = /\bNOT\b|!=/i;
const RELEASE_ONLY = /\btag\s+IS\s+present\b|\btype\s*==?\s*(?:cron|api)\b/i;
const NAMED_BRANCH = /\bbranch\s*==?\s*[\w./-]+/i;
const PUSH_ONLY =
  /\btype\s*==?\s*push\b|\btype\s+IN\s*\(\s*(?:push|api|cron)(?:\s*,\s*(?:push|api|cron))*\s*\)/i;

/** Does a Travis `if` condition hold only after a change lands? */
export function travisConditionLanded(condition: string | undefined): boolean {
  if (condition === undefined || MAY_BE_PROPOSED.test(condition)) return false;
  const excludesPullRequests = condition.search(NOT_PULL_REQUEST) >= 0;
  const rest = condition.replace(NOT_PULL_REQUEST, ' ');
  if (NEGATION.test(rest)) return false;
  if (RELEASE_ONLY.test(rest)) return true;
  return (
    NAMED_BRANCH.test(rest) && (excludesPullRequests || PUSH_ONLY.test(rest))
  );
}

function readPhases(
  nav: YamlNav,
  job: unknown,
  lineOf: (node: unknown) => number | undefined,
  into: ReleaseSteps,
): boolean {
  let scripted = false;
  for (const phase of PHASES) {
    const node = nav.get(job, phase);
    if (node === undefined) continue;
    if (phase === 'script') scripted = true;
    const entries = nav.items(node);
    for (const entry of entries.length > 0 ? entries : [node]) {
      const script = nav.str(entry);
      if (script === undefined) into.other();
      else if (script !== 'skip')
        into.script(script, firstLineOf(entry, lineOf) ?? 1);
    }
  }
  return scripted;
}

function readDeploy(
  nav: YamlNav,
  deploy: unknown,
  lineOf: (node: unknown) => number | undefined,
  into: ReleaseSteps,
): boolean {
  const deploys = nav.isMap(deploy) ? [deploy] : nav.items(deploy);
  for (const one of deploys) {
    if (nav.str(one, 'on', 'all_branches') === 'true') return false;
    const provider = nav.str(one, 'provider') ?? '';
    const line = lineOf(nav.get(one, 'provider')) ?? 1;
    if (provider === 'script') {
      const scriptNode = nav.get(one, 'script');
      const script = nav.str(scriptNode);
      if (script === undefined) into.other();
      else into.script(script, firstLineOf(scriptNode, lineOf) ?? line);
    } else
      into.step(
        RELEASE_PROVIDERS.has(provider) ? 'release' : 'other',
        line,
        `deploy to ${provider}`,
      );
  }
  return true;
}

export function travisReleasesOnly(
  path: string,
  text: string,
): ReleaseOnlyFinding | undefined {
  const parsed = parseYamlDocuments(path, text, []);
  const single = singleYamlDocument(parsed);
  if (!single) return undefined;
  const { nav, root } = single;
  const buildLanded = travisConditionLanded(nav.str(root, 'if'));
  const stageLanded = new Map<string, boolean>();
  for (const stage of nav.items(root, 'stages'))
    stageLanded.set(
      (nav.str(stage, 'name') ?? nav.str(stage) ?? '').toLowerCase(),
      travisConditionLanded(nav.str(stage, 'if')),
    );
  const includes = [
    ...nav.items(root, 'jobs', 'include'),
    ...nav.items(root, 'matrix', 'include'),
  ];
  const steps = new ReleaseSteps();
  const released = () => steps.released.length;
  // The build's own phases run in every job (an included job may replace them).
  const jobs: unknown[] = includes.length === 0 ? [root] : [...includes];
  // A build script beside included jobs runs in jobs of its own too.
  if (includes.length > 0 && nav.get(root, 'script') !== undefined)
    jobs.unshift(root);
  for (const job of jobs) {
    const before = released();
    const landed =
      buildLanded ||
      travisConditionLanded(nav.str(job, 'if')) ||
      stageLanded.get((nav.str(job, 'stage') ?? '').toLowerCase()) === true;
    const scripted =
      readPhases(nav, job, parsed.lineOf, steps) ||
      (job !== root && readPhases(nav, root, parsed.lineOf, steps));
    if (!scripted) return undefined;
    if (!landed && released() > before) return undefined;
    const deploy = nav.get(job, 'deploy') ?? nav.get(root, 'deploy');
    if (deploy !== undefined && !readDeploy(nav, deploy, parsed.lineOf, steps))
      return undefined;
    if (steps.mayCheck) return undefined;
  }
  return releasedAfterLanding(steps);
}
