/*
 * The days on which an entity's owner was notified of a change in its
 * ml-patterns stamps: at most one notification per entity and UTC day, also
 * when the history task runs again that day, on another replica or after a
 * restart.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_entity_notifications', table => {
    table.comment(
      'UTC days on which the owner of an entity was notified of a change in its ml-patterns stamps',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Full lower-case entity ref');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.primary(['entity_ref', 'day']);
    table.index(['day'], 'scorecard_entity_notifications_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_entity_notifications');
};
