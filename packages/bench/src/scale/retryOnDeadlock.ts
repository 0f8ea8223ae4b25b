import { isError } from '@backstage/errors';

/** PostgreSQL's error code for a transaction it aborted to break a deadlock. */
const DEADLOCK = '40P01';

/**
 * Runs `statement` again when PostgreSQL aborts it to break a deadlock, up
 * to `attempts` times in all. The harness's updates of many
 * `refresh_state` rows at once (making them due) can meet the replicas'
 * own updates of the same rows in another order; they are idempotent, so
 * running one again is safe.
 */
export async function retryOnDeadlock<T>(
  statement: () => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      const deadlocked =
        isError(error) && (error as { code?: unknown }).code === DEADLOCK;
      if (!deadlocked || attempt >= attempts) throw error;
    }
  }
}
