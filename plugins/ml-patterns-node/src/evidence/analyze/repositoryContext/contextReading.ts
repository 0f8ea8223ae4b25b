import { EvidenceProblem, RepositoryFile } from '../../types';
import { isIgnoredPath, isUnder } from '../paths';
import { guardedBy } from '../guarded';
import { textSource } from '../textSource';
import { relativeToScope } from './relativeToScope';
import { RepositoryContextFiles } from './RepositoryContextFiles';

/** Most scope files matched against CODEOWNERS rules and workflow path filters. */
const MAX_SAMPLED_FILES = 2000;

/**
 * The files of a repository around a scored folder as the context analyses
 * read them: paths relative to the repository root, the folder's own files
 * among them; problems reported with paths relative to the folder.
 */
export interface ContextReading {
  scope: string;
  /** Every file by repository path, the folder's own included. */
  byPath: ReadonlyMap<string, RepositoryFile>;
  /** Files outside the folder (not ignored), sorted. */
  outside: string[];
  /** Up to MAX_SAMPLED_FILES of the folder's files (not ignored), as repository paths. */
  sampled: string[];
  /** Decoded text (once); undecodable content outside the folder is a problem. */
  textOf(repoPath: string): string | undefined;
  /** A repository path relative to the folder. */
  reroot(repoPath: string): string;
  /** A folder path as a repository path. */
  toRepo(scopePath: string): string;
  /** Runs one file's analysis; an exception becomes a problem for that file. */
  guarded(repoPath: string, run: () => void): void;
  problems: EvidenceProblem[];
}

export function contextReading(
  scopeFiles: RepositoryFile[],
  context: RepositoryContextFiles,
): ContextReading {
  const scope = context.scope;
  const reroot = (repoPath: string) => relativeToScope(scope, repoPath);
  const toRepo = (scopePath: string) => `${scope}/${scopePath}`;
  const problems: EvidenceProblem[] = [];

  const byPath = new Map<string, RepositoryFile>();
  for (const file of context.files) {
    if (!isUnder(file.path, scope)) byPath.set(file.path, file);
  }
  for (const file of scopeFiles) byPath.set(toRepo(file.path), file);
  const report = (repoPath: string, message: string) =>
    problems.push({ path: reroot(repoPath), message });
  // The folder's own files were reported by the folder's analysis.
  const textOf = textSource(byPath, (repoPath, message) => {
    if (!isUnder(repoPath, scope)) report(repoPath, message);
  });
  const outside = context.files
    .map(f => f.path)
    .filter(p => !isUnder(p, scope) && !isIgnoredPath(p))
    .sort();
  const sampled = scopeFiles
    .map(f => f.path)
    .filter(p => !isIgnoredPath(p))
    .slice(0, MAX_SAMPLED_FILES)
    .map(toRepo);
  const guarded = guardedBy(report);
  return {
    scope,
    byPath,
    outside,
    sampled,
    textOf,
    reroot,
    toRepo,
    guarded,
    problems,
  };
}
