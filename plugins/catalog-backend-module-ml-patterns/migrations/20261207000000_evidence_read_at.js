/*
 * When each row's evidence was read, so that two replicas writing the same
 * location cannot move its row back to evidence read earlier (an older
 * ETag); see `RepositoryEvidenceTable.write`.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ml_patterns_repository_evidence', table => {
    table
      .bigInteger('read_at')
      .nullable()
      .comment('When the evidence was read, in ms since the epoch');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ml_patterns_repository_evidence', table => {
    table.dropColumn('read_at');
  });
};
