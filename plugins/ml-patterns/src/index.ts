/**
 * Entity card, team scorecard dashboards, the waivers audit list, the rule
 * catalog, and
 * catalog index column and filters for the ML anti-patterns All-in-one and
 * Only-me (legacy frontend system; see `./alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  mlPatternsPlugin,
  EntityMlPatternsCard,
  EntityTeamMlPatternsCard,
  MlPatternsPage,
} from './plugin';
export {
  rootRouteRef,
  rulesRouteRef,
  sourceFileRouteRef,
  waiversRouteRef,
} from './routes';
export { isMlPatternsAvailable } from './lib/isMlPatternsAvailable';
export { mlPatternsApiRef, MlPatternsClient } from './api';
export type { MlPatternsApi, ScorecardQuery, WaiverQuery } from './api';
export type { EntityMlPatternsCardProps } from './components/EntityMlPatternsCard';
export type { EntityTeamMlPatternsCardProps } from './components/EntityTeamMlPatternsCard';
export { MlPatternsScorecards } from './components/MlPatternsPage';
export { MlPatternsWaivers } from './components/WaiversPage';
export { MlPatternsRules } from './components/RulesPage';
export { MlPatternsIcon } from './components/shared/MlPatternsIcon';
export {
  createMlPatternsGradeColumn,
  MlPatternsAntiPatternFilter,
  MlPatternsAntiPatternPicker,
  MlPatternsGradeFilter,
  MlPatternsGradePicker,
} from './components/CatalogIndex';
export type {
  MlPatternsAntiPatternPickerProps,
  MlPatternsEntityFilters,
  MlPatternsGradeColumnOptions,
  MlPatternsGradePickerProps,
} from './components/CatalogIndex';
