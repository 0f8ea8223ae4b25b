import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  MlPatternsRuleRegistry,
  catalogMlPatternsRulesExtensionPoint,
} from '@ml-patterns/plugin-ml-patterns-node';
import { rulesExtensionPointFor } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { MlPatternsProcessor } from './processor/MlPatternsProcessor';
import { readProcessingConfig } from './config';
import { RepositoryEvidenceTable } from './processor/RepositoryEvidenceTable';
import { RepositoryReadLeases } from './processor/RepositoryReadLeases';
import { IncrementalScorer } from './scoring/IncrementalScorer';

/**
 * How often a replica waiting for another's read of a location looks again:
 * a read takes a second or more, the look is one small query.
 */
const LEASE_POLL_MS = 250;

/**
 * Catalog module that registers the ml-patterns processor, which scores ML
 * entities and stamps `ml-patterns.io/*` annotations on them.
 *
 * @public
 */
export const catalogModuleMlPatterns = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ml-patterns',
  register(reg) {
    const registry = MlPatternsRuleRegistry.withBuiltInRules();
    reg.registerExtensionPoint(
      catalogMlPatternsRulesExtensionPoint,
      rulesExtensionPointFor(registry),
    );
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        catalogApi: catalogServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        database: coreServices.database,
      },
      async init({
        catalog,
        catalogApi,
        config,
        logger,
        urlReader,
        auth,
        database,
      }) {
        const scorer = IncrementalScorer.create({
          config,
          logger,
          urlReader,
          catalog: catalogApi,
          auth,
          registry,
        });
        const evidenceTable = await RepositoryEvidenceTable.create({
          database,
        });
        // The table's migrations have created the leases' table.
        const readLeases = new RepositoryReadLeases(
          await database.getClient(),
          {
            leaseMs: readProcessingConfig(config).readLeaseMs,
            pollMs: LEASE_POLL_MS,
          },
        );
        catalog.addProcessor(
          new MlPatternsProcessor({
            scorer,
            logger,
            evidenceTable,
            readLeases,
          }),
        );
      },
    });
  },
});
