import { readDurationFromConfig } from '@backstage/config';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** A duration setting in milliseconds, or the default when it is absent. */
function durationMs(
  config: RootConfigService,
  key: string,
  defaultMs: number,
): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : defaultMs;
}

/** The default of `mlPatterns.scorecards.cacheTtl`. */
export const DEFAULT_SCORECARD_CACHE_TTL_MS = 30_000;

/**
 * `mlPatterns.scorecards.cacheTtl`: how long one caller's read of the
 * stamped entities serves their next scorecard requests. `{ seconds: 0 }`
 * reads the catalog on every request.
 */
export function readScorecardCacheTtlMs(config: RootConfigService): number {
  return durationMs(
    config,
    'mlPatterns.scorecards.cacheTtl',
    DEFAULT_SCORECARD_CACHE_TTL_MS,
  );
}

/**
 * `mlPatterns.scorecards.sharedSnapshot` (default true): whether callers
 * allowed to read the whole catalog are answered from the plugin's own
 * shared read of the stamped entities. False: every request uses a
 * per-caller read.
 */
export function readScorecardSharedSnapshot(
  config: RootConfigService,
): boolean {
  return (
    config.getOptionalBoolean('mlPatterns.scorecards.sharedSnapshot') ?? true
  );
}

/** The default of `mlPatterns.scorecards.maxStale`. */
export const DEFAULT_SCORECARD_MAX_STALE_MS = 10 * 60_000;

/**
 * `mlPatterns.scorecards.maxStale`: how old the shared snapshot may be and
 * still answer the first request after an idle spell, while a fresh read
 * runs in the background.
 */
export function readScorecardMaxStaleMs(config: RootConfigService): number {
  return durationMs(
    config,
    'mlPatterns.scorecards.maxStale',
    DEFAULT_SCORECARD_MAX_STALE_MS,
  );
}

/** The default of `mlPatterns.scorecards.refreshInterval`. */
export const DEFAULT_SCORECARD_REFRESH_INTERVAL: HumanDuration = {
  minutes: 1,
};

/**
 * `mlPatterns.scorecards.refreshInterval`: how often the stamp table the
 * scorecards are computed from is brought up to date with the catalog.
 */
export function readScorecardRefreshInterval(
  config: RootConfigService,
): HumanDuration {
  const key = 'mlPatterns.scorecards.refreshInterval';
  return config.has(key)
    ? readDurationFromConfig(config, { key })
    : DEFAULT_SCORECARD_REFRESH_INTERVAL;
}
