import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { MlPatternsRuleRegistry } from './engine/MlPatternsRuleRegistry';
import { MlPatternsRule } from './engine/types';
import {
  catalogMlPatternsRulesExtensionPoint,
  createMlPatternsRulesModule,
  mlPatternsRulesExtensionPoint,
} from './extensionPoint';
import { rulesExtensionPointFor } from './rulesExtensionPointFor';

const modelCardRule: MlPatternsRule = {
  id: 'acme/model-card',
  pattern: 'only-me',
  title: 'Model card present',
  appliesTo: ['model'],
  weight: 1,
  rationale: 'Others need to know what the model is for.',
  remediation: ['Add MODEL_CARD.md'],
  references: [],
  evaluate: () => ({ verdict: 'pass', message: 'ok', evidence: [] }),
};

/** Stand-ins for the two owners of the extension points: the catalog module and the backend plugin. */
function hostPlugin(
  pluginId: 'catalog' | 'ml-patterns',
  registry: MlPatternsRuleRegistry,
) {
  return createBackendPlugin({
    pluginId,
    register(env) {
      env.registerExtensionPoint(
        pluginId === 'catalog'
          ? catalogMlPatternsRulesExtensionPoint
          : mlPatternsRulesExtensionPoint,
        rulesExtensionPointFor(registry),
      );
      env.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('createMlPatternsRulesModule', () => {
  it('adds the rules to the catalog and to the ml-patterns backend', async () => {
    const catalogRules = MlPatternsRuleRegistry.withBuiltInRules();
    const backendRules = MlPatternsRuleRegistry.withBuiltInRules();
    const backend = await startTestBackend({
      features: [
        hostPlugin('catalog', catalogRules),
        hostPlugin('ml-patterns', backendRules),
        createMlPatternsRulesModule({
          moduleId: 'acme-rules',
          rules: [modelCardRule],
        }),
      ],
    });
    expect(catalogRules.sourceOf('acme/model-card')).toBe('extension');
    expect(backendRules.sourceOf('acme/model-card')).toBe('extension');
    await backend.stop();
  });

  it('works when only the catalog side is installed', async () => {
    const catalogRules = MlPatternsRuleRegistry.withBuiltInRules();
    const backend = await startTestBackend({
      features: [
        hostPlugin('catalog', catalogRules),
        createMlPatternsRulesModule({
          moduleId: 'acme-rules',
          rules: [modelCardRule],
        }),
      ],
    });
    expect(catalogRules.rules()).toContain(modelCardRule);
    await backend.stop();
  });

  it('fails start-up on a rule id that is taken', async () => {
    await expect(
      startTestBackend({
        features: [
          hostPlugin('catalog', MlPatternsRuleRegistry.withBuiltInRules()),
          createMlPatternsRulesModule({
            moduleId: 'acme-rules',
            rules: [{ ...modelCardRule, id: 'only-me/code-review' }],
          }),
        ],
      }),
    ).rejects.toThrow(/already registered/);
  });
});
