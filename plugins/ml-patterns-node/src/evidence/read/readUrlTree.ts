import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { EvidenceProblem, RepositoryFile } from '../types';
import { ContextCollector } from './ContextCollector';
import { TreeBudget } from './TreeBudget';
import {
  safeRelativePath,
  ScopeOptions,
  TreeReadResult,
  WantsContent,
} from './TreeReadResult';

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

function describeFailure(error: unknown): string {
  if (!isError(error)) {
    return `could not read the repository: ${String(error)}`;
  }
  switch (error.name) {
    case 'NotFoundError':
      return `repository or folder not found: ${error.message}`;
    case 'NotAllowedError':
      return `reading is not allowed: ${error.message}`;
    case 'AuthenticationError':
      return `not authorized to read the repository: ${error.message}`;
    default:
      return `could not read the repository: ${error.message}`;
  }
}

function failureKindOf(error: unknown): 'gone' | 'not-allowed' | 'transient' {
  if (isError(error) && error.name === 'NotFoundError') return 'gone';
  if (isError(error) && error.name === 'NotAllowedError') return 'not-allowed';
  // SCM errors, rate limits (GitHub's reader throws a plain Error for 403
  // and 429) and network failures: may pass.
  return 'transient';
}

/**
 * Reads a tree through the `UrlReaderService`, so every configured SCM
 * integration works. The filter sees every path: all are listed (for
 * counting), but only files the analyzers want are kept with content, so
 * memory stays bounded. Crossing a cap or the time limit aborts the
 * download; nothing here throws for a repository problem.
 *
 * With `scope`, `url` is the repository root and `scope.path` the scored
 * folder in it: one download gives the folder's files (relative to it,
 * held to the caps as a folder read is) and the repository around it
 * (`context`, within its own caps that never fail the read).
 */
export async function readUrlTree(options: {
  reader: UrlReaderService;
  url: string;
  limits: { maxFiles: number; maxBytes: number; timeoutMs: number };
  wantsContent: WantsContent;
  etag?: string;
  scope?: ScopeOptions;
}): Promise<TreeReadResult> {
  const { reader, url, limits, wantsContent, scope } = options;
  const context = scope ? new ContextCollector(scope, limits) : undefined;
  const controller = new AbortController();
  let signalExceeded: () => void = () => {};
  const exceeded = new Promise<'exceeded'>(resolve => {
    signalExceeded = () => resolve('exceeded');
  });
  const budget = new TreeBudget(limits, () => {
    // Stop the download, and answer now rather than when the reader has
    // drained a stream that ignores the signal.
    controller.abort();
    signalExceeded();
  });
  const listed: Array<{ path: string; size: number; sizeKnown: boolean }> = [];
  const sizeKnownByPath = new Map<string, boolean>();
  const problems: EvidenceProblem[] = [];
  let treeEtag: string | undefined;
  /** The answer once the tree is over a cap (with its ETag, when known). */
  const overLimit = (reason: string): TreeReadResult => ({
    kind: 'unavailable',
    reason,
    failure: 'limit',
    etag: treeEtag,
  });

  const filter = (rawPath: string, info?: { size: number }): boolean => {
    if (budget.exceeded) {
      return false;
    }
    const safe = safeRelativePath(rawPath);
    if (context && safe && !isUnder(safe, context.scopePath)) {
      return context.offer(safe, info?.size ?? 0, info !== undefined);
    }
    if (!budget.countFile()) {
      return false;
    }
    // Inside the scored folder, paths are relative to it.
    const path =
      context && safe ? safe.slice(context.scopePath.length + 1) : safe;
    if (!path) {
      problems.push({
        path: rawPath.slice(0, 200),
        message: 'unsafe path in the archive: skipped',
      });
      return false;
    }
    const size = info?.size ?? 0;
    listed.push({ path, size, sizeKnown: info !== undefined });
    sizeKnownByPath.set(path, info !== undefined);
    if (!wantsContent(path, size)) {
      return false;
    }
    return budget.takeBytes(size);
  };

  const work = (async (): Promise<TreeReadResult> => {
    const response = await reader.readTree(url, {
      etag: options.etag,
      filter,
      signal: controller.signal,
    });
    treeEtag = response.etag || undefined;
    const kept = await response.files();
    const contents = new Map<string, Buffer>();
    const contextContents = new Map<string, Buffer>();
    for (const file of kept) {
      const safe = safeRelativePath(file.path);
      if (!safe) {
        continue;
      }
      if (context && !isUnder(safe, context.scopePath)) {
        const content = await file.content();
        if (!context.sizeUnknown(safe) || context.takeBytes(content.length)) {
          contextContents.set(safe, content);
        }
        continue;
      }
      const path = context ? safe.slice(context.scopePath.length + 1) : safe;
      if (!path) {
        continue;
      }
      const content = await file.content();
      // Readers that do not pass sizes to the filter are held to the cap here.
      if (
        sizeKnownByPath.get(path) === false &&
        !budget.takeBytes(content.length)
      ) {
        break;
      }
      contents.set(path, content);
    }
    if (budget.exceeded) {
      return overLimit(budget.exceeded);
    }
    const files: RepositoryFile[] = listed.map(l => ({
      path: l.path,
      size: l.sizeKnown ? l.size : contents.get(l.path)?.length ?? 0,
      content: contents.get(l.path),
    }));
    if (!context) {
      return { kind: 'read', files, etag: treeEtag, problems };
    }
    return {
      kind: 'read',
      files,
      etag: treeEtag,
      problems,
      context: {
        scope: context.scopePath,
        files: context.listed.map(l => ({
          path: l.path,
          size: l.sizeKnown ? l.size : contextContents.get(l.path)?.length ?? 0,
          content: contextContents.get(l.path),
        })),
        truncated: context.truncated,
      },
    };
  })();

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>(resolve => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, limits.timeoutMs);
  });

  try {
    const outcome = await Promise.race([work, timeout, exceeded]);
    if (outcome === 'timeout' || outcome === 'exceeded') {
      // The reader may ignore the abort signal; its late result is dropped.
      work.catch(() => {});
    }
    if (outcome === 'exceeded') {
      return overLimit(budget.exceeded!);
    }
    if (outcome === 'timeout') {
      return {
        kind: 'unavailable',
        reason: `reading the repository took longer than ${limits.timeoutMs} ms`,
        failure: 'transient',
      };
    }
    return outcome;
  } catch (error) {
    if (isError(error) && error.name === 'NotModifiedError') {
      return { kind: 'not-modified' };
    }
    if (budget.exceeded) {
      return overLimit(budget.exceeded);
    }
    return {
      kind: 'unavailable',
      reason: describeFailure(error),
      failure: failureKindOf(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
