import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorCache } from '@backstage/plugin-catalog-node';
import { IncrementalScorer } from '../scoring/IncrementalScorer';
import { MlPatternsProcessor } from './MlPatternsProcessor';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ranker-api',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location': 'url:https://github.com/acme/ranker/',
      // Stamped by an earlier cycle: must not outlive a failure.
      'ml-patterns.io/grade': 'a',
      'ml-patterns.io/score': '100',
    },
  },
  spec: { type: 'model-server', owner: 'group:default/recsys' },
};

function processorCache(): CatalogProcessorCache {
  const values = new Map<string, any>();
  return {
    async get(key) {
      return values.get(key);
    },
    async set(key, value) {
      values.set(key, value);
    },
  };
}

/**
 * A scorer whose every step can be made to fail: the processor's
 * collaborator, so the processor's own promise can be tested.
 */
function failingScorer(failures: {
  summarize?: boolean;
  roleOf?: boolean;
  observe?: boolean;
}) {
  const observed: Entity[] = [];
  const scorer = {
    mightBeInScope: () => true,
    async summarize() {
      if (failures.summarize) throw new Error('summarize failed');
      return { 'ml-patterns.io/role': 'serving-unit' };
    },
    async roleOf() {
      if (failures.roleOf) throw new Error('catalog down');
      return 'serving-unit' as const;
    },
    rulesetVersion: () => '1',
    observe(e: Entity) {
      if (failures.observe) throw new Error('index broken');
      observed.push(e);
    },
  };
  return { scorer: scorer as unknown as IncrementalScorer, observed };
}

describe('MlPatternsProcessor', () => {
  const process = (scorer: IncrementalScorer) => {
    const logger = mockServices.logger.mock();
    const processor = new MlPatternsProcessor({ scorer, logger });
    return {
      logger,
      result: processor.postProcessEntity(
        entity,
        { type: 'url', target: 'https://github.com/acme/ranker/' },
        () => {},
        processorCache(),
      ),
    };
  };

  it('stamps unknown verdicts, never an old grade, when scoring fails', async () => {
    const { scorer, observed } = failingScorer({ summarize: true });
    const { result, logger } = process(scorer);
    const annotations = (await result).metadata.annotations!;
    expect(annotations['ml-patterns.io/grade']).toBeUndefined();
    expect(annotations['ml-patterns.io/score']).toBeUndefined();
    expect(annotations['ml-patterns.io/all-in-one']).toBe('unknown');
    expect(annotations['ml-patterns.io/evidence-status']).toBe('unavailable');
    expect(observed).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /scoring component:default\/ranker-api failed: .*summarize failed/,
      ),
    );
  });

  it('processes the entity, without our stamps, when the fallback fails too', async () => {
    const { scorer } = failingScorer({ summarize: true, roleOf: true });
    const annotations = (await process(scorer).result).metadata.annotations!;
    expect(Object.keys(annotations)).toEqual(['backstage.io/source-location']);
  });

  it('processes the entity when indexing it for other entities fails', async () => {
    const { scorer } = failingScorer({ observe: true });
    const { result, logger } = process(scorer);
    const annotations = (await result).metadata.annotations!;
    expect(annotations['ml-patterns.io/role']).toBe('serving-unit');
    expect(annotations['ml-patterns.io/grade']).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/indexing component:default\/ranker-api failed/),
    );
  });
});
