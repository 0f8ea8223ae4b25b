/*
 * The scorecards' own copy of what they read from the catalog, kept up to
 * date by a scheduled task (see src/scorecards/table): one row per entity
 * carrying the ml-patterns role annotation, with its stamps and groups;
 * the domain of each system those entities are in; and, for each of these
 * entities, the searchable fields the catalog's permission rules look at,
 * as the catalog's own search table holds them. Scorecards are aggregated
 * from these rows in the database, for a caller with a conditional catalog
 * read under the policy's conditions translated to SQL over the fields.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scorecard_stamps', table => {
    table.comment(
      'Current ml-patterns stamps of each catalog entity carrying the role annotation',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .comment('Full lower-case entity ref');
    table
      .string('etag', 255)
      .notNullable()
      .comment('metadata.etag of the catalog entity this row was read from');
    table
      .boolean('counted')
      .notNullable()
      .comment('Whether the scorecards count it (datasets are not scored)');
    table.string('kind', 63).notNullable().comment('Entity kind');
    table.string('kind_lower', 63).notNullable();
    table.text('type').nullable().comment('spec.type, when a string');
    table.text('type_lower').nullable();
    table.text('title').nullable().comment('metadata.title');
    table.string('role', 32).nullable().comment('Stamped role, if valid');
    table.double('score').nullable().comment('0-100');
    table.string('grade', 1).nullable().comment('A-F');
    table.double('coverage').nullable().comment('0-1');
    table.string('all_in_one', 16).notNullable();
    table.string('only_me', 16).notNullable();
    table.string('release_pattern', 16).notNullable();
    table.string('evidence_status', 16).nullable();
    table.text('failed_checks').notNullable().comment('JSON array of rule ids');
    table.text('unknown_checks').notNullable().comment('JSON array');
    table.text('waived_checks').notNullable().comment('JSON array');
    table.integer('waived_count').notNullable();
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of spec.owner, or none');
    table
      .string('system_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of spec.system, or none');
    table.index(['owner_ref'], 'scorecard_stamps_owner_idx');
    table.index(['system_ref'], 'scorecard_stamps_system_idx');
  });

  await knex.schema.createTable('scorecard_systems', table => {
    table.comment(
      'The domain of each system the stamped entities are in, as the catalog has it',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .comment('Full lower-case ref of the system');
    table.string('etag', 255).notNullable();
    table.string('kind_lower', 63).notNullable();
    table
      .string('domain_ref', 255)
      .notNullable()
      .comment('Full lower-case ref of spec.domain, or none');
  });

  await knex.schema.createTable('scorecard_entity_facts', table => {
    table.comment(
      'Searchable fields of the stamped entities and their systems (kind, metadata, spec, ownedBy relations), lower-cased as in the catalog search table',
    );
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table
      .string('source', 8)
      .notNullable()
      .comment('stamped or system: which table the entity is kept in');
    table.string('key', 200).notNullable();
    table
      .string('value', 200)
      .nullable()
      .comment('Null: no value, or longer than 200 characters');
    // The entities with a key (and value): one rule over all entities,
    // read from the index alone.
    table.index(
      ['key', 'value', 'source', 'entity_ref'],
      'scorecard_entity_facts_kv_idx',
    );
    // Each entity's rows of one key: the test of one entity against one rule.
    table.index(
      ['entity_ref', 'source', 'key'],
      'scorecard_entity_facts_entity_idx',
    );
  });

  await knex.schema.createTable('scorecard_stamps_state', table => {
    table.comment('When the scorecard_* tables were last brought up to date');
    table.string('id', 16).primary();
    table
      .bigInteger('refreshed_at')
      .notNullable()
      .comment('Start of the last complete refresh, ms since the epoch');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('scorecard_stamps_state');
  await knex.schema.dropTable('scorecard_entity_facts');
  await knex.schema.dropTable('scorecard_systems');
  await knex.schema.dropTable('scorecard_stamps');
};
