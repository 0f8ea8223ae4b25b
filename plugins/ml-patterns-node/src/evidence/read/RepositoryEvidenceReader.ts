import { MIN_ANALYSIS_MS } from '../limits';
import { isError } from '@backstage/errors';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { wantsContent } from '../analyze';
import { analyzeRepositoryFilesBounded } from '../analyze/bounded/analyzeRepositoryFilesBounded';
import { wantsContextContent } from '../analyze/repositoryContext/contextFiles';
import { RepositoryEvidence, unavailableEvidence } from '../types';
import { locateEntitySource, SourceLocation } from './locateSource';
import { readLocalTree } from './readLocalTree';
import {
  EvidenceReaderSettings,
  readEvidenceReaderSettings,
} from './readerSettings';
import { readUrlTree } from './readUrlTree';
import { TreeReadResult } from './TreeReadResult';
import { analysedEtag, sourceEtag } from './analysisEtag';
import { errorMessage } from '../../errorMessage';

/** Marks the ETag of a folder read together with its repository. */
const REPOSITORY_ETAG = 'repository:';

/**
 * The repository root of a folder URL and the folder's path in it, through
 * the SCM integration (`https://github.com/o/r/tree/main/python/x` →
 * `https://github.com/o/r/tree/main/` + `python/x`). Undefined for a
 * repository root, or a URL no SCM integration knows.
 */
export function repositoryFolderOf(
  url: string,
  integrations: ScmIntegrationRegistry,
): { root: string; scope: string } | undefined {
  let root: URL;
  let target: URL;
  try {
    if (!integrations.byUrl(url)) return undefined;
    target = new URL(url);
    root = new URL(integrations.resolveUrl({ url: '/', base: url }));
  } catch {
    return undefined;
  }
  if (root.origin !== target.origin) return undefined;
  const trim = (p: string) => p.replace(/^\/+|(?<!\/)\/+$/g, '');
  const rootPath = trim(root.pathname);
  const targetPath = trim(target.pathname);
  let scope: string | undefined;
  if (targetPath.startsWith(`${rootPath}/`)) {
    scope = targetPath.slice(rootPath.length + 1);
  } else if (
    targetPath === rootPath &&
    root.searchParams.has('path') &&
    target.searchParams.has('path')
  ) {
    // Azure DevOps names the folder in ?path=.
    const rootFolder = trim(root.searchParams.get('path') ?? '');
    const folder = trim(target.searchParams.get('path') ?? '');
    if (rootFolder === '') {
      scope = folder;
    } else if (folder.startsWith(`${rootFolder}/`)) {
      scope = folder.slice(rootFolder.length + 1);
    }
  }
  if (!scope) return undefined;
  try {
    scope = decodeURIComponent(scope);
  } catch {
    return undefined;
  }
  const parts = scope.split('/');
  if (parts.some(part => part === '' || part === '.' || part === '..')) {
    return undefined;
  }
  return { root: root.toString(), scope };
}

/**
 * The outcome of {@link RepositoryEvidenceReader.read}.
 *
 * @public
 */
export type RepositoryEvidenceReadResult =
  | { notModified: true }
  | {
      notModified: false;
      evidence: RepositoryEvidence;
      etag?: string;
      /**
       * The read failed in a way that may pass (SCM error, rate limit,
       * time-out): evidence read earlier is still the best there is.
       */
      transient?: boolean;
    };

/**
 * Reads and analyzes the source folder of catalog entities: remote trees
 * through the `UrlReaderService` (every SCM integration, ETag
 * revalidation), local folders confined to `mlPatterns.localRoots`; both
 * within the `mlPatterns.evidence.*` caps. Repository problems give
 * unavailable evidence with a reason, never an exception.
 *
 * @public
 */
export class RepositoryEvidenceReader {
  static fromConfig(
    config: Config,
    deps: { reader: UrlReaderService; logger: LoggerService },
  ): RepositoryEvidenceReader {
    return new RepositoryEvidenceReader({
      ...deps,
      settings: readEvidenceReaderSettings(config),
      integrations: ScmIntegrations.fromConfig(config),
    });
  }

  private readonly reader: UrlReaderService;
  private readonly logger: LoggerService;
  private readonly integrations: ScmIntegrationRegistry;
  private readonly analyzeInThreadUpToBytes?: number;
  readonly settings: EvidenceReaderSettings;

  /**
   * @param options - `analyzeInThreadUpToBytes`: trees whose content totals
   * at most that many bytes are analysed in the calling thread, without the
   * analysis time limit (for one-shot commands such as the CLI, where a
   * worker thread's hand-off costs more than a small analysis). Unset,
   * every analysis runs in a worker thread, leaving the event loop free.
   */
  constructor(options: {
    reader: UrlReaderService;
    logger: LoggerService;
    settings: EvidenceReaderSettings;
    integrations: ScmIntegrationRegistry;
    analyzeInThreadUpToBytes?: number;
  }) {
    this.reader = options.reader;
    this.logger = options.logger;
    this.settings = options.settings;
    this.integrations = options.integrations;
    this.analyzeInThreadUpToBytes = options.analyzeInThreadUpToBytes;
  }

  /**
   * Where to read for this entity: `backstage.io/source-location`, else the
   * folder of its managed-by-location, plus the `ml-patterns.io/source-path`
   * subfolder. `undefined` when the entity has no source at all.
   */
  locate(entity: Entity): SourceLocation | undefined {
    return locateEntitySource(entity, this.integrations);
  }

  private limits() {
    return {
      maxFiles: this.settings.maxFiles,
      maxBytes: this.settings.maxBytes,
      timeoutMs: this.settings.timeoutMs,
    };
  }

  /**
   * A folder of a repository is read through one download of the
   * repository root (GitHub and Bitbucket Cloud send the whole archive for
   * a folder anyway), filtered so that only the folder's files and the
   * few files around it that matter (CODEOWNERS, CI, Dockerfiles) are
   * kept. Its ETag is the repository's, marked so that evidence cached from
   * a folder-only read is not taken for it. Should the root not be found or
   * not be allowed (Backstage's reading allow-list) where the folder is,
   * the folder alone is read; any other failure (an
   * SCM error, a rate limit) is answered as it is, since a second request
   * would only spend more of the integration's rate limit.
   */
  private async readUrl(url: string, etag?: string): Promise<TreeReadResult> {
    const repository = repositoryFolderOf(url, this.integrations);
    if (!repository) {
      return readUrlTree({
        reader: this.reader,
        url,
        limits: this.limits(),
        wantsContent,
        etag,
      });
    }
    const tree = await readUrlTree({
      reader: this.reader,
      url: repository.root,
      limits: this.limits(),
      wantsContent,
      etag: etag?.startsWith(REPOSITORY_ETAG)
        ? etag.slice(REPOSITORY_ETAG.length)
        : undefined,
      scope: {
        path: repository.scope,
        wantsContextContent: (path, size) =>
          wantsContextContent(path, size, repository.scope),
      },
    });
    if (
      tree.kind === 'unavailable' &&
      (tree.failure === 'gone' || tree.failure === 'not-allowed')
    ) {
      this.logger.info(
        `ml-patterns: reading the repository around ${url} failed (${tree.reason}); reading the folder alone`,
      );
      return readUrlTree({
        reader: this.reader,
        url,
        limits: this.limits(),
        wantsContent,
      });
    }
    if (tree.kind === 'not-modified' || !tree.etag) {
      return tree;
    }
    return { ...tree, etag: `${REPOSITORY_ETAG}${tree.etag}` };
  }

  /**
   * Reads and analyzes a located source. With the `etag` of an earlier
   * read and an unchanged tree it returns `{ notModified: true }` and
   * downloads nothing.
   */
  async read(
    location: SourceLocation,
    options?: { etag?: string },
  ): Promise<RepositoryEvidenceReadResult> {
    const locationRef = `${location.type}:${location.target}`;
    if (location.problem) {
      return {
        notModified: false,
        evidence: unavailableEvidence(location.problem, locationRef),
      };
    }
    const readStart = Date.now();
    // Evidence stored by other analyzers is not revalidated: read again.
    const etag = sourceEtag(options?.etag);
    let tree: TreeReadResult;
    try {
      tree =
        location.type === 'url'
          ? await this.readUrl(location.target, etag)
          : await readLocalTree({
              target: location.target,
              roots: this.settings.localRoots,
              limits: this.limits(),
              wantsContent,
              etag,
              repositoryRoot: location.repositoryRoot,
              catalogFolder: location.catalogFolder,
              around: { wantsContextContent },
            });
    } catch (error) {
      // Local I/O races (a folder removed while listed) end up here.
      tree = {
        kind: 'unavailable',
        reason: `could not read ${locationRef}: ${errorMessage(error)}`,
      };
    }

    if (tree.kind === 'not-modified') {
      return { notModified: true };
    }
    if (tree.kind === 'unavailable') {
      this.logger.info(
        `ml-patterns: evidence from ${locationRef} unavailable: ${tree.reason}`,
      );
      return {
        notModified: false,
        evidence: unavailableEvidence(tree.reason, locationRef),
        etag: analysedEtag(tree.etag),
        transient: tree.failure === 'transient',
      };
    }
    if (tree.files.length === 0) {
      // A wrong subfolder, an empty repository and an archive the tar
      // parser skipped as garbage all look like this: nothing to judge by.
      // Not kept under the ETag: a broken download must not stand for the
      // commit until the next one.
      return {
        notModified: false,
        evidence: unavailableEvidence(
          'no files found (empty folder, wrong path, or an unreadable archive)',
          locationRef,
        ),
      };
    }
    try {
      // The analysis gets what the read left of mlPatterns.evidence.timeoutMs
      // (at least MIN_ANALYSIS_MS), in a worker thread (a small tree in
      // this thread, when the caller asked so).
      const evidence = await analyzeRepositoryFilesBounded(
        tree.files,
        { location: locationRef, repository: tree.context },
        {
          timeoutMs: Math.max(
            MIN_ANALYSIS_MS,
            this.settings.timeoutMs - (Date.now() - readStart),
          ),
          logger: this.logger,
          inThreadUpToBytes: this.analyzeInThreadUpToBytes,
        },
      );
      if (evidence.status === 'unavailable') {
        // The analysis timed out or its worker failed: that depends on how
        // busy the machine was, not on the commit. Not kept under the ETag
        // (the commit is analysed again next time) and transient (the last
        // good evidence stands in meanwhile).
        return { notModified: false, evidence, transient: true };
      }
      return {
        notModified: false,
        evidence: {
          ...evidence,
          problems: [...evidence.problems, ...tree.problems],
        },
        etag: analysedEtag(tree.etag),
      };
    } catch (error) {
      // An analyzer bug on odd input must not fail the entity's processing.
      this.logger.warn(
        `ml-patterns: analysis of ${locationRef} failed: ${
          isError(error) ? error.stack ?? error.message : String(error)
        }`,
      );
      return {
        notModified: false,
        evidence: unavailableEvidence(
          `analysis failed: ${errorMessage(error)}`,
          locationRef,
        ),
      };
    }
  }
}
