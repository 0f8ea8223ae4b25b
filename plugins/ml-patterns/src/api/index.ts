export { mlPatternsApiRef } from './MlPatternsApi';
export type { MlPatternsApi, ScorecardQuery } from './MlPatternsApi';
export { MlPatternsClient } from './MlPatternsClient';
