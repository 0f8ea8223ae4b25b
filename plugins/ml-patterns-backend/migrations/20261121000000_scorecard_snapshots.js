/*
 * Daily scorecard snapshots: one row per grouping, group and UTC day.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_snapshots', table => {
    table.comment(
      'Daily ml-patterns scorecard of each owner, system and domain',
    );
    table
      .string('group_by', 16)
      .notNullable()
      .comment('owner, system or domain');
    table
      .string('group_ref', 255)
      .notNullable()
      .comment('Full lower-case entity ref of the group, or none');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.integer('entity_count').notNullable();
    table.float('mean_score').nullable();
    table.float('mean_coverage').nullable().comment('0-1');
    table.integer('ungraded').notNullable();
    table.integer('all_in_one').notNullable().comment('All-in-one detections');
    table.integer('only_me').notNullable().comment('Only-me detections');
    table.text('grades').notNullable().comment('JSON: entities per grade');
    table.primary(['group_by', 'group_ref', 'day']);
    table.index(['day'], 'scorecard_snapshots_day_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_snapshots');
};
