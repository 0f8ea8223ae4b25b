/**
 * Building blocks the ml-patterns packages share: the steps of
 * scoring an entity that the catalog module's incremental scoring builds
 * on, the catalog lookups it answers from its index, what the backend
 * plugin caches per caller and serves of local source folders, and how
 * both register the rules extension point, and the entity standing for a
 * repository outside the catalog that the backend plugin and the command
 * line score. Unstable: they change with
 * those packages.
 *
 * @packageDocumentation
 */
export { rulesExtensionPointFor } from './rulesExtensionPointFor';
export { MlPatternsScoring } from './scoring/MlPatternsScoring';
export type {
  EntityAssessment,
  EvidenceRead,
  ResolvedEntity,
} from './scoring/MlPatternsScoring';
export {
  GROUP_ANNOTATIONS,
  RELATED_ANNOTATIONS,
  RELATED_FIELDS,
  relatedView,
} from './scoring/CatalogLookups';
export type { CatalogLookups, GroupKey } from './scoring/CatalogLookups';
export { specRefs } from './scoring/CatalogRelatedFacts';
export { TtlCache } from './scoring/TtlCache';
export { setNewest } from './scoring/setNewest';
export { callerKey } from './scoring/callerKey';
export { readLocalSourceFile } from './evidence/read';
export type { LocalSourceFile } from './evidence/read';
export { noRelatedFacts } from './engine/noRelatedFacts';
export { standInFor, standInName } from './scoring/standIn';
export type { StandIn } from './scoring/standIn';
