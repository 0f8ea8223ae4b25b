import {
  BackendFeature,
  createBackendFeatureLoader,
  createBackendModule,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';
import { MlPatternsRule } from './engine/types';

/**
 * What a backend module uses to add rules to ml-patterns.
 *
 * @public
 */
export interface MlPatternsRulesExtensionPoint {
  /** Adds rules; an id that is already taken is refused. */
  addRules(...rules: MlPatternsRule[]): void;
}

/**
 * Adds rules to the ml-patterns backend plugin (`pluginId: 'ml-patterns'`),
 * which serves reports and the rule list over REST. Id `ml-patterns.rules`.
 *
 * Extension points belong to one plugin, and ml-patterns scores in two: the
 * ml-patterns backend and the catalog, whose processor stamps the scores on
 * entities (see {@link catalogMlPatternsRulesExtensionPoint}). Use
 * {@link createMlPatternsRulesModule} to add a rule to both at once.
 *
 * @public
 */
export const mlPatternsRulesExtensionPoint =
  createExtensionPoint<MlPatternsRulesExtensionPoint>({
    id: 'ml-patterns.rules',
  });

/**
 * Adds rules to the ml-patterns module of the catalog (`pluginId: 'catalog'`,
 * `moduleId: 'ml-patterns'`), whose processor stamps the scores
 * on entities. Id `catalog.mlPatterns.rules`, after Backstage's
 * `<pluginId>.<module>.<name>` for extension points of modules.
 *
 * @public
 */
export const catalogMlPatternsRulesExtensionPoint =
  createExtensionPoint<MlPatternsRulesExtensionPoint>({
    id: 'catalog.mlPatterns.rules',
  });

/**
 * One feature that adds rules to both places ml-patterns scores in: a
 * module for the catalog plugin and one for the ml-patterns plugin.
 *
 * @example
 * ```ts
 * backend.add(
 *   createMlPatternsRulesModule({ moduleId: 'acme-rules', rules: [modelCardRule] }),
 * );
 * ```
 *
 * @public
 */
export function createMlPatternsRulesModule(options: {
  /** Module id, e.g. `acme-rules`. */
  moduleId: string;
  rules: MlPatternsRule[];
}): BackendFeature {
  const { moduleId, rules } = options;
  return createBackendFeatureLoader({
    loader() {
      return [
        { pluginId: 'catalog', point: catalogMlPatternsRulesExtensionPoint },
        { pluginId: 'ml-patterns', point: mlPatternsRulesExtensionPoint },
      ].map(({ pluginId, point }) =>
        createBackendModule({
          pluginId,
          moduleId,
          register(env) {
            env.registerInit({
              deps: { extension: point },
              async init({ extension }) {
                extension.addRules(...rules);
              },
            });
          },
        }),
      );
    },
  });
}
