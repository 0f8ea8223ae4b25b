import { stringify } from 'yaml';

/** The time tests evaluate at, unless they say otherwise. */
export const TEST_NOW = new Date('2026-06-15T12:00:00Z');

/**
 * The `ml-patterns.io/waivers` value of one complete waiver, active at
 * {@link TEST_NOW} unless `until` says otherwise.
 */
export function waiverAnnotation(
  ruleId: string,
  reason: string,
  terms: { approvedBy?: string; until?: string; ticket?: string } = {},
): string {
  return stringify({
    [ruleId]: {
      reason,
      approvedBy: terms.approvedBy ?? 'group:default/ml-platform',
      until: terms.until ?? '2026-12-31',
      ...(terms.ticket ? { ticket: terms.ticket } : {}),
    },
  });
}

/** The waiver terms {@link waiverAnnotation} writes, as a check carries them. */
export function activeWaiver(reason: string) {
  return {
    reason,
    approvedBy: 'group:default/ml-platform',
    until: '2026-12-31',
  };
}
