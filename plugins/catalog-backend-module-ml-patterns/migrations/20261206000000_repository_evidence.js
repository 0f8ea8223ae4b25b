/*
 * The latest evidence of each repository location, shared by every entity
 * of that location. Lives in the catalog's database (a catalog module has
 * no database of its own), under names that cannot clash with the
 * catalog's tables; see `RepositoryEvidenceTable`.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ml_patterns_repository_evidence', table => {
    table.comment(
      'ml-patterns: latest evidence read from each repository location',
    );
    table
      .string('location_key', 64)
      .primary()
      .comment('sha256 (hex) of the location: locations can be long URLs');
    table
      .text('location')
      .notNullable()
      .comment('e.g. url:https://github.com/acme/ranker/tree/main/serving');
    table.text('etag').notNullable().comment('ETag the evidence was read at');
    table
      .text('evidence', 'longtext')
      .notNullable()
      .comment('JSON of the evidence, deflated (raw) and in base64');
    table
      .timestamp('updated_at', { useTz: false })
      .notNullable()
      .defaultTo(knex.fn.now());
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ml_patterns_repository_evidence');
};
