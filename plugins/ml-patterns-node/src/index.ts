export * from './evidence/read';
// Engine, rules, config and extension points (issue #3).
export * from './engine/types';
export { evaluateEntity } from './engine/evaluateEntity';
export { builtInRules } from './engine/rules';
export { resolveRole } from './engine/role';
export { computeScore } from './engine/score';
export type { ScoreSummary } from './engine/score';
export { detectAntiPatterns } from './engine/antiPatterns';
export { detectReleasePattern } from './engine/releasePattern';
export type { ReleasePatternDetection } from './engine/releasePattern';
export { parseWaivers } from './engine/waivers';
export type { ParsedWaivers } from './engine/waivers';
export { MlPatternsRuleRegistry } from './engine/MlPatternsRuleRegistry';
export type { MlPatternsRuleSource } from './engine/MlPatternsRuleRegistry';
export { readMlPatternsConfig } from './config';
export type { MlPatternsConfig } from './config';
export {
  mlPatternsRulesExtensionPoint,
  catalogMlPatternsRulesExtensionPoint,
  rulesExtensionPointFor,
  createMlPatternsRulesModule,
} from './extensionPoint';
export type { MlPatternsRulesExtensionPoint } from './extensionPoint';
// Scoring an entity end to end (catalog facts + repository evidence + engine).
export * from './scoring';
export * from './evidence/types';
export { looksLikeServing } from './evidence/looksLikeServing';
