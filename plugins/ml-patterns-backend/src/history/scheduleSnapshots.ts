import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { ScorecardService } from '../scorecards/ScorecardService';
import { HistoryStore } from './HistoryStore';
import { utcDay, utcDayBefore } from './utcDay';

/** Snapshots older than this are deleted: the API serves at most 365 days. */
export const HISTORY_RETENTION_DAYS = 400;

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
 * Takes today's snapshot of every owner, system and domain scorecard, with
 * the plugin's own service credentials (so it counts every stamped entity
 * the plugin may see), and drops snapshots past the retention.
 */
export async function takeSnapshot(options: {
  scorecards: ScorecardService;
  store: HistoryStore;
  auth: AuthService;
  now?: Date;
}): Promise<{ day: string; rows: number; pruned: number }> {
  const now = options.now ?? new Date();
  const credentials = await options.auth.getOwnServiceCredentials();
  const scorecards = await options.scorecards.allScorecards({ credentials });
  const day = utcDay(now);
  const rows = await options.store.writeSnapshots(day, scorecards);
  const pruned = await options.store.prune(
    utcDayBefore(now, HISTORY_RETENTION_DAYS),
  );
  return { day, rows, pruned };
}

/**
 * Registers the snapshot task with the scheduler, which runs it on one
 * replica at a time. Rows are upserted per UTC day, so extra runs are
 * harmless.
 */
export async function scheduleSnapshots(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  logger: LoggerService;
  scorecards: ScorecardService;
  store: HistoryStore;
  auth: AuthService;
}): Promise<void> {
  const { scheduler, logger } = options;
  await scheduler.scheduleTask({
    id: 'ml-patterns-scorecard-history',
    frequency: readSnapshotFrequency(options.config),
    timeout: { minutes: 15 },
    // A first snapshot soon after start-up, once the catalog has settled.
    initialDelay: { minutes: 1 },
    fn: async () => {
      const result = await takeSnapshot(options);
      const pruned = result.pruned ? `, pruned ${result.pruned} old ones` : '';
      logger.info(
        `Stored ${result.rows} scorecard snapshots for ${result.day}${pruned}`,
      );
    },
  });
}
