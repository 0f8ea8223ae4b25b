import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { MlPatternsRuleRegistry } from '../../engine/MlPatternsRuleRegistry';
import { MlPatternsRule } from '../../engine/types';
import { CachedEvidence, EvidenceCache } from '../EvidenceCache';
import { MlPatternsScorer } from '../MlPatternsScorer';

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

/** A scorer reading GitHub (mocked with msw) through Backstage's real UrlReader. */
export function makeScorer(
  mlPatterns: object = {},
  extra: {
    entities?: Entity[];
    rules?: MlPatternsRule[];
    catalog?: ReturnType<typeof catalogServiceMock>;
    logger?: ReturnType<typeof mockServices.logger.mock>;
  } = {},
) {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test' }] },
    mlPatterns,
  });
  const logger = extra.logger ?? mockServices.logger.mock();
  const registry = MlPatternsRuleRegistry.withBuiltInRules();
  registry.addRules(...(extra.rules ?? []));
  return MlPatternsScorer.create({
    config,
    logger,
    urlReader: UrlReaders.default({ config, logger }),
    catalog:
      extra.catalog ?? catalogServiceMock({ entities: extra.entities ?? [] }),
    auth: mockServices.auth(),
    registry,
  });
}
