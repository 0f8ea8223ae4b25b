import { RepositoryFile } from '../../types';
import { wantsContent } from '../index';

/**
 * Builds the file list a reader would hand in: every path listed, content
 * only where `wantsContent` asks for it (as the real readers do).
 */
export function repo(
  entries: Record<string, string | Buffer>,
): RepositoryFile[] {
  return Object.entries(entries).map(([path, value]) => {
    const content =
      typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return wantsContent(path, content.length)
      ? { path, size: content.length, content }
      : { path, size: content.length };
  });
}

/** Dedents a raw template literal (fixtures read like the files they stand for; `\` stays). */
export function text(
  strings: TemplateStringsArray,
  ...values: unknown[]
): string {
  const raw = strings.raw.reduce(
    (acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''),
    '',
  );
  // Raw keeps `\` line continuations; only `\${` needs unescaping.
  const lines = raw
    .replace(/\\\$\{/g, '${')
    .replace(/^\n/, '')
    .split('\n');
  const indents = lines
    .filter(l => l.trim())
    .map(l => l.length - l.trimStart().length);
  const indent = indents.length ? Math.min(...indents) : 0;
  return lines.map(l => l.slice(indent)).join('\n');
}
