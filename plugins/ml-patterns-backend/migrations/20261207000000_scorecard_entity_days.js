/*
 * Daily history per entity: one row per scored entity and UTC day, with
 * the stamps the catalog processor had put on it and the groups the
 * scorecards count it in. A group's history is aggregated from these rows
 * for each caller, over the entities that caller may read; an entity's
 * own trend is a range of the primary key.
 *
 * The aggregated `scorecard_snapshots` table is no longer written: it is
 * read for the days before this table's first rows (for callers who may
 * read the whole catalog) until the retention has emptied it.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_entity_days', table => {
    table.comment('Daily ml-patterns stamps of each scored entity');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Full lower-case entity ref');
    table.string('day', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.string('kind', 63).notNullable().comment('Entity kind');
    table.text('type').nullable().comment('spec.type');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of spec.owner, or none');
    table
      .string('system_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of spec.system, or none');
    table
      .string('domain_ref', 255)
      .notNullable()
      .comment("Full lower-case ref of the system's spec.domain, or none");
    table.integer('score').nullable().comment('0-100');
    table
      .string('grade', 1)
      .nullable()
      .comment('A-F; null: not scored (no grade stamped)');
    table
      .integer('coverage')
      .nullable()
      .comment('Share of the checks that could be verified, 0-100');
    table
      .string('all_in_one', 16)
      .notNullable()
      .comment('detected, clear, unknown or not-applicable');
    table
      .string('only_me', 16)
      .notNullable()
      .comment('detected, clear, unknown or not-applicable');
    table
      .string('release_pattern', 16)
      .notNullable()
      .comment('model-load, model-in-image, mixed, unknown or not-applicable');
    table
      .string('evidence_status', 16)
      .nullable()
      .comment(
        'Whether the repository evidence could be read: ok, stale, unavailable or not-configured; null when not stamped',
      );
    table
      .text('failed_checks')
      .notNullable()
      .comment('JSON array of the failing rule ids (waived ones left out)');
    table
      .text('unknown_checks')
      .notNullable()
      .comment('JSON array of the rule ids that could not be verified');
    table.primary(['entity_ref', 'day']);
    table.index(['day'], 'scorecard_entity_days_day_idx');
    // A group's rows in a range of days. Without the entity ref, whose
    // repeated keys PostgreSQL stores once: a twentieth of the size.
    table.index(['owner_ref', 'day'], 'scorecard_entity_days_owner_idx');
    table.index(['system_ref', 'day'], 'scorecard_entity_days_system_idx');
    table.index(['domain_ref', 'day'], 'scorecard_entity_days_domain_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_entity_days');
};
