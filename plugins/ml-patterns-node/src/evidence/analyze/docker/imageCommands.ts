import { ScriptHubLoad } from '../python/scriptHubLoads';
import { ParsedDockerfile, ParsedStage } from '../dockerfile';
import { baseName, extensionOf, FileTree } from '../paths';
import { isPython, pythonOneLiner } from '../shell/modelFetch';
import {
  commandsOfArgv,
  parseShellScript,
  ShellCommand,
  ShellScript,
} from '../shell/shellScript';
import { RUNNERS } from '../python/commandLines';
import { runHeredocScript } from './runHeredoc';
import { writtenScript } from './writtenScripts';
import { replacedBaseEntrypoint } from './replacedBaseEntrypoint';

/**
 * The commands an image runs — each RUN step while it is built, its
 * ENTRYPOINT/CMD when it starts — read with the shell parser, and the
 * scripts those commands run when the repository holds them
 * (`RUN bash fetch.sh`, `CMD ["/start.sh"]`), each command with the file
 * it is written in.
 */

/** What the image readers need from the Dockerfile analysis. */
export interface ImageView {
  /** The Dockerfile's repository path. */
  path: string;
  parsed: ParsedDockerfile;
  tree: FileTree;
  textOf(path: string): string | undefined;
  /**
   * The hub loads a Python script of the repository runs, through the
   * modules it imports; with `code`, those of that inline code
   * (`python -c`), `script` naming where it is written.
   */
  scriptHubLoads(script: string, code?: string): ScriptHubLoad[];
  /** Names (without suffix) of the files the served code loads. */
  loadedStems?(): ReadonlySet<string>;
  /** The repository file a path inside the image was copied from. */
  repoPathOf(
    stage: ParsedStage,
    imagePath: string,
    line: number,
  ): string | undefined;
}

export interface LocatedCommand {
  command: ShellCommand;
  /** The file the command is written in (the Dockerfile or a script). */
  path: string;
  /** The scripts that led here, outermost first (`start.sh` for a command of `start.sh`). */
  via: string[];
}

/** Most levels of scripts running scripts followed. */
const MAX_SCRIPT_DEPTH = 3;

const SHELLS = /^(ba|da|z)?sh$/;

/** The script file a command runs (`bash x.sh`, `./x.sh`, `/start.sh`, `source env.sh`), as written. */
export function scriptOf(command: ShellCommand): string | undefined {
  const [head, ...rest] = command.words;
  if (!head) return undefined;
  const name = baseName(head);
  if (SHELLS.test(name) || name === 'source' || name === '.') {
    const script = rest.find(w => !w.startsWith('-'));
    return script && !script.includes('$') ? script : undefined;
  }
  if (
    extensionOf(head) === '.sh' ||
    /^(docker-)?entrypoint$/.test(name) ||
    (head.includes('/') && /^(start|run|serve|boot)[\w-]*$/.test(name))
  )
    return head.includes('$') ? undefined : head;
  return undefined;
}

/** Runner options that take a value (`conda run -n env`, `uv run --with x`). */
const RUNNER_VALUE_OPTIONS = new Set([
  '-n',
  '--name',
  '-p',
  '--prefix',
  '-e',
  '--environment',
  '--with',
  '--python',
  '--project',
  '--directory',
  '--group',
  '--extra',
  '--package',
]);

/** The command a runner runs (`poetry run python -m pkg.train` → `python -m pkg.train`). */
function withoutRunner(words: string[]): string[] {
  if (!RUNNERS.has(baseName(words[0] ?? '')) || words[1] !== 'run')
    return words;
  let i = 2;
  while (i < words.length && words[i].startsWith('-') && words[i] !== '--')
    i += RUNNER_VALUE_OPTIONS.has(words[i]) ? 2 : 1;
  return words.slice(words[i] === '--' ? i + 1 : i);
}

/** The Python file a command runs (`python x.py`, `python -m pkg.mod`, `./x.py`, through `poetry run`/`uv run`), as an image path. */
export function pythonScriptOf(command: ShellCommand): string | undefined {
  const words = withoutRunner(command.words);
  // `./download_model.py`: a script run directly, through its shebang.
  if (words[0] && extensionOf(words[0]) === '.py' && !words[0].includes('$'))
    return words[0];
  if (!isPython(words[0]) || pythonOneLiner(words) !== undefined)
    return undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '-m') {
      const module = words[i + 1];
      return module && /^[\w.]+$/.test(module)
        ? `${module.replace(/\./g, '/')}.py`
        : undefined;
    }
    if (word.startsWith('-')) continue;
    return extensionOf(word) === '.py' && !word.includes('$')
      ? word
      : undefined;
  }
  return undefined;
}

/** Commands of a script and of the scripts it runs, in order. */
function expand(
  view: ImageView,
  stage: ParsedStage,
  script: ShellScript,
  path: string,
  via: string[],
  line: number,
  out: LocatedCommand[],
): void {
  for (const command of script.commands) {
    out.push({ command, path, via });
    const runs = scriptOf(command);
    if (!runs || via.length >= MAX_SCRIPT_DEPTH) continue;
    const repoPath = view.repoPathOf(stage, runs, line);
    if (!repoPath) {
      // A script the build wrote (`RUN echo '…' > /entrypoint.sh`).
      const written = writtenScript(stage, runs, line);
      const key = written && `${view.path}:${written.line}`;
      if (written && key && !via.includes(key))
        expand(
          view,
          stage,
          written.script,
          view.path,
          [...via, key],
          line,
          out,
        );
      continue;
    }
    if (via.includes(repoPath) || repoPath === view.path) continue;
    const text = view.textOf(repoPath);
    if (text === undefined) continue;
    expand(
      view,
      stage,
      parseShellScript(text),
      repoPath,
      [...via, repoPath],
      line,
      out,
    );
  }
}

/** The commands of one RUN step (and of the scripts it runs). */
export function runCommands(
  view: ImageView,
  stage: ParsedStage,
  run: { command: string; line: number },
): LocatedCommand[] {
  const raw = stage.rawArguments.get(run.line);
  const text = raw?.text ?? run.command;
  const trimmed = text.trim();
  let script: ShellScript;
  if (trimmed.startsWith('[')) {
    let argv: unknown;
    try {
      argv = JSON.parse(trimmed.replace(/\\\r?\n/g, ' '));
    } catch {
      argv = undefined;
    }
    script = Array.isArray(argv)
      ? commandsOfArgv(argv.map(String), run.line)
      : parseShellScript(text, {
          firstLine: raw?.line ?? run.line,
          dockerfile: true,
        });
  } else {
    const heredoc = runHeredocScript(text, raw?.line ?? run.line);
    script = heredoc
      ? parseShellScript(heredoc.script, { firstLine: heredoc.firstLine })
      : parseShellScript(text, {
          firstLine: raw?.line ?? run.line,
          dockerfile: true,
        });
  }
  const out: LocatedCommand[] = [];
  expand(view, stage, script, view.path, [], run.line, out);
  return out;
}

/**
 * What the image runs when it starts: ENTRYPOINT and CMD combined as
 * Docker does (an exec-form ENTRYPOINT gets CMD as arguments; a shell-form
 * one ignores CMD), then the scripts they run.
 */
export function startCommands(
  view: ImageView,
  stage: ParsedStage,
): LocatedCommand[] {
  const { entrypoint, cmd } = stage;
  const shellForm = (part: { value: string; line: number }) => {
    const raw = stage.rawArguments.get(part.line);
    return parseShellScript(raw?.text ?? part.value, {
      firstLine: raw?.line ?? part.line,
      dockerfile: true,
    });
  };
  let script: ShellScript | undefined;
  let line = 0;
  const inherited = replacedBaseEntrypoint(view.parsed, stage);
  if (entrypoint) {
    line = entrypoint.line;
    if (entrypoint.argv) {
      const args = cmd ? cmd.argv ?? ['/bin/sh', '-c', cmd.value] : [];
      script = commandsOfArgv([...entrypoint.argv, ...args], entrypoint.line);
      // `ENTRYPOINT ["/entrypoint.sh"]` + `CMD ["uvicorn", …]`: the script
      // usually ends in `exec "$@"`, which runs CMD.
      const first = script.commands[0];
      if (cmd && first && scriptOf(first)) {
        const tail = cmd.argv
          ? commandsOfArgv(cmd.argv, cmd.line)
          : shellForm(cmd);
        script = {
          commands: [...script.commands, ...tail.commands],
          variables: script.variables,
        };
      }
    } else {
      script = shellForm(entrypoint);
    }
  } else if (inherited) {
    // The base server's entrypoint, replaced by the repository's script, gets CMD as arguments.
    line = cmd?.line ?? stage.line;
    const args = cmd ? cmd.argv ?? ['/bin/sh', '-c', cmd.value] : [];
    script = commandsOfArgv([inherited, ...args], line);
  } else if (cmd) {
    line = cmd.line;
    script = cmd.argv ? commandsOfArgv(cmd.argv, cmd.line) : shellForm(cmd);
  }
  if (!script) return [];
  const out: LocatedCommand[] = [];
  expand(view, stage, script, view.path, [], line, out);
  return out;
}
