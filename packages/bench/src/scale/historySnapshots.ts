import { stringifyError } from '@backstage/errors';
import { Knex } from 'knex';
import { waitFor } from './waitFor';

/** The backend plugin's daily history, as the replicas left it. */
export interface HistoryCount {
  /** Rows per UTC day. */
  days: Map<string, number>;
  /** Entities with more than one row on one day. */
  repeated: number;
  /** Stamped entities without a row today, and rows of entities not stamped. */
  missing: number;
  extra: number;
}

/**
 * Counts the history rows (`scorecard_entity_days` in the backend plugin's
 * database) once today's snapshot is there: exactly one snapshot a day is
 * one row per stamped entity on that day, however many times the task ran
 * and on whichever replica.
 */
export async function countHistory(
  db: Knex,
  stamped: Set<string>,
  today: string,
): Promise<HistoryCount> {
  const rows: Array<{ entity_ref: string; day: string }> = await waitFor(
    "the history task's first snapshot",
    10 * 60_000,
    async () => {
      const found = await db('scorecard_entity_days').select(
        'entity_ref',
        'day',
      );
      return found.some(r => r.day === today) ? found : undefined;
    },
  );
  const days = new Map<string, number>();
  const seen = new Set<string>();
  let repeated = 0;
  for (const { entity_ref, day } of rows) {
    days.set(day, (days.get(day) ?? 0) + 1);
    const key = `${day} ${entity_ref}`;
    if (seen.has(key)) repeated += 1;
    seen.add(key);
  }
  const todays = new Set(
    rows.filter(r => r.day === today).map(r => r.entity_ref),
  );
  return {
    days,
    repeated,
    missing: [...stamped].filter(ref => !todays.has(ref)).length,
    extra: [...todays].filter(ref => !stamped.has(ref)).length,
  };
}

/**
 * The history check as the harness prints it (a failure to read it is
 * printed too, not thrown: the other figures of the run still count).
 * Closes `db`.
 */
export async function historyLine(
  db: Knex,
  stamped: Set<string>,
): Promise<string> {
  try {
    const today = new Date().toISOString().slice(0, 10);
    const history = await countHistory(db, stamped, today);
    const days = [...history.days].map(([day, n]) => `${n} rows on ${day}`);
    const exact =
      history.repeated === 0 && history.missing === 0 && history.extra === 0;
    return `${days.join(', ')} for ${stamped.size} stamped entities; ${
      history.repeated
    } repeated, ${history.missing} stamped entities without a row today, ${
      history.extra
    } rows of others: ${
      exact ? 'one snapshot a day' : 'NOT one snapshot a day'
    }`;
  } catch (error) {
    return `not measured: ${stringifyError(error)}`;
  } finally {
    await db.destroy();
  }
}
