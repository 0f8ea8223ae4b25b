import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createMlPatternsRulesModule,
  MlPatternsRule,
} from '@ml-patterns/plugin-ml-patterns-node';
import { specCheckedRequest } from './__testUtils__/specCheckedRequest';
import mlPatternsPlugin from '.';

describe('ml-patterns backend plugin with rules modules', () => {
  const modelCardRule: MlPatternsRule = {
    id: 'acme/model-card',
    pattern: 'only-me',
    title: 'Model card present',
    appliesTo: ['model', 'serving-unit'],
    weight: 1,
    rationale: 'Others need to know what the model is for.',
    remediation: ['Add MODEL_CARD.md'],
    references: [],
    evaluate: () => ({ verdict: 'fail', message: 'No card.', evidence: [] }),
  };
  const features = [
    mlPatternsPlugin,
    catalogServiceMock.factory({ entities: [] }),
  ];

  it('serves the rules a module adds', async () => {
    const backend = await startTestBackend({
      features: [
        ...features,
        createMlPatternsRulesModule({
          moduleId: 'acme-rules',
          rules: [modelCardRule],
        }),
      ],
    });
    try {
      const rules = await specCheckedRequest(backend.server)
        .get('/api/ml-patterns/v1/rules')
        .set('Authorization', mockCredentials.service.header());
      expect(rules.body.rules).toContainEqual(
        expect.objectContaining({ id: 'acme/model-card', source: 'extension' }),
      );
    } finally {
      await backend.stop();
    }
  });

  it('fails start-up when two modules add rules with the same id', async () => {
    await expect(
      startTestBackend({
        features: [
          ...features,
          createMlPatternsRulesModule({
            moduleId: 'acme-rules',
            rules: [modelCardRule],
          }),
          createMlPatternsRulesModule({
            moduleId: 'other-rules',
            rules: [{ ...modelCardRule, title: 'Another model card rule' }],
          }),
        ],
      }),
    ).rejects.toThrow(
      /ml-patterns rule with id 'acme\/model-card' is already registered/,
    );
  });

  it("fails start-up when a module reuses a built-in rule's id", async () => {
    await expect(
      startTestBackend({
        features: [
          ...features,
          createMlPatternsRulesModule({
            moduleId: 'acme-rules',
            rules: [{ ...modelCardRule, id: 'only-me/code-review' }],
          }),
        ],
      }),
    ).rejects.toThrow(/'only-me\/code-review' is already registered/);
  });
});
