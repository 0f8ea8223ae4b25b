import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { callerKey } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { RequestHandler } from 'express';
import { MemoryStore, rateLimit } from 'express-rate-limit';

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

function tooManyReads(limit: CallerRateLimit, retry: string): string {
  return `Too many repository reads (ml-patterns reports, source files, repositories scored by URL) by one caller: at most ${
    limit.max
  } every ${Math.round(limit.windowMs / 1000)} s. ${retry}`;
}

/**
 * The repository reads (reports, source files, repositories scored by URL)
 * each caller may make per window: the signed-in user or calling service,
 * whatever their address. The REST endpoints and the actions spend the
 * same budget, so an assistant cannot read past what the REST API allows.
 */
export class CallerReadBudget {
  /**
   * For the REST endpoints: over the limit the caller gets 429 with a
   * `Retry-After` header.
   */
  readonly middleware: RequestHandler;
  private readonly store = new MemoryStore();

  constructor(httpAuth: HttpAuthService, readonly limit: CallerRateLimit) {
    this.middleware = rateLimit({
      windowMs: limit.windowMs,
      limit: limit.max,
      store: this.store,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      // Keyed by the caller, not by address: no IP-based checks apply.
      validate: false,
      keyGenerator: async req => keyOf(await httpAuth.credentials(req)),
      handler: (req, res) => {
        res.status(429).json({
          error: {
            name: 'TooManyRequestsError',
            message: tooManyReads(limit, 'Try again later.'),
          },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: 429 },
        });
      },
    });
  }

  /**
   * Spends one read for an action. Over the limit it throws a
   * ServiceUnavailableError: MCP clients show the message of Backstage's
   * own error types to the assistant, while a 429 reaches them as a bare
   * status.
   */
  async spend(credentials: BackstageCredentials): Promise<void> {
    const { totalHits, resetTime } = await this.store.increment(
      keyOf(credentials),
    );
    if (totalHits > this.limit.max) {
      const seconds = resetTime
        ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000))
        : Math.round(this.limit.windowMs / 1000);
      throw new ServiceUnavailableError(
        tooManyReads(this.limit, `Try again in ${seconds} s.`),
      );
    }
  }
}

function keyOf(credentials: BackstageCredentials): string {
  return callerKey(credentials) ?? 'anonymous';
}
