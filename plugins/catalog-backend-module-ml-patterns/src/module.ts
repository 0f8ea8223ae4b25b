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
import { RepositoryEvidenceTable } from './processor/RepositoryEvidenceTable';
import { IncrementalScorer } from './scoring/IncrementalScorer';

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
        catalog.addProcessor(
          new MlPatternsProcessor({ scorer, logger, evidenceTable }),
        );
      },
    });
  },
});
