import { ParsedStage, workdirAt } from '../dockerfile';
import { parseShellScript, ShellScript } from '../shell/shellScript';
import { normaliseImagePath } from './imagePaths';

/**
 * Scripts an image's build writes itself, instead of copying them from the
 * repository: `RUN echo '#!/bin/sh\n…' > /entrypoint.sh`, `RUN printf …`,
 * or BuildKit's `RUN cat <<EOF > /start.sh`. Writing one runs nothing; its
 * commands run when the image (or a later step) runs the file.
 */

/** `<<EOF`, `<<-'EOF'`: the delimiter of a here-document (bounded, linear). */
const HEREDOC = /<<-?[ \t]{0,8}(["']?)(\w{1,40})\1/;

const PRINTERS = new Set(['echo', 'printf']);

/** The image path a command writes to, as an absolute path. */
function absoluteIn(stage: ParsedStage, line: number, path: string): string {
  return normaliseImagePath(
    path.startsWith('/') ? path : `${workdirAt(stage, line)}/${path}`,
  );
}

/** What `echo`/`printf` print: escapes as `sh` (dash) reads them in `echo`, and `printf` always. */
function printed(words: string[]): string {
  const tool = words[0];
  let args = words.slice(1);
  if (tool === 'echo') {
    while (args[0] && /^-[neE]{1,3}$/.test(args[0])) args = args.slice(1);
    return unescape(args.join(' '));
  }
  const [format = '', ...values] = args;
  // `printf '%s\n' line1 line2`: the values are the lines.
  if (/^%s(?:\\n)?$/.test(format)) return values.join('\n');
  return unescape(format);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\' };

function unescape(text: string): string {
  return text.replace(/\\([nt\\])/g, (_, c: string) => ESCAPES[c]);
}

/** The script a BuildKit heredoc RUN (`cat <<EOF > path`) writes to `path`. */
function heredocWrite(
  stage: ParsedStage,
  text: string,
  line: number,
  target: string,
): ShellScript | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const opening = text.slice(0, newline);
  const delimiter = HEREDOC.exec(opening)?.[2];
  if (!delimiter) return undefined;
  const writes = parseShellScript(opening.replace(HEREDOC, ''), {
    firstLine: line,
  }).commands.some(
    command =>
      (command.words[0] === 'cat' &&
        command.redirects.some(
          r =>
            (r.op === '>' || r.op === '>>') &&
            absoluteIn(stage, line, r.target) === target,
        )) ||
      (command.words[0] === 'tee' &&
        command.words
          .slice(1)
          .some(
            w => !w.startsWith('-') && absoluteIn(stage, line, w) === target,
          )),
  );
  if (!writes) return undefined;
  const body = text.slice(newline + 1).split('\n');
  const end = body.findIndex(l => l.trim() === delimiter);
  return parseShellScript((end < 0 ? body : body.slice(0, end)).join('\n'), {
    firstLine: line + 1,
  });
}

/**
 * The script the stage's build wrote to an image path before a line, with
 * the RUN line that wrote it; undefined when no RUN step writes it.
 * Commands of an `echo`/`printf` script carry the line of the writing
 * command (its text has no lines of its own in the Dockerfile).
 */
export function writtenScript(
  stage: ParsedStage,
  imagePath: string,
  beforeLine: number,
): { script: ShellScript; line: number } | undefined {
  const target = absoluteIn(stage, beforeLine, imagePath);
  for (const run of [...stage.run].reverse()) {
    if (run.line >= beforeLine) continue;
    const raw = stage.rawArguments.get(run.line);
    const text = raw?.text ?? run.command;
    const line = raw?.line ?? run.line;
    const heredoc = heredocWrite(stage, text, line, target);
    if (heredoc) return { script: heredoc, line: run.line };
    let content: string | undefined;
    let at = run.line;
    for (const command of parseShellScript(text, {
      firstLine: line,
      dockerfile: true,
    }).commands) {
      if (!PRINTERS.has(command.words[0] ?? '')) continue;
      const redirect = command.redirects.find(
        r =>
          (r.op === '>' || r.op === '>>') &&
          absoluteIn(stage, run.line, r.target) === target,
      );
      if (!redirect) continue;
      const part = printed(command.words);
      content =
        redirect.op === '>>' && content !== undefined
          ? `${content}\n${part}`
          : part;
      at = command.line;
    }
    if (content === undefined) continue;
    const script = parseShellScript(content);
    return {
      script: {
        commands: script.commands.map(c => ({ ...c, line: at })),
        variables: script.variables.map(v => ({ ...v, line: at })),
      },
      line: run.line,
    };
  }
  return undefined;
}
