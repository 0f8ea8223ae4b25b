export { mlPatternsApiRef } from './MlPatternsApi';
export type {
  MlPatternsApi,
  ScorecardQuery,
  WaiverQuery,
} from './MlPatternsApi';
export { MlPatternsClient } from './MlPatternsClient';
