/*
 * Which replica is reading each repository location from its source, until
 * when: replicas take turns, so that a commit is downloaded once however
 * many replicas meet it at the same moment; see `RepositoryReadLeases`.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_patterns_repository_read_leases', table => {
    table.comment(
      'ml-patterns: the replica reading each repository location, until when',
    );
    table
      .string('location_key', 64)
      .primary()
      .comment('sha256 (hex) of the location, as in the evidence table');
    table.text('location').notNullable().comment('the location being read');
    table
      .string('holder', 64)
      .notNullable()
      .comment('a token of the read holding the lease');
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment(
        'when another replica may take the lease over, in ms since the epoch',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_patterns_repository_read_leases');
};
