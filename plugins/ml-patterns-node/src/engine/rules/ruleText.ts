import {
  BUILT_IN_RULES,
  RuleDefinition,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * The catalog text of a built-in rule. Throws for an unknown id: that is a
 * programming error (rule logic written for a rule with no text).
 */
export function builtInRuleText(id: string): RuleDefinition {
  const definition = BUILT_IN_RULES.find(rule => rule.id === id);
  if (!definition) {
    throw new Error(`No built-in rule text for '${id}'`);
  }
  return definition;
}
