import { MAX_CONTEXT_MARKDOWN_BYTES, MAX_MARKDOWN_BYTES } from '../../limits';
import { baseName, dirName } from '../paths';

/**
 * Which Markdown files are read for the commands a project documents its
 * image build with: README.md anywhere and Markdown under a `docs`/`doc`
 * folder of the scored folder; only READMEs in the repository around it.
 */

export function isDocumentationMarkdown(path: string): boolean {
  const name = baseName(path).toLowerCase();
  if (!name.endsWith('.md')) return false;
  if (name === 'readme.md') return true;
  return dirName(path)
    .split('/')
    .some(folder => folder === 'docs' || folder === 'doc');
}

/** Documentation of the scored folder whose content the analyzers need. */
export function wantsMarkdownContent(path: string, size: number): boolean {
  return size <= MAX_MARKDOWN_BYTES && isDocumentationMarkdown(path);
}

/** READMEs around the scored folder whose content the analyzers need. */
export function wantsContextMarkdownContent(
  path: string,
  size: number,
): boolean {
  return (
    size <= MAX_CONTEXT_MARKDOWN_BYTES &&
    baseName(path).toLowerCase() === 'readme.md'
  );
}
