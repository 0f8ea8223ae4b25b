import { parseShellScript } from '../shell/shellScript';
import { parseYamlDocuments, YamlNav } from '../yamlDocuments';
import { GITLAB_RESERVED_KEYS } from './gitlabReservedKeys';
import { gitlabScriptEntries } from './gitlabScriptEntries';
import {
  MAY_RELEASE_IMAGES,
  releaseCommandPart,
  shortRelease,
} from './imageReleaseSteps';
import { gitlabJobRunsOnProposedChanges } from './proposedChanges';

/** Most script entries read from one file. */
const MAX_SCRIPTS = 2000;

const JOB_SCRIPTS = ['before_script', 'script', 'after_script'];

/**
 * Does a GitLab CI configuration only build, push or deploy images, and
 * only after a change has landed (`proposedChanges.ts`)? Every job's
 * scripts build, push or deploy (`docker build|push`, Kaniko, `kubectl
 * apply`: `imageReleaseSteps.ts`) or prepare that, at least one releases,
 * and no job runs on a branch pushed or a merge request. Undefined
 * otherwise, or when jobs come from elsewhere (`include`, `extends`,
 * `trigger`).
 */
export function gitlabReleasesOnly(
  path: string,
  text: string,
): { line: number; reason: string } | undefined {
  if (!MAY_RELEASE_IMAGES.test(text)) return undefined;
  const parsed = parseYamlDocuments(path, text, [], { keepBraces: true });
  if (parsed.documents.length !== 1) return undefined;
  const { doc, root } = parsed.documents[0];
  const nav = new YamlNav(doc);
  if (!nav.isMap(root) || nav.get(root, 'include') !== undefined)
    return undefined;
  const budget = { left: MAX_SCRIPTS };
  const released: Array<{ line: number; what: string }> = [];
  let jobs = 0;
  for (const [name, job] of nav.entries(root)) {
    // Hidden jobs (`.template`) run only through the jobs that extend them.
    if (GITLAB_RESERVED_KEYS.has(name) || name.startsWith('.')) continue;
    if (!nav.isMap(job)) continue;
    if (
      nav.get(job, 'extends') !== undefined ||
      nav.get(job, 'trigger') !== undefined ||
      gitlabJobRunsOnProposedChanges(nav, root, job)
    )
      return undefined;
    jobs++;
    for (const { script, line } of gitlabScriptEntries(
      nav,
      job,
      JOB_SCRIPTS,
      parsed.lineOf,
      budget,
    )) {
      for (const command of parseShellScript(script, { firstLine: line })
        .commands) {
        const part = releaseCommandPart(command);
        if (part === 'other') return undefined;
        if (part === 'release')
          released.push({
            line: command.line,
            what: shortRelease(command.words),
          });
      }
    }
    if (budget.left <= 0) return undefined;
  }
  if (jobs === 0 || released.length === 0) return undefined;
  const what = [...new Set(released.map(r => r.what))].slice(0, 3).join(', ');
  return {
    line: released[0].line,
    reason: `only builds, pushes or deploys images after a change has landed (${what}), running no tests or other checks on a proposed change`,
  };
}
