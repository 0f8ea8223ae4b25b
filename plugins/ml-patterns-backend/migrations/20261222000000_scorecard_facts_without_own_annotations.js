/*
 * The stamp table no longer keeps the search fields of ml-patterns' own
 * annotations (`metadata.annotations.ml-patterns.io/*`): the stamps are
 * columns of scorecard_stamps, and a permission condition on one of these
 * annotations is answered by the caller's own catalog read. Rows written
 * before are removed here rather than left until each entity changes.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('scorecard_entity_facts')
    .where('key', 'like', 'metadata.annotations.ml-patterns.io/%')
    .delete();
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // The code before this migration translates conditions on these
  // annotations to SQL over their rows: until every entity is written
  // again (with them), the table must not answer. Forgetting the versions
  // makes the next refresh rewrite every entity; forgetting the refresh
  // time sends callers to catalog reads until it completes.
  await knex('scorecard_stamps').update({ etag: '' });
  await knex('scorecard_systems').update({ etag: '' });
  await knex('scorecard_stamps_state').delete();
};
