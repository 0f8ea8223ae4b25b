import { UrlReaderService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { EvidenceProblem, RepositoryFile } from '../types';
import { TreeBudget } from './TreeBudget';
import {
  safeRelativePath,
  TreeReadResult,
  WantsContent,
} from './TreeReadResult';

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

/**
 * Reads a tree through the `UrlReaderService`, so every configured SCM
 * integration works. The filter sees every path: all are listed (for
 * counting), but only files the analyzers want are kept with content, so
 * memory stays bounded. Crossing a cap or the time limit aborts the
 * download; nothing here throws for a repository problem.
 */
export async function readUrlTree(options: {
  reader: UrlReaderService;
  url: string;
  limits: { maxFiles: number; maxBytes: number; timeoutMs: number };
  wantsContent: WantsContent;
  etag?: string;
}): Promise<TreeReadResult> {
  const { reader, url, limits, wantsContent } = options;
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

  const filter = (rawPath: string, info?: { size: number }): boolean => {
    if (budget.exceeded) {
      return false;
    }
    if (!budget.countFile()) {
      return false;
    }
    const path = safeRelativePath(rawPath);
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
    for (const file of kept) {
      const path = safeRelativePath(file.path);
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
      return { kind: 'unavailable', reason: budget.exceeded, etag: treeEtag };
    }
    const files: RepositoryFile[] = listed.map(l => ({
      path: l.path,
      size: l.sizeKnown ? l.size : contents.get(l.path)?.length ?? 0,
      content: contents.get(l.path),
    }));
    return { kind: 'read', files, etag: treeEtag, problems };
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
      return { kind: 'unavailable', reason: budget.exceeded!, etag: treeEtag };
    }
    if (outcome === 'timeout') {
      return {
        kind: 'unavailable',
        reason: `reading the repository took longer than ${limits.timeoutMs} ms`,
      };
    }
    return outcome;
  } catch (error) {
    if (isError(error) && error.name === 'NotModifiedError') {
      return { kind: 'not-modified' };
    }
    if (budget.exceeded) {
      return { kind: 'unavailable', reason: budget.exceeded, etag: treeEtag };
    }
    return { kind: 'unavailable', reason: describeFailure(error) };
  } finally {
    clearTimeout(timer);
  }
}
