import {
  AntiPatternId,
  AntiPatternVerdict,
  EntityRole,
  PatternId,
  ReleasePattern,
  WaiverState,
} from '@ml-patterns/plugin-ml-patterns-common';

/** Display names of the anti-patterns, as the pattern documents spell them. */
export const ANTI_PATTERN_LABELS: Record<AntiPatternId, string> = {
  'all-in-one': 'All-in-one',
  'only-me': 'Only-me',
};

export const PATTERN_LABELS: Record<PatternId, string> = {
  'all-in-one': 'All-in-one',
  'only-me': 'Only-me',
  'model-load': 'Model-load',
};

export const VERDICT_LABELS: Record<AntiPatternVerdict, string> = {
  detected: 'detected',
  clear: 'clear',
  unknown: "couldn't verify",
  'not-applicable': 'not applicable',
};

export const RELEASE_PATTERN_LABELS: Record<ReleasePattern, string> = {
  'model-load': 'Model-load',
  'model-in-image': 'Model-in-image',
  mixed: 'Mixed (Model-load and Model-in-image)',
  unknown: 'Unknown',
  'not-applicable': 'Not applicable',
};

export const WAIVER_STATE_LABELS: Record<WaiverState, string> = {
  active: 'Active',
  expired: 'Expired',
  invalid: 'Invalid',
};

export const ROLE_LABELS: Record<EntityRole, string> = {
  model: 'Model',
  'serving-unit': 'Serving unit',
  repository: 'Training repository',
  dataset: 'Dataset',
};

/** A percentage for a 0–1 share, or an em dash when there is none. */
export function formatPercent(share: number | null | undefined): string {
  return typeof share === 'number' && Number.isFinite(share)
    ? `${Math.round(share * 100)}%`
    : '—';
}

/** A rounded score, or an em dash when there is none. */
export function formatScore(score: number | null | undefined): string {
  return typeof score === 'number' && Number.isFinite(score)
    ? `${Math.round(score)}`
    : '—';
}
