import { readDurationFromConfig } from '@backstage/config';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds } from '@backstage/types';

/** The default of `mlPatterns.scorecards.cacheTtl`. */
export const DEFAULT_SCORECARD_CACHE_TTL_MS = 30_000;

/**
 * `mlPatterns.scorecards.cacheTtl`: how long one caller's read of the
 * stamped entities serves their next scorecard requests. `{ seconds: 0 }`
 * reads the catalog on every request.
 */
export function readScorecardCacheTtlMs(config: RootConfigService): number {
  const key = 'mlPatterns.scorecards.cacheTtl';
  if (!config.has(key)) {
    return DEFAULT_SCORECARD_CACHE_TTL_MS;
  }
  return durationToMilliseconds(readDurationFromConfig(config, { key }));
}
