/**
 * Node library of ml-patterns: the scoring engine and its rules, repository
 * evidence, the report-time scorer and the extension points for adding
 * rules.
 *
 * @packageDocumentation
 */

// Rules and their evaluation.
export type {
  EngineOptions,
  EvaluationInput,
  MlPatternsRule,
  RelatedFacts,
  RelatedModel,
  RuleOutcome,
  ServerGroupPeer,
} from './engine/types';
export { evaluateEntity } from './engine/evaluateEntity';
export { readWaivers, waiverEndsAt } from './engine/waivers';
export type { WaiverReadOptions } from './engine/waivers';
export { builtInRules } from './engine/rules';
export { resolveRole } from './engine/role';
export { MlPatternsRuleRegistry } from './engine/MlPatternsRuleRegistry';
export type { MlPatternsRuleSource } from './engine/MlPatternsRuleRegistry';
export { readMlPatternsConfig } from './config';
export type { MlPatternsConfig } from './config';

// Adding rules.
export {
  mlPatternsRulesExtensionPoint,
  catalogMlPatternsRulesExtensionPoint,
  createMlPatternsRulesModule,
} from './extensionPoint';
export type { MlPatternsRulesExtensionPoint } from './extensionPoint';

// Repository evidence: what rules are shown, and how it is read.
export * from './evidence/types';
export { looksLikeServing } from './evidence/looksLikeServing';
export {
  RepositoryEvidenceReader,
  locateEntitySource,
  readEvidenceReaderSettings,
} from './evidence/read';
export type {
  EvidenceReaderSettings,
  RepositoryEvidenceReadResult,
  SourceLocation,
} from './evidence/read';

// Scoring entities on request.
export { MlPatternsReportScorer } from './scoring/MlPatternsReportScorer';
export type { ReportScoreOptions } from './scoring/MlPatternsReportScorer';
export type {
  CachedEvidence,
  EvidenceCache,
  EvidenceReadTurn,
} from './scoring/EvidenceCache';
