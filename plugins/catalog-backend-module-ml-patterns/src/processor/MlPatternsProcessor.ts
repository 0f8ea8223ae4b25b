import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import { IncrementalScorer } from '../scoring/IncrementalScorer';
import { ScoreMemo } from '../scoring/ScoreMemo';
import { processorEvidenceCache } from './processorEvidenceCache';
import {
  EvidenceTable,
  inMemoryEvidenceTable,
} from './RepositoryEvidenceTable';
import { ReadLeases } from './RepositoryReadLeases';
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
 */
export class MlPatternsProcessor implements CatalogProcessor {
  private readonly evidence: SharedRepositoryEvidence;
  /** Each entity's last stamps; an entity with unchanged inputs keeps them. */
  private readonly stamps = new ScoreMemo(report =>
    report ? summaryAnnotations(report) : undefined,
  );

  constructor(
    private readonly options: {
      scorer: IncrementalScorer;
      logger: LoggerService;
      /**
       * Where each repository's latest evidence is kept (the module uses a
       * table in the catalog's database). Without one it is kept in memory
       * only, and downloaded again after a restart.
       */
      evidenceTable?: EvidenceTable;
      /**
       * Turns of the replicas sharing `evidenceTable` to read a location
       * from its source, so that a new commit is downloaded once.
       */
      readLeases?: ReadLeases;
    },
  ) {
    this.evidence = new SharedRepositoryEvidence(
      options.evidenceTable ?? inMemoryEvidenceTable(),
      options.logger,
      options.readLeases,
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
    const { scorer, logger } = this.options;
    let result: Entity;
    try {
      result = await this.stamped(entity, cache);
    } catch (error) {
      // Whatever fails on our side, the entity is processed: without our
      // stamps rather than with stale or made-up ones.
      logger.warn(
        `ml-patterns: stamping ${refOf(entity)} failed: ${stringifyError(
          error,
        )}`,
      );
      result = safely(() => withStamps(entity, undefined)) ?? entity;
    }
    try {
      // Other entities' cross-entity facts follow this one without a query.
      scorer.observe(result);
    } catch (error) {
      logger.warn(
        `ml-patterns: indexing ${refOf(entity)} failed: ${stringifyError(
          error,
        )}`,
      );
    }
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
        `ml-patterns: scoring ${refOf(entity)} failed: ${stringifyError(
          error,
        )}`,
      );
      const role = await scorer.roleOf(clean).catch(() => undefined);
      return withStamps(
        clean,
        role ? unknownAnnotations(role, scorer.rulesetVersion()) : undefined,
      );
    }
  }
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** The entity's ref for a log line, even for a malformed entity. */
function refOf(entity: Entity): string {
  return (
    safely(() => stringifyEntityRef(entity)) ?? String(entity?.metadata?.name)
  );
}
