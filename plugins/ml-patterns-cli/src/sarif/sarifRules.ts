import { RuleDefinition } from '@ml-patterns/plugin-ml-patterns-common';
import type { ReportingDescriptor } from 'sarif';

/** SARIF levels of a failed check, from the rule's weight in the score. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** Where the rule catalog is documented, one heading per rule. */
const RULE_CATALOG_URL =
  'https://github.com/ml-patterns/ml-patterns/blob/main/plugins/ml-patterns-common/README.md';

/**
 * Weight 3 (the checks whose failure makes the anti-pattern) is an error,
 * 2 a warning, 1 or less a note. A weight set in `mlPatterns.rules`
 * counts, as it does in the score.
 */
export function levelForWeight(weight: number): SarifLevel {
  if (weight >= 3) return 'error';
  if (weight >= 2) return 'warning';
  return 'note';
}

/** GitHub's heading anchor of a rule id, e.g. `only-me/code-review` → `only-mecode-review`. */
function anchor(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

/** `all-in-one/one-model-per-server` → `OneModelPerServer`. */
function ruleName(id: string): string {
  const name = id.slice(id.lastIndexOf('/') + 1);
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(word => word[0].toUpperCase() + word.slice(1))
    .join('');
}

function helpText(rule: RuleDefinition): { text: string; markdown: string } {
  const steps = rule.remediation.map((step, i) => `${i + 1}. ${step}`);
  const text = [rule.rationale, '', 'How to fix:', ...steps];
  const markdown = [rule.rationale, '', '**How to fix**', '', ...steps];
  if (rule.references.length > 0) {
    text.push(
      '',
      `References: ${rule.references
        .map(ref => `${ref.title} (${ref.url})`)
        .join('; ')}`,
    );
    markdown.push(
      '',
      `References: ${rule.references
        .map(ref => `[${ref.title}](${ref.url})`)
        .join(', ')}`,
    );
  }
  return { text: text.join('\n'), markdown: markdown.join('\n') };
}

/**
 * The rules as SARIF reporting descriptors: title, rationale, the steps
 * to fix a failure, and a link to the rule's documentation (the rule
 * catalog for built-in rules, otherwise the rule's first reference).
 */
export function sarifRules(
  rules: ReadonlyArray<RuleDefinition>,
  weights: Readonly<Record<string, number>>,
  builtInIds: ReadonlySet<string>,
): ReportingDescriptor[] {
  return rules.map(rule => {
    const helpUri = builtInIds.has(rule.id)
      ? `${RULE_CATALOG_URL}#${anchor(rule.id)}`
      : rule.references[0]?.url;
    return {
      id: rule.id,
      name: ruleName(rule.id),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.rationale },
      help: helpText(rule),
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: {
        level: levelForWeight(weights[rule.id] ?? rule.weight),
      },
      properties: { tags: ['ml-patterns', rule.pattern] },
    };
  });
}
