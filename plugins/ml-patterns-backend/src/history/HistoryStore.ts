import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  GRADES,
  Grade,
  ScorecardGroupBy,
  ScorecardRow,
  ScorecardSnapshot,
} from '@ml-patterns/plugin-ml-patterns-common';
import { Knex } from 'knex';

const TABLE = 'scorecard_snapshots';

/** Rows per INSERT: 11 columns keeps well under SQLite's variable limit. */
const BATCH_SIZE = 50;

interface SnapshotRow {
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

const migrationsDir = resolvePackagePath(
  '@ml-patterns/plugin-ml-patterns-backend',
  'migrations',
);

function toRow(
  groupBy: ScorecardGroupBy,
  day: string,
  row: ScorecardRow,
): SnapshotRow {
  return {
    group_by: groupBy,
    group_ref: row.groupRef,
    day,
    entity_count: row.entityCount,
    mean_score: row.meanScore,
    mean_coverage: row.meanCoverage,
    ungraded: row.ungraded,
    all_in_one: row.detections['all-in-one'],
    only_me: row.detections['only-me'],
    grades: JSON.stringify(row.grades),
  };
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Daily scorecard snapshots in the plugin's own database. Writing is an
 * upsert keyed on (grouping, group, UTC day), so running the snapshot task
 * several times a day, or on several replicas, leaves one row per day.
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

  /** Replaces the given day's snapshot of every group listed. */
  async writeSnapshots(
    day: string,
    scorecards: Partial<Record<ScorecardGroupBy, ScorecardRow[]>>,
  ): Promise<number> {
    const rows = Object.entries(scorecards).flatMap(([groupBy, list]) =>
      (list ?? []).map(row => toRow(groupBy as ScorecardGroupBy, day, row)),
    );
    await this.db.transaction(async tx => {
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        await tx(TABLE)
          .insert(rows.slice(i, i + BATCH_SIZE))
          .onConflict(['group_by', 'group_ref', 'day'])
          .merge();
      }
    });
    return rows.length;
  }

  /** Snapshots of one group from `fromDay` on (inclusive), oldest first. */
  async history(options: {
    groupBy: ScorecardGroupBy;
    groupRef: string;
    fromDay: string;
  }): Promise<ScorecardSnapshot[]> {
    const rows: SnapshotRow[] = await this.db<SnapshotRow>(TABLE)
      .where({ group_by: options.groupBy, group_ref: options.groupRef })
      .andWhere('day', '>=', options.fromDay)
      .orderBy('day', 'asc');
    return rows.map(row => ({
      day: row.day,
      entityCount: Number(row.entity_count),
      meanScore: nullableNumber(row.mean_score),
      detections: {
        'all-in-one': Number(row.all_in_one),
        'only-me': Number(row.only_me),
      },
      grades: parseGrades(row.grades),
      meanCoverage: nullableNumber(row.mean_coverage),
    }));
  }

  /** Deletes snapshots older than `beforeDay`; returns how many. */
  async prune(beforeDay: string): Promise<number> {
    return await this.db(TABLE).where('day', '<', beforeDay).delete();
  }
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
