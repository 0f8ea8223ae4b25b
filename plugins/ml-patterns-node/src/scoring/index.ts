export { MlPatternsScorer } from './MlPatternsScorer';
export type { ScoreOptions } from './MlPatternsScorer';
export type { CachedEvidence, EvidenceCache } from './EvidenceCache';
export { TtlCache } from './TtlCache';
export { callerKey } from './callerKey';
export { ScoreMemo } from './ScoreMemo';
