import type { RepositoryContextFiles } from '../analyze/repositoryContext/RepositoryContextFiles';
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
      /**
       * `limit`: a cap was reached (the tree as it is cannot be judged);
       * `gone`: the repository or folder does not exist (404);
       * `not-allowed`: Backstage's reading allow-list refuses the URL (no
       * request was made);
       * `transient`: the read failed or timed out (5xx, 429, 403, network) —
       * worth reading again later, and no reason to forget earlier evidence.
       */
      failure?: 'limit' | 'gone' | 'not-allowed' | 'transient';
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
