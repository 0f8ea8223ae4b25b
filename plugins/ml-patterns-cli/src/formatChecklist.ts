import {
  CheckResult,
  EntityReport,
  EvidenceItem,
  RuleDefinition,
} from '@ml-patterns/plugin-ml-patterns-common';
import { notScoredReason } from './failUnder';

const SYMBOLS: Record<string, string> = {
  pass: '✔',
  fail: '✘',
  unknown: '?',
  'not-applicable': '–',
  waived: '~',
};

/** Failures first, then unknowns, passes, waivers and what does not apply. */
const ORDER = ['fail', 'unknown', 'pass', 'waived', 'not-applicable'];

function statusOf(check: CheckResult): string {
  return check.waiver ? 'waived' : check.verdict;
}

function describeEvidence(item: EvidenceItem): string {
  const where = item.path
    ? `${item.path}${item.line ? `:${item.line}` : ''}`
    : item.field ?? item.entityRef ?? '';
  const what = item.note ?? (item.path ? '' : item.entityRef ?? '');
  if (where && what && where !== what) {
    return `${where} — ${what}`;
  }
  return where || what;
}

/**
 * The report as a readable checklist: the verdict symbol, rule title and
 * message of every check, the evidence as `path:line`, and the remediation
 * steps of each failure.
 */
export function formatChecklist(
  report: EntityReport,
  rules: Array<Pick<RuleDefinition, 'id' | 'title' | 'remediation'>>,
): string {
  const ruleById = new Map(rules.map(rule => [rule.id, rule]));
  const lines: string[] = [];
  lines.push(`ml-patterns — ${report.entityRef} (${report.role})`);
  const coverage = `coverage ${Math.round(report.coverage * 100)}%`;
  lines.push(
    report.score === null || report.grade === null
      ? `${notScoredReason(report)}  ${coverage}`
      : `Grade ${report.grade}  score ${report.score}/100  ${coverage}`,
  );
  lines.push(
    `All-in-one: ${report.antiPatterns['all-in-one']}  Only-me: ${report.antiPatterns['only-me']}  Release pattern: ${report.releasePattern}`,
  );
  const source = report.evidenceSource;
  const readAt = source.readAt ? `, last read ${source.readAt}` : '';
  lines.push(
    `Source: ${source.location ?? '(none)'} — ${source.status}${
      source.reason ? ` (${source.reason}${readAt})` : ''
    }`,
  );
  lines.push('');

  const checks = [...report.checks].sort(
    (a, b) => ORDER.indexOf(statusOf(a)) - ORDER.indexOf(statusOf(b)),
  );
  for (const check of checks) {
    const status = statusOf(check);
    const rule = ruleById.get(check.ruleId);
    lines.push(
      `${SYMBOLS[status] ?? '?'} ${rule?.title ?? check.ruleId}  [${
        check.ruleId
      }]`,
    );
    lines.push(`    ${check.message}`);
    if (check.waiver) {
      const { reason, approvedBy, until, ticket } = check.waiver;
      lines.push(
        `    waived: ${reason} (approved by ${approvedBy} until ${until}${
          ticket ? `, ${ticket}` : ''
        })`,
      );
    }
    if (check.waiverProblem) {
      lines.push(`    ${check.waiverProblem}`);
    }
    for (const item of check.evidence) {
      const text = describeEvidence(item);
      if (text) {
        lines.push(`    at ${text}`);
      }
    }
    if (status === 'fail' && rule?.remediation.length) {
      lines.push('    To fix:');
      rule.remediation.forEach((step, index) => {
        lines.push(`      ${index + 1}. ${step}`);
      });
    }
  }
  const invalid = report.waivers.filter(waiver => waiver.state === 'invalid');
  if (invalid.length > 0) {
    lines.push('');
    lines.push('Waivers not applied (ml-patterns.io/waivers):');
    for (const waiver of invalid) {
      lines.push(`  ! ${waiver.ruleId ?? 'all'}: ${waiver.problem}`);
    }
  }
  const counts = ORDER.map(
    status => `${checks.filter(c => statusOf(c) === status).length} ${status}`,
  ).join(', ');
  lines.push('');
  lines.push(`${checks.length} checks: ${counts}`);
  return `${lines.join('\n')}\n`;
}
