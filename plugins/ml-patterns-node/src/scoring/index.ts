export { MlPatternsScorer } from './MlPatternsScorer';
export type { ScoreOptions } from './MlPatternsScorer';
export type { CachedEvidence, EvidenceCache } from './EvidenceCache';
