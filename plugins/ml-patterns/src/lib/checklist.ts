import {
  CheckStatus,
  EntityReportResponse,
} from '@ml-patterns/plugin-ml-patterns-common';

/** One check of a report, with the rule text the backend merged in. */
export type ReportCheck = EntityReportResponse['report']['checks'][number];

/** The status a check shows: `waived` wins over the verdict it waived. */
export function checkStatus(check: ReportCheck): CheckStatus {
  return check.waiver ? 'waived' : check.verdict;
}

/** The checklist split the way the card shows it, in display order. */
export interface Checklist {
  failed: ReportCheck[];
  unknown: ReportCheck[];
  waived: ReportCheck[];
  passed: ReportCheck[];
  notApplicable: ReportCheck[];
}

/**
 * Splits checks by status. Failed checks come first because they are what
 * the user has to act on; within a group the backend's order is kept.
 */
export function buildChecklist(checks: ReportCheck[]): Checklist {
  const checklist: Checklist = {
    failed: [],
    unknown: [],
    waived: [],
    passed: [],
    notApplicable: [],
  };
  for (const check of checks) {
    switch (checkStatus(check)) {
      case 'fail':
        checklist.failed.push(check);
        break;
      case 'unknown':
        checklist.unknown.push(check);
        break;
      case 'waived':
        checklist.waived.push(check);
        break;
      case 'pass':
        checklist.passed.push(check);
        break;
      default:
        checklist.notApplicable.push(check);
    }
  }
  return checklist;
}
