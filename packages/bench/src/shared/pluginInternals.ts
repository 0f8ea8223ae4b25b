/*
 * What the benches use of the plugins beyond their public entry points, in
 * one place. Each bench times one part on its own (the analysis without the
 * reading, the scorecards' aggregation without the catalog), and the plugins
 * do not export those parts.
 *
 * The plugins declare `exports` maps, so their sources are reached by path.
 */

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export {
  analyzeRepositoryFiles,
  wantsContent,
} from '../../../../plugins/ml-patterns-node/src/evidence/analyze';

// The hostile-input bench times the hostile-input test's own generated files.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports, no-restricted-imports
export {
  analysisTime,
  ANALYZER_FAMILIES,
  generatedCases,
} from '../../../../plugins/ml-patterns-node/src/evidence/analyze/__testUtils__/hostileFiles';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export { aggregateScorecards } from '../../../../plugins/ml-patterns-backend/src/scorecards/aggregateScorecards';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export {
  DRILL_DOWN_FIELDS,
  SCORECARD_FIELDS,
  toStampedEntity,
} from '../../../../plugins/ml-patterns-backend/src/scorecards/stampedEntity';
