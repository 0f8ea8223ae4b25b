import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_GRADE_BANDS,
  DEFAULT_SCOPE,
  RULE_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { readMlPatternsConfig } from './config';

const read = (
  mlPatterns: unknown,
  options?: Parameters<typeof readMlPatternsConfig>[1],
) => readMlPatternsConfig(new ConfigReader({ mlPatterns } as any), options);

describe('readMlPatternsConfig', () => {
  it('gives the defaults without config', () => {
    expect(readMlPatternsConfig(new ConfigReader({}))).toEqual({
      engine: { weights: {}, disabled: [], gradeBands: DEFAULT_GRADE_BANDS },
      scope: DEFAULT_SCOPE,
    });
  });

  it('reads rule weights and switches', () => {
    const { engine } = read({
      rules: [
        { id: RULE_IDS.teamOwnership, weight: 5 },
        { id: RULE_IDS.automatedChecks, enabled: false },
        { id: RULE_IDS.codeReview, enabled: true, weight: 0 },
      ],
    });
    expect(engine.weights).toEqual({
      [RULE_IDS.teamOwnership]: 5,
      [RULE_IDS.codeReview]: 0,
    });
    expect(engine.disabled).toEqual([RULE_IDS.automatedChecks]);
  });

  it.each([
    [
      { rules: [{ id: 'only-me/typo' }] },
      "Invalid ml-patterns config at 'mlPatterns.rules[0].id': unknown rule 'only-me/typo'",
    ],
    [
      { rules: [{ id: RULE_IDS.codeReview }, { id: RULE_IDS.codeReview }] },
      "'mlPatterns.rules[1].id': rule 'only-me/code-review' is configured twice",
    ],
    [
      { rules: [{ id: RULE_IDS.codeReview, weight: -1 }] },
      "'mlPatterns.rules[0].weight': weight of 'only-me/code-review' must be a number ≥ 0",
    ],
    [
      { rules: [{ id: RULE_IDS.codeReview, weight: 'heavy' }] },
      "'mlPatterns.rules[0].weight'",
    ],
    [{ rules: [{ weight: 2 }] }, "'mlPatterns.rules[0].id'"],
    [{ rules: { 'only-me': 1 } }, "'mlPatterns.rules'"],
    [
      { gradeBands: { A: 95, G: 10 } },
      "'mlPatterns.gradeBands.G': unknown grade",
    ],
    [
      { gradeBands: { B: 95 } },
      "'mlPatterns.gradeBands.B': minimum 95 must be lower than A's minimum 90",
    ],
    [
      { gradeBands: { A: 101 } },
      "'mlPatterns.gradeBands.A': minimum score must be between 0 and 100",
    ],
    [{ scope: { models: [] } }, "'mlPatterns.scope.models': unknown role"],
    [
      { scope: { model: [{ kind: 'Resource', types: [] }] } },
      "'mlPatterns.scope.model[0].types'",
    ],
    [
      {
        scope: {
          model: [{ kind: 'Resource', types: ['x'], when: 'sometimes' }],
        },
      },
      "'mlPatterns.scope.model[0].when'",
    ],
    [
      { scope: { model: [{ types: ['x'] }] } },
      "'mlPatterns.scope.model[0].kind'",
    ],
  ])('rejects %j with a message naming the key', (config, message) => {
    expect(() => read(config)).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
    expect(() => read(config)).toThrow(message);
  });

  it('accepts extension rule ids when told about them', () => {
    const { engine } = read(
      { rules: [{ id: 'acme/model-card', weight: 2 }] },
      { ruleIds: [RULE_IDS.codeReview, 'acme/model-card'] },
    );
    expect(engine.weights).toEqual({ 'acme/model-card': 2 });
  });

  it('merges grade bands over the defaults', () => {
    expect(read({ gradeBands: { A: 95, E: 20 } }).engine.gradeBands).toEqual([
      { grade: 'A', min: 95 },
      { grade: 'B', min: 75 },
      { grade: 'C', min: 60 },
      { grade: 'D', min: 45 },
      { grade: 'E', min: 20 },
    ]);
  });

  it('replaces the scope of the roles configured, keeping the others', () => {
    const { scope } = read({
      scope: {
        model: [{ kind: 'Resource', types: 'mlflow-model' }],
        'serving-unit': [
          { kind: 'Component', types: ['service'], when: 'depends-on-ml' },
        ],
      },
    });
    expect(scope.model).toEqual([
      { kind: 'Resource', types: ['mlflow-model'], when: 'always' },
    ]);
    expect(scope['serving-unit']).toEqual([
      { kind: 'Component', types: ['service'], when: 'depends-on-ml' },
    ]);
    expect(scope.repository).toBe(DEFAULT_SCOPE.repository);
  });
});
