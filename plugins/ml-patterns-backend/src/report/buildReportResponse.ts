import { Entity } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  BUILT_IN_RULES,
  EntityReport,
  EntityReportResponse,
  PATTERN_IDS,
  RuleDefinition,
} from '@ml-patterns/plugin-ml-patterns-common';
import { evidenceBaseUrl, withEvidenceUrl } from './evidenceUrls';

type RuleText = EntityReportResponse['report']['checks'][number]['rule'];

function ruleText(
  ruleId: string,
  rules: Map<string, RuleDefinition>,
): RuleText {
  const rule = rules.get(ruleId);
  if (!rule) {
    // A check from a rule no longer registered (e.g. a removed extension):
    // keep the check, say plainly that its text is unavailable.
    return {
      title: ruleId,
      pattern: PATTERN_IDS.find(p => ruleId.startsWith(`${p}/`)) ?? 'only-me',
      rationale: 'This rule is not registered in this Backstage instance.',
      remediation: [],
      references: [],
    };
  }
  const { title, pattern, rationale, remediation, references } = rule;
  return { title, pattern, rationale, remediation, references };
}

/**
 * Turns an engine report into the REST response: each check gets its rule's
 * text and each file evidence a browser URL to its line.
 */
export function buildReportResponse(options: {
  entity: Entity;
  report: EntityReport;
  rules: RuleDefinition[];
  integrations: ScmIntegrationRegistry;
  evaluatedAt: Date;
}): EntityReportResponse {
  const { entity, report, integrations } = options;
  const rules = new Map<string, RuleDefinition>(
    BUILT_IN_RULES.map(r => [r.id, r]),
  );
  for (const rule of options.rules) {
    rules.set(rule.id, rule);
  }
  const base = evidenceBaseUrl(entity, report, integrations);
  return {
    report: {
      ...report,
      checks: report.checks.map(check => ({
        ...check,
        evidence: check.evidence.map(item =>
          withEvidenceUrl(item, base, integrations),
        ),
        rule: ruleText(check.ruleId, rules),
      })),
    },
    evaluatedAt: options.evaluatedAt.toISOString(),
  };
}
