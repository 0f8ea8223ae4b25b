import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { StampedEntity } from '../stampedEntity';
import { verdictColumns } from '../verdictColumns';
import { SearchRow } from './entitySearchRows';

export const STAMPS = 'scorecard_stamps';
export const SYSTEMS = 'scorecard_systems';
export const FACTS = 'scorecard_entity_facts';
const STATE = 'scorecard_stamps_state';
const STATE_ID = 'stamps';
/** Whose fields a fact row is: an entity may be both stamped and a system. */
const SOURCES = { stamped: 'stamped', systems: 'system' } as const;
export type FactSource = (typeof SOURCES)[keyof typeof SOURCES];

/**
 * Rows per INSERT: under 5,000 variables, and under the 500 terms of a
 * compound SELECT that SQLite allows (knex inserts many rows there as one).
 */
const STAMP_BATCH = 100;
const FACT_BATCH = 400;
/** Refs per `IN (...)` list. */
const REFS_PER_STATEMENT = 500;

/** A stamped entity as the catalog has it now, for the table. */
export interface StampedEntry {
  entity: StampedEntity;
  etag: string;
  facts: SearchRow[];
}

/** A system the stamped entities are in, for the table. */
export interface SystemEntry {
  entityRef: string;
  etag: string;
  kind: string;
  /** Full lower-case ref of its domain, or `none`. */
  domainRef: string;
  facts: SearchRow[];
}

const migrationsDir = resolvePackagePath(
  '@ml-patterns/plugin-ml-patterns-backend',
  'migrations',
);

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

function stampRow({ entity, etag }: StampedEntry) {
  return {
    entity_ref: entity.entityRef,
    etag,
    counted: entity.role !== 'dataset',
    kind: entity.kind,
    kind_lower: entity.kind.toLowerCase(),
    type: entity.type ?? null,
    type_lower: entity.type?.toLowerCase() ?? null,
    title: entity.title ?? null,
    role: entity.role,
    ...verdictColumns(entity),
    waived_checks: JSON.stringify(entity.waivedChecks),
    waived_count: entity.waivedChecks.length,
    owner_ref: entity.ownerRef,
    system_ref: entity.systemRef,
  };
}

/**
 * The scorecards' copy of the stamped entities, their systems' domains and
 * the searchable fields the catalog's permission rules look at (see the
 * migration `scorecard_stamps`). Each write replaces whole entities in one
 * transaction, so a reader never sees an entity with part of its fields.
 */
export class StampTable {
  static async create(options: {
    database: DatabaseService;
  }): Promise<StampTable> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new StampTable(client);
  }

  constructor(readonly db: Knex) {}

  /** When the last complete refresh started; undefined before the first. */
  async refreshedAt(): Promise<number | undefined> {
    const row = await this.db(STATE)
      .where({ id: STATE_ID })
      .first('refreshed_at');
    return row ? Number(row.refreshed_at) : undefined;
  }

  async markRefreshed(startedAt: number): Promise<void> {
    await this.db(STATE)
      .insert({ id: STATE_ID, refreshed_at: startedAt })
      .onConflict('id')
      .merge();
  }

  /** The etag of each entity row: stamped entities, or systems. */
  async etags(of: 'stamped' | 'systems'): Promise<Map<string, string>> {
    const rows: Array<{ entity_ref: string; etag: string }> = await this.db(
      of === 'stamped' ? STAMPS : SYSTEMS,
    ).select('entity_ref', 'etag');
    return new Map(rows.map(row => [row.entity_ref, row.etag]));
  }

  /** The systems the stamped entities are in. */
  async systemRefs(): Promise<string[]> {
    const rows: Array<{ system_ref: string }> = await this.db(STAMPS)
      .distinct('system_ref')
      .whereNot('system_ref', 'none');
    return rows.map(row => row.system_ref);
  }

  /** Inserts or replaces stamped entities and their fields. */
  async writeStamped(entries: StampedEntry[]): Promise<void> {
    await this.replace(
      'stamped',
      entries.map(stampRow),
      entries.map(e => ({ entityRef: e.entity.entityRef, facts: e.facts })),
    );
  }

  /** Inserts or replaces systems and their fields. */
  async writeSystems(entries: SystemEntry[]): Promise<void> {
    await this.replace(
      'systems',
      entries.map(e => ({
        entity_ref: e.entityRef,
        etag: e.etag,
        kind_lower: e.kind.toLowerCase(),
        domain_ref: e.domainRef,
      })),
      entries,
    );
  }

  /** Removes entities (stamped ones, or systems) and their fields. */
  async remove(of: 'stamped' | 'systems', refs: string[]): Promise<void> {
    const table = of === 'stamped' ? STAMPS : SYSTEMS;
    for (const batch of chunk(refs, REFS_PER_STATEMENT)) {
      await this.db.transaction(async tx => {
        await tx(table).whereIn('entity_ref', batch).delete();
        await tx(FACTS)
          .whereIn('entity_ref', batch)
          .andWhere('source', SOURCES[of])
          .delete();
      });
    }
  }

  private async replace(
    of: 'stamped' | 'systems',
    rows: Array<{ entity_ref: string }>,
    facts: Array<{ entityRef: string; facts: SearchRow[] }>,
  ): Promise<void> {
    if (rows.length === 0) {
      return;
    }
    const table = of === 'stamped' ? STAMPS : SYSTEMS;
    const source = SOURCES[of];
    const refs = rows.map(row => row.entity_ref);
    const factRows = facts.flatMap(e =>
      e.facts.map(f => ({
        entity_ref: e.entityRef,
        source,
        key: f.key,
        value: f.value,
      })),
    );
    await this.db.transaction(async tx => {
      for (const batch of chunk(refs, REFS_PER_STATEMENT)) {
        await tx(FACTS)
          .whereIn('entity_ref', batch)
          .andWhere('source', source)
          .delete();
      }
      for (const batch of chunk(rows, STAMP_BATCH)) {
        await tx(table).insert(batch).onConflict('entity_ref').merge();
      }
      for (const batch of chunk(factRows, FACT_BATCH)) {
        await tx(FACTS).insert(batch);
      }
    });
  }
}
