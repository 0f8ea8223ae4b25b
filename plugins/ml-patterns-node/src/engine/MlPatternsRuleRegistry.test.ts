import { BUILT_IN_RULES } from '@ml-patterns/plugin-ml-patterns-common';
import { MlPatternsRuleRegistry } from './MlPatternsRuleRegistry';
import { MlPatternsRule } from './types';

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

describe('MlPatternsRuleRegistry', () => {
  it('holds the built-in rules with their catalog text', () => {
    const registry = MlPatternsRuleRegistry.withBuiltInRules();
    expect(registry.ruleIds()).toEqual(BUILT_IN_RULES.map(r => r.id));
    for (const rule of registry.rules()) {
      const { evaluate, ...text } = rule;
      expect(text).toEqual(BUILT_IN_RULES.find(r => r.id === rule.id));
      expect(typeof evaluate).toBe('function');
      expect(registry.sourceOf(rule.id)).toBe('built-in');
    }
  });

  it('adds extension rules after the built-in ones', () => {
    const registry = MlPatternsRuleRegistry.withBuiltInRules();
    registry.addRules(modelCardRule);
    expect(registry.rules().at(-1)).toBe(modelCardRule);
    expect(registry.sourceOf('acme/model-card')).toBe('extension');
    expect(registry.sourceOf('acme/nope')).toBeUndefined();
  });

  it('rejects duplicate ids, built-in ones included, and adds nothing from a rejected batch', () => {
    const registry = MlPatternsRuleRegistry.withBuiltInRules();
    expect(() =>
      registry.addRules({ ...modelCardRule, id: 'only-me/code-review' }),
    ).toThrow(
      "An ml-patterns rule with id 'only-me/code-review' is already registered",
    );
    expect(() =>
      registry.addRules(modelCardRule, { ...modelCardRule }),
    ).toThrow(/already registered/);
    expect(registry.sourceOf('acme/model-card')).toBeUndefined();
  });

  it.each([
    [{ id: 'no-slash' }, 'the id must look like <group>/<name>'],
    [{ pattern: 'spaghetti' }, 'pattern must be one of'],
    [{ appliesTo: ['team'] }, 'appliesTo must list roles'],
    [{ weight: -2 }, 'weight must be a number'],
    [{ title: '' }, 'a title is required'],
    [{ evaluate: 'yes' }, 'evaluate must be a function'],
  ])('rejects a malformed rule %j', (change, message) => {
    const registry = new MlPatternsRuleRegistry();
    expect(() =>
      registry.addRules({ ...modelCardRule, ...change } as any),
    ).toThrow(message);
  });
});
