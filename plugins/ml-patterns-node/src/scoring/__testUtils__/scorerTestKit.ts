import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityReport } from '@ml-patterns/plugin-ml-patterns-common';
import { MlPatternsRuleRegistry } from '../../engine/MlPatternsRuleRegistry';
import { MlPatternsRule } from '../../engine/types';
import { CachedEvidence, EvidenceCache } from '../EvidenceCache';
import { MlPatternsReportScorer } from '../MlPatternsReportScorer';
import { MlPatternsScoring } from '../MlPatternsScoring';

/** One entity's processor cache. */
export function memoryCache(): EvidenceCache {
  let value: CachedEvidence | undefined;
  return {
    async get(location) {
      return value?.location === location ? value : undefined;
    },
    async set(next) {
      value = next;
    },
  };
}

/** How long the catalog processor shares an SCM read by default. */
const PROCESSOR_READ_SHARING_MS = 5 * 60_000;

interface Extra {
  entities?: Entity[];
  rules?: MlPatternsRule[];
  catalog?: ReturnType<typeof catalogServiceMock>;
  logger?: ReturnType<typeof mockServices.logger.mock>;
}

/** What the scorers are created from, reading GitHub (mocked with msw) through Backstage's real UrlReader. */
function dependencies(mlPatterns: object, extra: Extra) {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test' }] },
    mlPatterns,
  });
  const logger = extra.logger ?? mockServices.logger.mock();
  const registry = MlPatternsRuleRegistry.withBuiltInRules();
  registry.addRules(...(extra.rules ?? []));
  return {
    config,
    logger,
    urlReader: UrlReaders.default({ config, logger }),
    catalog:
      extra.catalog ?? catalogServiceMock({ entities: extra.entities ?? [] }),
    registry,
  };
}

/**
 * Scoring as the catalog processor does it: an SCM read is shared for
 * `scmReadSharingMs` (the processor's default when omitted), other
 * entities are looked up with the service's own credentials, and each
 * entity keeps its own copy of its evidence (`evidenceCache`).
 */
export function makeScorer(
  mlPatterns: object = {},
  extra: Extra & { scmReadSharingMs?: number } = {},
) {
  const scoring = MlPatternsScoring.create({
    ...dependencies(mlPatterns, extra),
    scmReadSharingMs: extra.scmReadSharingMs ?? PROCESSOR_READ_SHARING_MS,
  });
  return {
    async score(
      entity: Entity,
      options: { evidenceCache?: EvidenceCache } = {},
    ): Promise<EntityReport | undefined> {
      const lookups = scoring.queryLookups(mockCredentials.service());
      return (await scoring.assess(entity, lookups, options)).report;
    },
  };
}

/** The report-time scorer, reading GitHub (mocked with msw) through Backstage's real UrlReader. */
export function makeReportScorer(
  mlPatterns: object = {},
  extra: Extra = {},
): MlPatternsReportScorer {
  return MlPatternsReportScorer.create(dependencies(mlPatterns, extra));
}
