import { RootConfigService } from '@backstage/backend-plugin-api';
import { GRADES } from '@ml-patterns/plugin-ml-patterns-common';

/** `mlPatterns.notifications`, with its defaults. */
export interface NotificationSettings {
  /** Off unless configured: notifications need the notifications backend. */
  enabled: boolean;
  /** How many grades (A to B is one) a drop must span to notify. */
  gradeDropSteps: number;
}

/**
 * Reads `mlPatterns.notifications`: `enabled` (default false) and
 * `gradeDropSteps` (default 1). A step count that is not a whole number
 * from 1 to 5 is a configuration error, reported at start-up.
 */
export function readNotificationSettings(
  config: RootConfigService,
): NotificationSettings {
  const enabled =
    config.getOptionalBoolean('mlPatterns.notifications.enabled') ?? false;
  const key = 'mlPatterns.notifications.gradeDropSteps';
  const steps = config.getOptionalNumber(key) ?? 1;
  const maxSteps = GRADES.length - 1;
  if (!Number.isInteger(steps) || steps < 1 || steps > maxSteps) {
    throw new Error(
      `Invalid ${key}: expected a whole number of grades from 1 to ${maxSteps}, got ${steps}`,
    );
  }
  return { enabled, gradeDropSteps: steps };
}
