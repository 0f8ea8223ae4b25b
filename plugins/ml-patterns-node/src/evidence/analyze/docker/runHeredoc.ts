/**
 * The script of a heredoc RUN step (`RUN <<EOF` … `EOF`, BuildKit's
 * Dockerfile syntax): the lines between the opening line and the
 * delimiter, with the line the script starts on. Undefined when the step
 * is not a heredoc, or its first line runs a command of its own
 * (`RUN python3 <<EOF`: the body is that command's input, not a script).
 */
export function runHeredocScript(
  text: string,
  line: number,
): { script: string; firstLine: number } | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  const opening = text.slice(0, newline).trim();
  const match = /^<<-?\s*(["']?)(\w+)\1$/.exec(opening);
  if (!match) return undefined;
  const delimiter = match[2];
  const body = text.slice(newline + 1).split('\n');
  const end = body.findIndex(l => l.trim() === delimiter);
  return {
    script: (end < 0 ? body : body.slice(0, end)).join('\n'),
    firstLine: line + 1,
  };
}
