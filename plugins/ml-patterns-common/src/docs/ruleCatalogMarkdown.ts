import { PatternId, RuleDefinition } from '../types';

/** Markers around the generated rule catalog in the README. */
export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

const PATTERN_TITLES: Record<PatternId, string> = {
  'all-in-one': 'All-in-one',
  'only-me': 'Only-me',
  'model-load': 'Model-load',
};

/** The rule catalog as Markdown: one section per pattern, one entry per rule. */
export function renderRuleCatalog(rules: RuleDefinition[]): string {
  const lines: string[] = [];
  const patterns = [...new Set(rules.map(rule => rule.pattern))];
  for (const pattern of patterns) {
    lines.push(`### ${PATTERN_TITLES[pattern] ?? pattern}`, '');
    lines.push('| Rule | Applies to | Weight |', '| --- | --- | --- |');
    for (const rule of rules.filter(r => r.pattern === pattern)) {
      lines.push(
        `| [\`${rule.id}\`](#${anchor(rule.id)}) ${
          rule.title
        } | ${rule.appliesTo.join(', ')} | ${rule.weight} |`,
      );
    }
    lines.push('');
    for (const rule of rules.filter(r => r.pattern === pattern)) {
      lines.push(`#### ${rule.id}`, '');
      lines.push(
        `**${rule.title}** — applies to ${rule.appliesTo.join(', ')}; weight ${
          rule.weight
        }.`,
        '',
      );
      lines.push(rule.rationale, '');
      lines.push('How to fix:', '');
      rule.remediation.forEach((step, index) =>
        lines.push(`${index + 1}. ${step}`),
      );
      lines.push('');
      if (rule.references.length > 0) {
        lines.push(
          `References: ${rule.references
            .map(ref => `[${ref.title}](${ref.url})`)
            .join('; ')}`,
          '',
        );
      }
    }
  }
  return lines.join('\n').trimEnd();
}

/** GitHub's heading anchor for a rule id heading, e.g. `only-me/code-review` → `only-mecode-review`. */
function anchor(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

/**
 * The README with the text between the rule markers replaced by the
 * catalog. Throws when the markers are missing or out of order.
 */
export function withRuleCatalog(
  readme: string,
  rules: RuleDefinition[],
): string {
  const start = readme.indexOf(RULES_START);
  const end = readme.indexOf(RULES_END);
  if (start < 0 || end < start) {
    throw new Error(`The README needs ${RULES_START} followed by ${RULES_END}`);
  }
  return `${readme.slice(0, start + RULES_START.length)}\n\n${renderRuleCatalog(
    rules,
  )}\n\n${readme.slice(end)}`;
}
