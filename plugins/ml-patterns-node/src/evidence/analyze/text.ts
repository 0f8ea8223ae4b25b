import { MAX_TEXT_BYTES } from '../limits';
import { errorMessage } from '../../errorMessage';
import { RepositoryFile } from '../types';

export type DecodedText =
  | { ok: true; text: string }
  | { ok: false; message: string };

/**
 * Decodes a file's content as UTF-8 text. Binary content (NUL bytes in
 * the first 8 KiB) and oversized files are reported instead of parsed.
 */
export function decodeText(file: RepositoryFile): DecodedText | undefined {
  const content = file.content;
  if (!content) return undefined;
  if (content.length > MAX_TEXT_BYTES) {
    return {
      ok: false,
      message: `file is larger than ${MAX_TEXT_BYTES} bytes; not parsed`,
    };
  }
  const head = content.subarray(0, 8192);
  if (head.includes(0)) {
    return { ok: false, message: 'binary content; not parsed' };
  }
  let text = content.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

/** Maps character offsets of a text to 1-based line numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    // indexOf finds each newline natively: no loop over every character.
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1))
      this.starts.push(at + 1);
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** An error's message as an evidence problem: its first line, at most 300 characters. */
export function problemMessage(error: unknown): string {
  return errorMessage(error).split('\n')[0].slice(0, 300);
}
