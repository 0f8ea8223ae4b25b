import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  OUTPUT_ANNOTATIONS,
  readStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';
import {
  createMlPatternsRulesModule,
  MlPatternsRule,
} from '@ml-patterns/plugin-ml-patterns-node';
import request from 'supertest';
import catalogModuleMlPatterns from './index';

jest.setTimeout(60_000);

const modelCardRule: MlPatternsRule = {
  id: 'acme/model-card',
  pattern: 'only-me',
  title: 'Model card present',
  appliesTo: ['model'],
  weight: 1,
  rationale: 'Others need to know what the model is for.',
  remediation: ['Add MODEL_CARD.md'],
  references: [],
  evaluate: () => ({ verdict: 'fail', message: 'No card.', evidence: [] }),
};

const directory = createMockDirectory({
  content: {
    'catalog-info.yaml': [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Resource',
      'metadata:',
      '  name: churn-model',
      'spec:',
      '  type: ml-model',
      '  owner: group:default/ml',
      '',
    ].join('\n'),
  },
});

/** The real catalog with the ml-patterns module and the given rules modules. */
function startCatalog(
  ...rulesModules: ReturnType<typeof createMlPatternsRulesModule>[]
) {
  return startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleMlPatterns,
      ...rulesModules,
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          catalog: {
            rules: [{ allow: ['Resource', 'Location'] }],
            locations: [
              { type: 'file', target: directory.resolve('catalog-info.yaml') },
            ],
            processingInterval: { seconds: 1 },
          },
        },
      }),
    ],
  });
}

describe('catalogModuleMlPatterns with rules modules', () => {
  it("runs a module's rules in the processor", async () => {
    const backend = await startCatalog(
      createMlPatternsRulesModule({
        moduleId: 'acme-rules',
        rules: [modelCardRule],
      }),
    );
    try {
      // Wait for the first processing of the entity: one stamp holds every rule's verdict.
      let annotations: Record<string, string> | undefined;
      for (let attempt = 0; attempt < 30; attempt++) {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/resource/default/churn-model')
          .set('authorization', mockCredentials.user.header());
        annotations = res.body?.metadata?.annotations;
        if (annotations?.[OUTPUT_ANNOTATIONS.role]) break;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
      const failed = readStampAnnotations(annotations).failedChecks;
      expect(failed).toContain('acme/model-card');
    } finally {
      await backend.stop();
    }
  });

  it('fails start-up when two modules add rules with the same id', async () => {
    await expect(
      startCatalog(
        createMlPatternsRulesModule({
          moduleId: 'acme-rules',
          rules: [modelCardRule],
        }),
        createMlPatternsRulesModule({
          moduleId: 'other-rules',
          rules: [{ ...modelCardRule, title: 'Another model card rule' }],
        }),
      ),
    ).rejects.toThrow(
      /ml-patterns rule with id 'acme\/model-card' is already registered/,
    );
  });

  it("fails start-up when a module reuses a built-in rule's id", async () => {
    await expect(
      startCatalog(
        createMlPatternsRulesModule({
          moduleId: 'acme-rules',
          rules: [{ ...modelCardRule, id: 'only-me/code-review' }],
        }),
      ),
    ).rejects.toThrow(/'only-me\/code-review' is already registered/);
  });
});
