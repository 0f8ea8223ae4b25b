export { MlPatternsPage, MlPatternsScorecards } from './MlPatternsPage';
