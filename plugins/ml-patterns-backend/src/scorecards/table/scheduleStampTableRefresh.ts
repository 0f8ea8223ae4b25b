import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { refreshStampTable } from './refreshStampTable';
import { StampTable } from './StampTable';

/** The scheduler task that keeps the stamp table up to date. */
export const STAMP_TABLE_TASK = 'ml-patterns-scorecard-stamps';

/**
 * Registers the refresh of the stamp table with the scheduler, which runs
 * it on one replica at a time: the table is in the plugin's database, so
 * every replica answers from the one copy.
 */
export async function scheduleStampTableRefresh(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  table: StampTable;
  frequency: HumanDuration;
}): Promise<void> {
  const { logger } = options;
  await options.scheduler.scheduleTask({
    id: STAMP_TABLE_TASK,
    frequency: options.frequency,
    // The first fill of a large catalog writes every entity once.
    timeout: { minutes: 30 },
    // Soon after start-up; until the first refresh completes, scorecards
    // are read from the catalog.
    initialDelay: { seconds: 10 },
    fn: async () => {
      const result = await refreshStampTable(options);
      if (result.written || result.removed) {
        logger.info(
          `Scorecard stamp table: ${result.stamped} stamped entities, ${result.written} written, ${result.removed} removed`,
        );
      }
    },
  });
}
