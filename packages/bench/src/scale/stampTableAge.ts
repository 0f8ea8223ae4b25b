import { Knex } from 'knex';

/**
 * How long ago the backend plugin's stamp table last began a refresh that
 * completed (its `scorecard_stamps_state`), in ms; undefined before the
 * first. Past `mlPatterns.scorecards.maxStale` the replicas answer
 * scorecards from catalog reads instead of the table.
 */
export async function stampTableAgeMs(
  pluginDb: Knex,
): Promise<number | undefined> {
  const row = await pluginDb('scorecard_stamps_state')
    .where({ id: 'stamps' })
    .first('refreshed_at');
  return row ? Date.now() - Number(row.refreshed_at) : undefined;
}
