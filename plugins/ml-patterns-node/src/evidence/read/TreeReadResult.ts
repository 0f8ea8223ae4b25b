import { EvidenceProblem, RepositoryFile } from '../types';

/** What reading one tree gave, before analysis. */
export type TreeReadResult =
  | { kind: 'not-modified' }
  | {
      kind: 'read';
      files: RepositoryFile[];
      etag?: string;
      /** Files that were skipped on purpose (unsafe paths, symlinks out of the root). */
      problems: EvidenceProblem[];
    }
  | {
      kind: 'unavailable';
      reason: string;
      /** Set when the tree's version is known, so an over-cap tree is not downloaded again. */
      etag?: string;
    };

/** Decides which files the analyzers get the content of. */
export type WantsContent = (path: string, size: number) => boolean;

/**
 * A path as the analyzers expect it (relative, `/` separators, no `./`),
 * or undefined when it is absolute or climbs out with `..`.
 */
export function safeRelativePath(raw: string): string | undefined {
  const parts = raw.replace(/\\/g, '/').split('/');
  if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw)) {
    return undefined;
  }
  const kept: string[] = [];
  for (const part of parts) {
    if (part === '..') {
      return undefined;
    }
    if (part !== '' && part !== '.') {
      kept.push(part);
    }
  }
  return kept.length ? kept.join('/') : undefined;
}
