import type { RepositoryContextFiles } from '../analyze/repositoryContext';
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
      /** When the scored folder is part of a larger repository: the repository around it. */
      context?: RepositoryContextFiles;
    }
  | {
      kind: 'unavailable';
      reason: string;
      /** `limit`: a cap or the time limit was reached; `error`: the read failed. */
      failure?: 'limit' | 'error';
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

/** Reading a repository root for one folder of it: which files outside the folder to keep. */
export interface ScopeOptions {
  /** The scored folder, relative to the root read (no leading or trailing `/`). */
  path: string;
  /** Decides which files outside the folder the analyzers get the content of. */
  wantsContextContent: WantsContent;
}

/** Most files outside the folder kept with content, and their share of the byte cap. */
export const CONTEXT_LIMITS = { maxKept: 2000, byteShare: 0.25 };
