import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorCache,
  CatalogProcessorEmit,
} from '@backstage/plugin-catalog-node';
import {
  CachedEvidence,
  EvidenceCache,
  MlPatternsScorer,
} from '@ml-patterns/plugin-ml-patterns-node';
import {
  summaryAnnotations,
  unknownAnnotations,
  withStamps,
} from './stampAnnotations';

const EVIDENCE_CACHE_KEY = 'evidence';

/** The processor cache of one entity, holding its last evidence and ETag. */
function processorEvidenceCache(cache: CatalogProcessorCache): EvidenceCache {
  return {
    async get(location: string) {
      const cached = await cache.get<any>(EVIDENCE_CACHE_KEY);
      return cached && cached.location === location
        ? (cached as CachedEvidence)
        : undefined;
    },
    async set(value: CachedEvidence) {
      await cache.set(EVIDENCE_CACHE_KEY, value as any);
    },
  };
}

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
  constructor(
    private readonly options: {
      scorer: MlPatternsScorer;
      logger: LoggerService;
    },
  ) {}

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
    if (!scorer.mightBeInScope(entity)) {
      return withStamps(entity, undefined);
    }
    const clean = withStamps(entity, undefined);
    try {
      const report = await scorer.score(clean, {
        evidenceCache: processorEvidenceCache(cache),
      });
      return withStamps(clean, report ? summaryAnnotations(report) : undefined);
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
