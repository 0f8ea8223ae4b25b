import { EvidenceProblem } from '../../types';
import { ciKind, isShellScript, isYaml } from '../fileKinds';
import { baseName, dirName, joinPath } from '../paths';
import { parseShellScript } from '../shell/shellScript';
import { ciJobs } from './ciScripts';
import { isDocumentationMarkdown } from './documentation';
import { markdownShellBlocks } from './markdownShellBlocks';
import { ScriptRun } from './packagingCommands';

/**
 * The files a project writes its image builds and runs in, read as the
 * shell scripts they run: a shell script, a Makefile's recipes, a CI job's
 * steps, a README's shell blocks (documented: weaker evidence).
 */

export interface CommandSequence {
  runs: ScriptRun[];
  documented: boolean;
}

/** `Makefile`, `makefile`, `GNUmakefile`, `build.mk`. */
export function isMakefile(path: string): boolean {
  const name = baseName(path);
  return /^(?:GNU)?[Mm]akefile$/.test(name) || name.endsWith('.mk');
}

/** Can a file hold build or run commands? */
export function isCommandFile(path: string): boolean {
  if (isShellScript(path) || isMakefile(path)) return true;
  const ci = ciKind(path);
  if ((ci === 'github-actions' || ci === 'gitlab-ci') && isYaml(path))
    return true;
  return isDocumentationMarkdown(path);
}

/** `NAME = value`, `NAME := value`, `NAME ?= value` of a Makefile. */
const MAKE_ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:?]?=(.*)$/;
/** `$(NAME)` / `${NAME}`: a make variable. */
const MAKE_VARIABLE = /\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]/g;

/**
 * A Makefile's recipe lines as one shell script each (make runs each line
 * in its own shell), its variables put in; `$$` is the shell's `$`.
 */
function makefileRuns(text: string, cwd: string[]): ScriptRun[] {
  const variables = new Map<string, string>();
  const runs: ScriptRun[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith('\t')) {
      const assignment = MAKE_ASSIGNMENT.exec(line);
      if (assignment) variables.set(assignment[1], assignment[2].trim());
      continue;
    }
    const recipe = line
      .slice(1)
      .replace(/^[@+-]+/, '')
      .replace(MAKE_VARIABLE, (whole, name: string) =>
        variables.has(name) ? variables.get(name)! : whole,
      )
      .replace(/\$\$/g, '$');
    if (recipe.trim() === '' || recipe.trimStart().startsWith('#')) continue;
    runs.push({
      script: parseShellScript(recipe, { firstLine: i + 1 }),
      cwd,
    });
  }
  return runs;
}

/**
 * The shell scripts of one file (repository path). `root` is the folder a
 * CI job starts in; a script, Makefile or README runs from its own folder
 * or from the root.
 */
export function commandSequences(
  repoPath: string,
  text: string,
  root: string,
  problems: EvidenceProblem[],
): CommandSequence[] {
  const fileFolder = dirName(repoPath);
  const cwd = fileFolder === root ? [root] : [fileFolder, root];
  if (isShellScript(repoPath))
    return [
      {
        runs: [{ script: parseShellScript(text), cwd }],
        documented: false,
      },
    ];
  if (isMakefile(repoPath))
    return [{ runs: makefileRuns(text, [fileFolder]), documented: false }];
  const ci = ciKind(repoPath);
  if ((ci === 'github-actions' || ci === 'gitlab-ci') && isYaml(repoPath))
    return ciJobs(repoPath, text, ci, problems).map(job => ({
      runs: job.runs.map(run => ({
        ...run,
        cwd: run.cwd.flatMap(folder => joinPath(root, folder) ?? []),
      })),
      documented: false,
    }));
  if (isDocumentationMarkdown(repoPath))
    return [
      {
        runs: markdownShellBlocks(repoPath, text, problems).map(block => ({
          script: parseShellScript(block.text, { firstLine: block.firstLine }),
          cwd,
        })),
        documented: true,
      },
    ];
  return [];
}
