import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { callerKey } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

/** How many repository-reading requests one caller may make per window. */
export interface CallerRateLimit {
  max: number;
  windowMs: number;
}

/**
 * Default of `mlPatterns.reports.rateLimit`: a person reading reports reads
 * far fewer than this; a script looping over them is held to a pace that
 * leaves the integration's rate limit (GitHub: 5,000 calls an hour per
 * token) to the catalog processor.
 */
export const DEFAULT_CALLER_RATE_LIMIT: CallerRateLimit = {
  max: 30,
  windowMs: 60_000,
};

/**
 * `mlPatterns.reports.rateLimit`: `false` turns the limit off; otherwise
 * `{ max, window }` with the defaults above.
 */
export function readCallerRateLimit(
  config: Config,
): CallerRateLimit | undefined {
  const key = 'mlPatterns.reports.rateLimit';
  if (config.getOptional(key) === false) return undefined;
  const settings = config.getOptionalConfig(key);
  if (!settings) return DEFAULT_CALLER_RATE_LIMIT;
  const max =
    settings.getOptionalNumber('max') ?? DEFAULT_CALLER_RATE_LIMIT.max;
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(
      `Invalid config ${key}.max: expected a positive integer, got ${max}`,
    );
  }
  const windowMs = settings.has('window')
    ? durationToMilliseconds(
        readDurationFromConfig(settings, { key: 'window' }),
      )
    : DEFAULT_CALLER_RATE_LIMIT.windowMs;
  return { max, windowMs };
}

/**
 * Limits the requests that read repositories (reports, source files) per
 * caller: the signed-in user or calling service, whatever their address.
 * Over the limit the caller gets 429 with a `Retry-After` header.
 */
export function callerRateLimit(
  httpAuth: HttpAuthService,
  limit: CallerRateLimit,
): RequestHandler {
  return rateLimit({
    windowMs: limit.windowMs,
    limit: limit.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Keyed by the caller, not by address: no IP-based checks apply.
    validate: false,
    keyGenerator: async req => {
      const credentials = await httpAuth.credentials(req);
      return callerKey(credentials) ?? 'anonymous';
    },
    handler: (req, res) => {
      res.status(429).json({
        error: {
          name: 'TooManyRequestsError',
          message: `Too many ml-patterns reports read by one caller: at most ${
            limit.max
          } every ${Math.round(limit.windowMs / 1000)} s. Try again later.`,
        },
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: 429 },
      });
    },
  });
}
