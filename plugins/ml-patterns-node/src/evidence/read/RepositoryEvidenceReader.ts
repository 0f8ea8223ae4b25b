import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { analyzeRepositoryFiles, wantsContent } from '../analyze';
import { RepositoryEvidence, unavailableEvidence } from '../types';
import { locateEntitySource, SourceLocation } from './locateSource';
import { readLocalTree } from './readLocalTree';
import {
  EvidenceReaderSettings,
  readEvidenceReaderSettings,
} from './readerSettings';
import { readUrlTree } from './readUrlTree';
import { TreeReadResult } from './TreeReadResult';

/**
 * The outcome of {@link RepositoryEvidenceReader.read}.
 *
 * @public
 */
export type RepositoryEvidenceReadResult =
  | { notModified: true }
  | { notModified: false; evidence: RepositoryEvidence; etag?: string };

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
  readonly settings: EvidenceReaderSettings;

  constructor(options: {
    reader: UrlReaderService;
    logger: LoggerService;
    settings: EvidenceReaderSettings;
    integrations: ScmIntegrationRegistry;
  }) {
    this.reader = options.reader;
    this.logger = options.logger;
    this.settings = options.settings;
    this.integrations = options.integrations;
  }

  /**
   * Where to read for this entity: `backstage.io/source-location`, else the
   * folder of its managed-by-location, plus the `ml-patterns.io/source-path`
   * subfolder. `undefined` when the entity has no source at all.
   */
  locate(entity: Entity): SourceLocation | undefined {
    return locateEntitySource(entity, this.integrations);
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
    const limits = {
      maxFiles: this.settings.maxFiles,
      maxBytes: this.settings.maxBytes,
      timeoutMs: this.settings.timeoutMs,
    };
    let tree: TreeReadResult;
    try {
      tree =
        location.type === 'url'
          ? await readUrlTree({
              reader: this.reader,
              url: location.target,
              limits,
              wantsContent,
              etag: options?.etag,
            })
          : await readLocalTree({
              target: location.target,
              roots: this.settings.localRoots,
              limits,
              wantsContent,
              etag: options?.etag,
            });
    } catch (error) {
      // Local I/O races (a folder removed while listed) end up here.
      tree = {
        kind: 'unavailable',
        reason: `could not read ${locationRef}: ${(error as Error).message}`,
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
        etag: tree.etag,
      };
    }
    if (tree.files.length === 0) {
      // A wrong subfolder, an empty repository and an archive the tar
      // parser skipped as garbage all look like this: nothing to judge by.
      return {
        notModified: false,
        evidence: unavailableEvidence(
          'no files found (empty folder, wrong path, or an unreadable archive)',
          locationRef,
        ),
        etag: tree.etag,
      };
    }
    try {
      const evidence = analyzeRepositoryFiles(tree.files, {
        location: locationRef,
      });
      return {
        notModified: false,
        evidence: {
          ...evidence,
          problems: [...evidence.problems, ...tree.problems],
        },
        etag: tree.etag,
      };
    } catch (error) {
      // An analyzer bug on odd input must not fail the entity's processing.
      this.logger.warn(
        `ml-patterns: analysis of ${locationRef} failed: ${
          (error as Error).stack ?? error
        }`,
      );
      return {
        notModified: false,
        evidence: unavailableEvidence(
          `analysis failed: ${(error as Error).message}`,
          locationRef,
        ),
      };
    }
  }
}
