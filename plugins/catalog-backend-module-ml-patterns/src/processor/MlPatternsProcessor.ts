import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import {
  MlPatternsScorer,
  ScoreMemo,
} from '@ml-patterns/plugin-ml-patterns-node';
import { processorEvidenceCache } from './processorEvidenceCache';
import {
  EvidenceTable,
  inMemoryEvidenceTable,
} from './RepositoryEvidenceTable';
import { SharedRepositoryEvidence } from './SharedRepositoryEvidence';
import {
  summaryAnnotations,
  unknownAnnotations,
  withStamps,
} from './stampAnnotations';

/**
 * Scores ML entities (models, serving units, training repositories) for
 * the All-in-one and Only-me anti-patterns and the release pattern, and
 * stamps the summary as `ml-patterns.io/*` annotations the catalog API can
 * filter on.
 *
 * Never fails an entity's processing: a scoring error stamps `unknown`
 * verdicts and logs one line with the entity ref.
 *
 * @public
 */
export class MlPatternsProcessor implements CatalogProcessor {
  private readonly evidence: SharedRepositoryEvidence;
  /** Each entity's last stamps; an entity with unchanged inputs keeps them. */
  private readonly stamps = new ScoreMemo(report =>
    report ? summaryAnnotations(report) : undefined,
  );

  constructor(
    private readonly options: {
      scorer: MlPatternsScorer;
      logger: LoggerService;
      /**
       * Where each repository's latest evidence is kept (the module uses a
       * table in the catalog's database). Without one it is kept in memory
       * only, and downloaded again after a restart.
       */
      evidenceTable?: EvidenceTable;
    },
  ) {
    this.evidence = new SharedRepositoryEvidence(
      options.evidenceTable ?? inMemoryEvidenceTable(),
      options.logger,
    );
  }

  getProcessorName(): string {
    return 'MlPatternsProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    _emit: CatalogProcessorEmit,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const result = await this.stamped(entity, cache);
    // Other entities' cross-entity facts follow this one without a query.
    this.options.scorer.observe(result);
    return result;
  }

  private async stamped(
    entity: Entity,
    cache: CatalogProcessorCache,
  ): Promise<Entity> {
    const { scorer, logger } = this.options;
    if (!scorer.mightBeInScope(entity)) {
      return withStamps(entity, undefined);
    }
    const clean = withStamps(entity, undefined);
    try {
      const stamps = await scorer.summarize(clean, this.stamps, {
        evidenceCache: processorEvidenceCache(cache, this.evidence),
      });
      return withStamps(clean, stamps);
    } catch (error) {
      logger.warn(
        `ml-patterns: scoring ${stringifyEntityRef(entity)} failed: ${
          (error as Error).message
        }`,
      );
      const role = await scorer.roleOf(clean).catch(() => undefined);
      return withStamps(
        clean,
        role ? unknownAnnotations(role, scorer.rulesetVersion()) : undefined,
      );
    }
  }
}
