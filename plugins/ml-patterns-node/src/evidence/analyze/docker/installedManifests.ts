import {
  DependencyManifestFacts,
  RequirementFacts,
  SourceLine,
} from '../../types';
import { workdirAt } from '../dockerfile';
import { parseRequirementSpec } from '../requirements';
import { BuiltImage } from './BuiltImage';
import { normaliseImagePath } from './imagePaths';
import { shippedStages } from './stageLineage';

/**
 * The dependency manifests an image installs: requirement files named to
 * pip (`-r`, `-c`), the manifests and lockfiles of poetry, uv, pdm and
 * pipenv, conda environment files, and packages named on a `pip install`
 * command line (an inline manifest at the Dockerfile's line).
 */

/** Tools whose unpinned install is not a dependency of the served code. */
const TOOLING = new Set([
  'pip',
  'setuptools',
  'wheel',
  'poetry',
  'uv',
  'pipenv',
  'pip-tools',
  'pdm',
  'virtualenv',
  'conda-lock',
  'pipx',
]);

/** Packaging tools and their plugins (`poetry-plugin-export`): not what the code runs with. */
const isTooling = (name: string) =>
  TOOLING.has(name) || /^poetry-plugin-/.test(name);

/** Repository paths of the manifests the shipped stages install (inline `pip install` packages added to `manifests`). */
export function installedManifests(
  image: BuiltImage,
  manifests: DependencyManifestFacts[],
): SourceLine[] {
  const found: SourceLine[] = [];
  const add = (path: string | undefined, line?: number) => {
    if (path && !found.some(f => f.path === path && f.line === line))
      found.push(line ? { path, line } : { path });
  };
  for (const index of shippedStages(image.parsed)) {
    const stage = image.parsed.stages[index];
    for (const run of stage.run) {
      const command = run.command;
      // `cd sub && uv sync`: files named by a step are relative to the
      // folder the step runs in.
      let cwd: string | undefined;
      for (const segment of command.split(/&&|\|\||;/)) {
        const cd = /^\s*cd\s+(["']?)([^\s"'$]+)\1\s*$/.exec(segment);
        if (cd) {
          cwd = normaliseImagePath(
            cd[2].startsWith('/')
              ? cd[2]
              : `${cwd ?? workdirAt(stage, run.line)}/${cd[2]}`,
          );
          continue;
        }
        const folder = cwd;
        const inFolder = (file: string) =>
          folder && !file.startsWith('/') ? `${folder}/${file}` : file;
        const fileFlag =
          /(?:^|\s)(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/g;
        if (/\b(pip[0-9.]*|uv\s+pip)\s+install\b/.test(segment)) {
          for (const match of segment.matchAll(fileFlag)) {
            add(
              image.repoPathOf(
                stage,
                inFolder(match[1].replace(/^["']|["']$/g, '')),
                run.line,
              ),
            );
          }
        }
        const tool = (pattern: RegExp, files: string[]) => {
          if (!pattern.test(segment)) return;
          for (const file of files) {
            const repo = image.repoPathOf(stage, inFolder(file), run.line);
            if (repo && image.tree.hasFile(repo)) add(repo);
          }
        };
        tool(/\bpoetry\s+(install|sync)\b/, ['pyproject.toml', 'poetry.lock']);
        tool(/\buv\s+sync\b/, ['pyproject.toml', 'uv.lock']);
        tool(/\bpdm\s+(install|sync)\b/, ['pyproject.toml', 'pdm.lock']);
        tool(/\bpipenv\s+(install|sync)\b/, ['Pipfile', 'Pipfile.lock']);
        tool(
          /\b(pip[0-9.]*|uv\s+pip)\s+install\s+(-[-\w]+\s+)*(-e\s+)?\.(\[[^\]]*\])?(\s|$)/,
          ['pyproject.toml', 'setup.py'],
        );
        const condaFile = condaEnvironmentFile(segment);
        if (condaFile)
          add(image.repoPathOf(stage, inFolder(condaFile), run.line));
      }
      const inline = inlinePipRequirements(command, run.line);
      if (inline.length > 0) {
        manifests.push({
          path: image.path,
          kind: 'other',
          requirements: inline,
          includes: [],
          line: run.line,
        });
        add(image.path, run.line);
      }
    }
  }
  return found;
}

/**
 * The `-f`/`--file` of the first conda command that names one before a
 * `&`, `;` or `|` (what
 * `/\b(conda|mamba|micromamba)\s+(…)\b[^&;|]*?\s(?:-f|--file)(?:\s+|=)(\S+)/`
 * finds, in one pass: the lazy run rescans the rest of the command from
 * every `conda install` in it).
 */
export function condaEnvironmentFile(segment: string): string | undefined {
  const commands =
    /\b(?:conda|mamba|micromamba)\s+(?:env\s+(?:create|update)|create|install|update)\b/g;
  const flags = /\s(?:-f|--file)(?:\s+|=)(\S+)/g;
  const stops = /[&;|]/g;
  let flag: RegExpExecArray | null | undefined;
  let stop: RegExpExecArray | null | undefined;
  for (let command = commands.exec(segment); command; ) {
    const from = command.index + command[0].length;
    // The next flag and stop at or after `from`, reused while still ahead.
    if (flag === undefined || (flag && flag.index < from)) {
      flags.lastIndex = from;
      flag = flags.exec(segment);
    }
    if (stop === undefined || (stop && stop.index < from)) {
      stops.lastIndex = from;
      stop = stops.exec(segment);
    }
    if (!flag) return undefined;
    if (!stop || flag.index < stop.index) return flag[1];
    // Every command before the stop shares this run: go past it.
    commands.lastIndex = stop.index;
    command = commands.exec(segment);
  }
  return undefined;
}

/** `pip install a==1 b` inside RUN: the packages named on the command line. */
export function inlinePipRequirements(
  command: string,
  line: number,
): RequirementFacts[] {
  const result: RequirementFacts[] = [];
  for (const segment of command.split(/&&|\|\||;|\|/)) {
    const match =
      /\b(?:pip[0-9.]*|uv\s+pip|python[0-9.]*\s+-m\s+pip)\s+install\s+(.*)$/s.exec(
        segment,
      );
    if (!match) continue;
    const tokens = match[1].match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i].replace(/^["']|["']$/g, '');
      if (token.startsWith('-')) {
        // Options that take a value: skip the value too.
        if (
          /^(-r|--requirement|-c|--constraint|-e|--editable|-i|--index-url|--extra-index-url|-f|--find-links|-t|--target|--prefix|--root|--trusted-host|--platform|--python-version|--only-binary|--no-binary)$/.test(
            token,
          )
        )
          i++;
        continue;
      }
      if (
        token === '\\' ||
        token.includes('$') ||
        /^(\.{1,2}|\/|~)/.test(token) ||
        /\.(whl|tar\.gz|zip)$/.test(token)
      )
        continue;
      const parsed = parseRequirementSpec(token);
      if (
        !parsed ||
        isTooling(parsed.name.toLowerCase()) ||
        parsed.name.toLowerCase() === 'python'
      )
        continue;
      result.push({ ...parsed, line });
    }
  }
  return result;
}
