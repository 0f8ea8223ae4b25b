import {
  BUILT_IN_RULES,
  RULESET_VERSION,
  RuleDefinition,
  RulesResponse,
} from '@ml-patterns/plugin-ml-patterns-common';
import { ReportSource } from '../report/ReportSource';

function ruleDefinition(rule: RuleDefinition): RuleDefinition {
  // Rules from the scorer carry their evaluate function; send data only.
  const { id, pattern, title, appliesTo, weight } = rule;
  const { rationale, remediation, references } = rule;
  return {
    id,
    pattern,
    title,
    appliesTo,
    weight,
    rationale,
    remediation,
    references,
  };
}

/**
 * Built-in rules first, then the rules adopters added through the extension
 * point; switched-off rules are listed with `enabled: false`.
 */
export function listRules(scorer: ReportSource): RulesResponse {
  const all = scorer.rules();
  const isEnabled = (id: string) => scorer.isEnabled?.(id) ?? true;
  // Weights as the score uses them, config overrides included.
  const withWeight = (rule: RuleDefinition): RuleDefinition => ({
    ...ruleDefinition(rule),
    weight: scorer.weightOf?.(rule.id) ?? rule.weight,
  });
  const byId = new Map(all.map(rule => [rule.id, rule]));
  const builtInIds = new Set(BUILT_IN_RULES.map(rule => rule.id));
  return {
    rules: [
      ...BUILT_IN_RULES.map(rule => ({
        ...withWeight(byId.get(rule.id) ?? rule),
        // A built-in rule the scorer does not run at all is off.
        enabled: byId.has(rule.id) && isEnabled(rule.id),
        source: 'built-in' as const,
      })),
      ...all
        .filter(rule => !builtInIds.has(rule.id))
        .map(rule => ({
          ...withWeight(rule),
          enabled: isEnabled(rule.id),
          source: 'extension' as const,
        })),
    ],
    rulesetVersion: scorer.rulesetVersion?.() ?? RULESET_VERSION,
  };
}
