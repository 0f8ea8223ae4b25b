import { RepositoryFile } from '../types';
import { decodeText } from './text';

/**
 * The decoded text of the files handed to an analysis, each decoded once.
 * Content that is not text (binary, oversized) is reported once per file
 * through `report`, and reads as undefined, as does a file without content.
 */
export function textSource(
  files: ReadonlyMap<string, RepositoryFile>,
  report: (path: string, message: string) => void,
): (path: string) => string | undefined {
  const texts = new Map<string, string | undefined>();
  return (path: string): string | undefined => {
    if (texts.has(path)) return texts.get(path);
    const file = files.get(path);
    const decoded = file ? decodeText(file) : undefined;
    let text: string | undefined;
    if (decoded?.ok) text = decoded.text;
    else if (decoded) report(path, decoded.message);
    texts.set(path, text);
    return text;
  };
}
