import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  GRADES,
  Grade,
  ScorecardGroupBy,
  ScorecardSnapshot,
} from '@ml-patterns/plugin-ml-patterns-common';
import { Knex } from 'knex';
import { DaySums, addDaySums, snapshotsByDay } from './daySums';
import { EntityDay } from './entityDay';
import { verdictColumns } from '../scorecards/verdictColumns';

/** One row per scored entity and UTC day. */
const ENTITY_DAYS = 'scorecard_entity_days';

/**
 * Aggregated rows per group and day, written by earlier versions: read
 * only for the days before the entity rows begin, until pruned away.
 */
const LEGACY_SNAPSHOTS = 'scorecard_snapshots';

/** The days on which an entity's owner was notified of a change. */
const NOTIFICATION_DAYS = 'scorecard_entity_notifications';

/** Rows per INSERT: 16 columns keeps well under SQLite's variable limit. */
const INSERT_BATCH = 50;

/** Entity refs per aggregate query of a caller's readable entities. */
const REFS_PER_QUERY = 500;

const GROUP_COLUMNS: Record<ScorecardGroupBy, string> = {
  owner: 'owner_ref',
  system: 'system_ref',
  domain: 'domain_ref',
};

interface EntityDayRow {
  entity_ref: string;
  day: string;
  kind: string;
  type: string | null;
  owner_ref: string;
  system_ref: string;
  domain_ref: string;
  score: number | null;
  grade: string | null;
  coverage: number | null;
  all_in_one: string;
  only_me: string;
  release_pattern: string;
  evidence_status: string | null;
  failed_checks: string;
  unknown_checks: string;
}

interface LegacySnapshotRow {
  group_by: string;
  group_ref: string;
  day: string;
  entity_count: number;
  mean_score: number | null;
  mean_coverage: number | null;
  ungraded: number;
  all_in_one: number;
  only_me: number;
  grades: string;
}

/** A group's sums of one day, as the aggregate query returns them. */
type DaySumsRow = { day: string } & Record<string, unknown>;

const migrationsDir = resolvePackagePath(
  '@ml-patterns/plugin-ml-patterns-backend',
  'migrations',
);

function toRow(day: string, entity: EntityDay): EntityDayRow {
  return {
    entity_ref: entity.entityRef,
    day,
    kind: entity.kind,
    type: entity.type,
    owner_ref: entity.ownerRef,
    system_ref: entity.systemRef,
    domain_ref: entity.domainRef,
    ...verdictColumns(entity),
  };
}

function parseRuleIds(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed)
      ? parsed.filter((id): id is string => typeof id === 'string')
      : [];
  } catch {
    // A malformed cell reads as no rules rather than failing the read.
    return [];
  }
}

function fromRow(row: EntityDayRow): EntityDay {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    type: row.type,
    ownerRef: row.owner_ref,
    systemRef: row.system_ref,
    domainRef: row.domain_ref,
    score: nullableNumber(row.score),
    grade: (row.grade as Grade | null) ?? null,
    coverage: nullableNumber(row.coverage),
    allInOne: row.all_in_one as EntityDay['allInOne'],
    onlyMe: row.only_me as EntityDay['onlyMe'],
    releasePattern: row.release_pattern as EntityDay['releasePattern'],
    evidenceStatus: row.evidence_status as EntityDay['evidenceStatus'],
    failedChecks: parseRuleIds(row.failed_checks),
    unknownChecks: parseRuleIds(row.unknown_checks),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** Counts come back as strings from PostgreSQL (bigint) and SUM of no rows is null. */
function count(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function gradeAlias(grade: Grade): string {
  return `grade_${grade.toLowerCase()}`;
}

function toDaySums(row: DaySumsRow): DaySums {
  const grades = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
  for (const grade of GRADES) {
    grades[grade] = count(row[gradeAlias(grade)]);
  }
  return {
    entityCount: count(row.entity_count),
    graded: count(row.graded),
    scoreSum: count(row.score_sum),
    grades,
    covered: count(row.covered),
    coverageSum: count(row.coverage_sum),
    allInOne: count(row.all_in_one),
    onlyMe: count(row.only_me),
  };
}

function compareRefs(a: EntityDayRow, b: EntityDayRow): number {
  if (a.entity_ref === b.entity_ref) {
    return 0;
  }
  return a.entity_ref < b.entity_ref ? -1 : 1;
}

/**
 * The daily scorecard history in the plugin's own database: one row per
 * scored entity and UTC day (its stamps, and its owner, system and domain
 * that day), aggregated per group when read. Keeping entities rather than
 * group totals lets each caller's history count only the entities they
 * may read, and makes an entity's own trend a range read of the primary
 * key (entity ref, day).
 */
export class HistoryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<HistoryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new HistoryStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Replaces the given day's rows with one row per entity listed (the last
   * one when a ref repeats), in one transaction: readers see the previous
   * run's rows or this run's, and an entity that left the catalog or
   * changed teams since the day's previous run counts once, where it is
   * now. Two runs at once (two replicas) leave one row per entity: rows
   * are inserted in ref order as upserts, so the second run waits for the
   * first and overwrites it instead of failing or duplicating.
   */
  async writeDay(day: string, entities: EntityDay[]): Promise<number> {
    const byRef = new Map(entities.map(e => [e.entityRef, e]));
    const rows = [...byRef.values()]
      .map(entity => toRow(day, entity))
      .sort(compareRefs);
    await this.db.transaction(async tx => {
      await tx(ENTITY_DAYS).where({ day }).delete();
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        await tx(ENTITY_DAYS)
          .insert(rows.slice(i, i + INSERT_BATCH))
          .onConflict(['entity_ref', 'day'])
          .merge();
      }
    });
    return rows.length;
  }

  /** The entities counted in a group on any day from `fromDay` on. */
  async groupEntityRefs(options: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
  }): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(ENTITY_DAYS)
      .distinct('entity_ref')
      .where(GROUP_COLUMNS[options.groupBy], options.groupRef)
      .andWhere('day', '>=', options.fromDay);
    return rows.map(row => row.entity_ref);
  }

  /**
   * A group's daily snapshots from `fromDay` on (inclusive), oldest first,
   * computed from the entity rows: over every entity of the group, or only
   * over `entityRefs` when given.
   */
  async groupDays(options: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
    entityRefs?: string[];
  }): Promise<ScorecardSnapshot[]> {
    const byDay = new Map<string, DaySums>();
    const sumDays = async (refs?: string[]) => {
      for (const row of await this.sumsQuery({ ...options, refs })) {
        addDaySums(byDay, String(row.day), toDaySums(row));
      }
    };
    const { entityRefs } = options;
    if (!entityRefs) {
      await sumDays();
    } else {
      for (let i = 0; i < entityRefs.length; i += REFS_PER_QUERY) {
        await sumDays(entityRefs.slice(i, i + REFS_PER_QUERY));
      }
    }
    return snapshotsByDay(byDay);
  }

  private sumsQuery(options: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
    refs?: string[];
  }): Promise<DaySumsRow[]> {
    const raw = (sql: string, bindings: Knex.RawBinding[] = []) =>
      this.db.raw(sql, bindings);
    const query = this.db(ENTITY_DAYS)
      .select('day')
      .select(raw('COUNT(*) AS entity_count'))
      .select(
        raw('SUM(CASE WHEN grade IS NULL THEN 0 ELSE 1 END) AS graded'),
        raw('SUM(CASE WHEN grade IS NULL THEN 0 ELSE score END) AS score_sum'),
        ...GRADES.map(grade =>
          raw('SUM(CASE WHEN grade = ? THEN 1 ELSE 0 END) AS ??', [
            grade,
            gradeAlias(grade),
          ]),
        ),
        raw('COUNT(coverage) AS covered'),
        raw('SUM(coverage) AS coverage_sum'),
        raw(
          "SUM(CASE WHEN all_in_one = 'detected' THEN 1 ELSE 0 END) AS all_in_one",
        ),
        raw("SUM(CASE WHEN only_me = 'detected' THEN 1 ELSE 0 END) AS only_me"),
      )
      .where(GROUP_COLUMNS[options.groupBy], options.groupRef)
      .andWhere('day', '>=', options.fromDay)
      .groupBy('day');
    if (options.refs) {
      query.whereIn('entity_ref', options.refs);
    }
    return query;
  }

  /**
   * A group's snapshots as earlier versions aggregated them (every entity
   * the plugin could see), from `fromDay` on, oldest first.
   */
  async legacyGroupDays(options: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
  }): Promise<ScorecardSnapshot[]> {
    const rows: LegacySnapshotRow[] = await this.db<LegacySnapshotRow>(
      LEGACY_SNAPSHOTS,
    )
      .where({ group_by: options.groupBy, group_ref: options.groupRef })
      .andWhere('day', '>=', options.fromDay)
      .orderBy('day', 'asc');
    return rows.map(row => ({
      day: row.day,
      entityCount: Number(row.entity_count),
      meanScore: nullableNumber(row.mean_score),
      grades: parseGrades(row.grades),
      ungraded: Number(row.ungraded),
      detections: {
        'all-in-one': Number(row.all_in_one),
        'only-me': Number(row.only_me),
      },
      meanCoverage: nullableNumber(row.mean_coverage),
    }));
  }

  /** One entity's rows from `fromDay` on (inclusive), oldest first. */
  async entityDays(options: {
    entityRef: string;
    fromDay: string;
  }): Promise<Array<{ day: string; entity: EntityDay }>> {
    const rows: EntityDayRow[] = await this.db<EntityDayRow>(ENTITY_DAYS)
      .where('entity_ref', options.entityRef)
      .andWhere('day', '>=', options.fromDay)
      .orderBy('day', 'asc');
    return rows.map(row => ({ day: String(row.day), entity: fromRow(row) }));
  }

  /**
   * Each given entity's latest row before `day`, if it has one: what the
   * history knew of it before that day.
   */
  async latestBefore(
    day: string,
    entityRefs: string[],
  ): Promise<Map<string, { day: string; entity: EntityDay }>> {
    const latest = new Map<string, { day: string; entity: EntityDay }>();
    for (let i = 0; i < entityRefs.length; i += REFS_PER_QUERY) {
      const refs = entityRefs.slice(i, i + REFS_PER_QUERY);
      // A range of the primary key per entity.
      const lastDays = this.db(ENTITY_DAYS)
        .select('entity_ref')
        .max('day as last_day')
        .whereIn('entity_ref', refs)
        .andWhere('day', '<', day)
        .groupBy('entity_ref')
        .as('last');
      const rows: EntityDayRow[] = await this.db(ENTITY_DAYS)
        .select(`${ENTITY_DAYS}.*`)
        .join(lastDays, join =>
          join
            .on(`${ENTITY_DAYS}.entity_ref`, '=', 'last.entity_ref')
            .andOn(`${ENTITY_DAYS}.day`, '=', 'last.last_day'),
        );
      for (const row of rows) {
        latest.set(row.entity_ref, {
          day: String(row.day),
          entity: fromRow(row),
        });
      }
    }
    return latest;
  }

  /**
   * How many of a group's entities failed each rule on the first and on
   * the last day with rows from `fromDay` on, over every entity of the
   * group or only over `entityRefs` when given. Undefined when the group
   * has no row in that range.
   */
  async groupFailedRules(options: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
    entityRefs?: string[];
  }): Promise<
    | {
        firstDay: string;
        lastDay: string;
        first: Map<string, number>;
        last: Map<string, number>;
      }
    | undefined
  > {
    const column = GROUP_COLUMNS[options.groupBy];
    const batches = options.entityRefs
      ? chunk(options.entityRefs, REFS_PER_QUERY)
      : [undefined];
    const groupRows = (refs: string[] | undefined) => {
      const query = this.db(ENTITY_DAYS)
        .where(column, options.groupRef)
        .andWhere('day', '>=', options.fromDay);
      return refs ? query.whereIn('entity_ref', refs) : query;
    };
    let firstDay: string | undefined;
    let lastDay: string | undefined;
    for (const refs of batches) {
      const [range] = await groupRows(refs)
        .min('day as first_day')
        .max('day as last_day');
      const first = range?.first_day ? String(range.first_day) : undefined;
      const last = range?.last_day ? String(range.last_day) : undefined;
      if (first && (!firstDay || first < firstDay)) firstDay = first;
      if (last && (!lastDay || last > lastDay)) lastDay = last;
    }
    if (!firstDay || !lastDay) {
      return undefined;
    }
    const countDay = async (day: string) => {
      const counts = new Map<string, number>();
      for (const refs of batches) {
        const rows: Array<{ failed_checks: string }> = await groupRows(refs)
          .andWhere('day', day)
          .select('failed_checks');
        for (const row of rows) {
          for (const ruleId of new Set(parseRuleIds(row.failed_checks))) {
            counts.set(ruleId, (counts.get(ruleId) ?? 0) + 1);
          }
        }
      }
      return counts;
    };
    return {
      firstDay,
      lastDay,
      first: await countDay(firstDay),
      last: await countDay(lastDay),
    };
  }

  /**
   * Records that the entity's owner is notified on `day`; false when that
   * was recorded already (an earlier run that day, on any replica), in
   * which case no notification should be sent. One statement, so two runs
   * at once cannot both claim the day.
   */
  async claimNotificationDay(entityRef: string, day: string): Promise<boolean> {
    const inserted: unknown[] = await this.db(NOTIFICATION_DAYS)
      .insert({ entity_ref: entityRef, day })
      .onConflict(['entity_ref', 'day'])
      .ignore()
      .returning('entity_ref');
    return inserted.length > 0;
  }

  /** Deletes rows of days before `beforeDay`; returns how many. */
  async prune(beforeDay: string): Promise<number> {
    const entityRows = await this.db(ENTITY_DAYS)
      .where('day', '<', beforeDay)
      .delete();
    await this.db(NOTIFICATION_DAYS).where('day', '<', beforeDay).delete();
    const legacyRows = await this.db(LEGACY_SNAPSHOTS)
      .where('day', '<', beforeDay)
      .delete();
    return entityRows + legacyRows;
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

function parseGrades(json: string): Record<Grade, number> {
  const grades = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
  try {
    const parsed = JSON.parse(json) as Partial<Record<Grade, unknown>>;
    for (const grade of GRADES) {
      const n = Number(parsed[grade] ?? 0);
      grades[grade] = Number.isFinite(n) ? n : 0;
    }
  } catch {
    // A malformed cell reads as no grades rather than failing the history.
  }
  return grades;
}
