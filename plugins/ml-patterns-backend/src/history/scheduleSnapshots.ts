import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { ChangeNotifier } from '../notifications/ChangeNotifier';
import { ScorecardService } from '../scorecards/ScorecardService';
import { toEntityDay } from './entityDay';
import { HistoryStore } from './HistoryStore';
import { utcDay, utcDayBefore } from './utcDay';

/**
 * Days of history kept by default: the API serves at most 365, and earlier
 * versions kept 400.
 */
export const DEFAULT_HISTORY_RETENTION_DAYS = 400;

const DEFAULT_FREQUENCY: HumanDuration = { hours: 6 };

/** Reads `mlPatterns.history.frequency`, default every 6 hours. */
export function readSnapshotFrequency(
  config: RootConfigService,
): HumanDuration {
  const key = 'mlPatterns.history.frequency';
  return config.has(key)
    ? readDurationFromConfig(config, { key })
    : DEFAULT_FREQUENCY;
}

/**
 * Reads `mlPatterns.history.retentionDays`: how many days of history rows
 * are kept (default 400). Anything but a whole number of at least 1 is a
 * configuration error, reported at start-up.
 */
export function readHistoryRetentionDays(config: RootConfigService): number {
  const key = 'mlPatterns.history.retentionDays';
  const days = config.getOptionalNumber(key);
  if (days === undefined) {
    return DEFAULT_HISTORY_RETENTION_DAYS;
  }
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `Invalid ${key}: expected a whole number of days, at least 1, got ${days}`,
    );
  }
  return days;
}

/**
 * Writes today's history: one row per scored entity, read with the
 * plugin's own service credentials (so every stamped entity, whoever reads
 * the history later), replacing the rows of today's earlier runs; then
 * drops rows past the retention.
 *
 * A read that finds no stamped entity at all (a catalog still starting)
 * writes nothing, so it never wipes a day already taken. With a
 * `notifier`, the owners of entities that got worse since their previous
 * row are told.
 */
export async function takeSnapshot(options: {
  scorecards: ScorecardService;
  store: HistoryStore;
  auth: AuthService;
  notifier?: ChangeNotifier;
  now?: Date;
  retentionDays?: number;
}): Promise<{ day: string; rows: number; pruned: number; notified: number }> {
  const now = options.now ?? new Date();
  const credentials = await options.auth.getOwnServiceCredentials();
  const { entities, domains } = await options.scorecards.readForHistory({
    credentials,
  });
  const day = utcDay(now);
  const entityDays = entities.map(entity => toEntityDay(entity, domains));
  const rows = entities.length
    ? await options.store.writeDay(day, entityDays)
    : 0;
  const notified = options.notifier
    ? await options.notifier.notifyChanges(day, entityDays)
    : 0;
  const pruned = await options.store.prune(
    utcDayBefore(now, options.retentionDays ?? DEFAULT_HISTORY_RETENTION_DAYS),
  );
  return { day, rows, pruned, notified };
}

/**
 * Registers the history task with the scheduler, which runs it on one
 * replica at a time. Each run replaces the current UTC day's rows, so
 * extra runs are harmless.
 */
export async function scheduleSnapshots(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  logger: LoggerService;
  scorecards: ScorecardService;
  store: HistoryStore;
  auth: AuthService;
  notifier?: ChangeNotifier;
}): Promise<void> {
  const { scheduler, logger, config } = options;
  const retentionDays = readHistoryRetentionDays(config);
  await scheduler.scheduleTask({
    id: 'ml-patterns-scorecard-history',
    frequency: readSnapshotFrequency(config),
    timeout: { minutes: 15 },
    // A first snapshot soon after start-up, once the catalog has settled.
    initialDelay: { minutes: 1 },
    fn: async () => {
      const result = await takeSnapshot({ ...options, retentionDays });
      const pruned = result.pruned ? `, pruned ${result.pruned} old ones` : '';
      const notified = result.notified
        ? `, notified the owners of ${result.notified} entities that got worse`
        : '';
      logger.info(
        `Stored the scorecard history of ${result.rows} entities for ${result.day}${pruned}${notified}`,
      );
    },
  });
}
