import { ConflictError, InputError } from '@backstage/errors';
import {
  ENTITY_ROLES,
  PATTERN_IDS,
} from '@ml-patterns/plugin-ml-patterns-common';
import { builtInRules } from './rules';
import { MlPatternsRule } from './types';

/** `<group>/<name>`, lower-case words with dashes, like the built-in ids. */
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Where a rule came from. @public */
export type MlPatternsRuleSource = 'built-in' | 'extension';

function validate(rule: MlPatternsRule): void {
  const id = (rule as Partial<MlPatternsRule>)?.id;
  const name = typeof id === 'string' ? `'${id}'` : 'without an id';
  const problem = (text: string) =>
    new InputError(`Invalid ml-patterns rule ${name}: ${text}`);
  if (typeof id !== 'string' || !RULE_ID.test(id)) {
    throw problem('the id must look like <group>/<name>, e.g. acme/model-card');
  }
  if (!PATTERN_IDS.includes(rule.pattern)) {
    throw problem(`pattern must be one of ${PATTERN_IDS.join(', ')}`);
  }
  if (
    !Array.isArray(rule.appliesTo) ||
    rule.appliesTo.length === 0 ||
    !rule.appliesTo.every(role => ENTITY_ROLES.includes(role))
  ) {
    throw problem(`appliesTo must list roles among ${ENTITY_ROLES.join(', ')}`);
  }
  if (
    typeof rule.weight !== 'number' ||
    !Number.isFinite(rule.weight) ||
    rule.weight < 0
  ) {
    throw problem('weight must be a number ≥ 0');
  }
  if (typeof rule.title !== 'string' || rule.title.trim() === '') {
    throw problem('a title is required');
  }
  if (typeof rule.evaluate !== 'function') {
    throw problem('evaluate must be a function');
  }
}

/**
 * The rules in force: the built-in rules plus those added through the
 * extension points. Both the catalog module and the ml-patterns backend
 * plugin hold one and hand `rules()` to the scorer.
 *
 * @public
 */
export class MlPatternsRuleRegistry {
  readonly #rules = new Map<
    string,
    { rule: MlPatternsRule; source: MlPatternsRuleSource }
  >();

  /** A registry holding the built-in rules. */
  static withBuiltInRules(): MlPatternsRuleRegistry {
    const registry = new MlPatternsRuleRegistry();
    for (const rule of builtInRules) {
      registry.#rules.set(rule.id, { rule, source: 'built-in' });
    }
    return registry;
  }

  /**
   * Adds rules. Throws an `InputError` for a malformed rule and a
   * `ConflictError` when an id is already taken (built-in ids included).
   */
  addRules(...rules: MlPatternsRule[]): void {
    const incoming = new Set<string>();
    for (const rule of rules) {
      validate(rule);
      if (this.#rules.has(rule.id) || incoming.has(rule.id)) {
        throw new ConflictError(
          `An ml-patterns rule with id '${rule.id}' is already registered`,
        );
      }
      incoming.add(rule.id);
    }
    for (const rule of rules) {
      this.#rules.set(rule.id, { rule, source: 'extension' });
    }
  }

  /** Every rule, built-in first, in the order added. */
  rules(): MlPatternsRule[] {
    return [...this.#rules.values()].map(entry => entry.rule);
  }

  /** Rule ids, e.g. to validate `mlPatterns.rules` config against. */
  ruleIds(): string[] {
    return [...this.#rules.keys()];
  }

  /** Where a rule came from; undefined for an unknown id. */
  sourceOf(ruleId: string): MlPatternsRuleSource | undefined {
    return this.#rules.get(ruleId)?.source;
  }
}
