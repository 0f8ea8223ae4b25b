import {
  GRADES,
  Grade,
  ScorecardGroupBy,
  ScorecardRow,
} from '@ml-patterns/plugin-ml-patterns-common';
import { Knex } from 'knex';
import { NO_GROUP, normalizeRef } from '../../service/refs';
import { ScorecardFilter } from '../filterStamped';
import {
  compareStrings,
  scorecardRow,
  ScorecardSums,
} from '../aggregateScorecards';
import { StampedEntity } from '../stampedEntity';
import { applyFieldFilter } from './applyFieldFilter';
import { FieldFilter } from './catalogConditionFilter';
import { STAMPS, SYSTEMS } from './StampTable';

/** Which rows of the table a request counts, and how it groups them. */
export interface StampTableQuery extends ScorecardFilter {
  groupBy: ScorecardGroupBy;
  /**
   * What the caller may read, as a test of the entities' search rows;
   * undefined for a caller who may read every entity.
   */
  visible?: FieldFilter;
}

/** A stamped entity with the group it is counted in. */
export type GroupedEntity = StampedEntity & { groupRef: string };

const DOMAIN_OF_ROW = `COALESCE(visible_systems.domain_ref, '${NO_GROUP}')`;

function groupColumn(db: Knex, groupBy: ScorecardGroupBy): Knex.Raw {
  if (groupBy === 'owner') return db.raw('??', ['s.owner_ref']);
  if (groupBy === 'system') return db.raw('??', ['s.system_ref']);
  return db.raw(DOMAIN_OF_ROW);
}

/**
 * The counted rows under the filters and the caller's visibility; when
 * grouping by domain, joined with the systems the caller may read (a
 * system they may not read leaves its entities in no domain, as the
 * catalog's answer to their own read of the systems would).
 */
function visibleRows(db: Knex, q: StampTableQuery): Knex.QueryBuilder {
  const query = db(`${STAMPS} as s`).where('s.counted', true);
  const kind = q.kind?.trim().toLowerCase();
  if (kind) query.where('s.kind_lower', kind);
  const type = q.type?.trim().toLowerCase();
  if (type) query.where('s.type_lower', type);
  if (q.system?.trim()) {
    const systemRef = normalizeRef(q.system, 'system', 'default');
    if (systemRef) query.where('s.system_ref', systemRef);
    else query.whereRaw('1 = 0');
  }
  if (q.visible) {
    applyFieldFilter(db, query, q.visible, {
      refColumn: 's.entity_ref',
      kindColumn: 's.kind_lower',
      source: 'stamped',
    });
  }
  if (q.groupBy === 'domain') {
    const systems = db(`${SYSTEMS} as sys`).select(
      'sys.entity_ref',
      'sys.domain_ref',
    );
    if (q.visible) {
      applyFieldFilter(db, systems, q.visible, {
        refColumn: 'sys.entity_ref',
        kindColumn: 'sys.kind_lower',
        source: 'system',
      });
    }
    query.leftJoin(
      systems.as('visible_systems'),
      'visible_systems.entity_ref',
      's.system_ref',
    );
  }
  return query;
}

/** Counts come back as strings from PostgreSQL (bigint); SUM of nothing is null. */
function num(value: unknown): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

function gradeAlias(grade: Grade): string {
  return `grade_${grade.toLowerCase()}`;
}

/** One scorecard row per group, summed in the database. */
export async function scorecardRowsFromTable(
  db: Knex,
  q: StampTableQuery,
): Promise<ScorecardRow[]> {
  const group = groupColumn(db, q.groupBy);
  const graded = 's.grade IS NOT NULL AND s.score IS NOT NULL';
  const raw = (sql: string, bindings: Knex.RawBinding[] = []) =>
    db.raw(sql, bindings);
  const rows: Array<Record<string, unknown>> = await visibleRows(db, q)
    .select(
      raw('? AS group_ref', [group]),
      raw('COUNT(*) AS entity_count'),
      raw(`SUM(CASE WHEN ${graded} THEN 1 ELSE 0 END) AS scored`),
      raw(`SUM(CASE WHEN ${graded} THEN s.score ELSE 0 END) AS score_sum`),
      ...GRADES.map(grade =>
        raw(
          `SUM(CASE WHEN ${graded} AND s.grade = ? THEN 1 ELSE 0 END) AS ??`,
          [grade, gradeAlias(grade)],
        ),
      ),
      raw('COUNT(s.coverage) AS covered'),
      raw('SUM(s.coverage) AS coverage_sum'),
      raw(
        "SUM(CASE WHEN s.all_in_one = 'detected' THEN 1 ELSE 0 END) AS all_in_one",
      ),
      raw("SUM(CASE WHEN s.only_me = 'detected' THEN 1 ELSE 0 END) AS only_me"),
      raw('SUM(s.waived_count) AS waived_checks'),
    )
    .groupBy(group);
  return rows
    .map(row => {
      const grades = { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 };
      for (const grade of GRADES) {
        grades[grade] = num(row[gradeAlias(grade)]);
      }
      const sums: ScorecardSums = {
        entityCount: num(row.entity_count),
        scoreSum: num(row.score_sum),
        scored: num(row.scored),
        coverageSum: num(row.coverage_sum),
        covered: num(row.covered),
        grades,
        ungraded: num(row.entity_count) - num(row.scored),
        allInOne: num(row.all_in_one),
        onlyMe: num(row.only_me),
        waivedChecks: num(row.waived_checks),
      };
      return scorecardRow(String(row.group_ref), sums);
    })
    .sort((a, b) => compareStrings(a.groupRef, b.groupRef));
}

function ruleIds(json: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(json));
    return Array.isArray(parsed)
      ? parsed.filter((id): id is string => typeof id === 'string')
      : [];
  } catch {
    return [];
  }
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function toGroupedEntity(row: Record<string, any>): GroupedEntity {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    type: row.type ?? undefined,
    title: row.title ?? undefined,
    role: row.role ?? null,
    score: nullableNumber(row.score),
    grade: row.grade ?? null,
    coverage: nullableNumber(row.coverage),
    allInOne: row.all_in_one,
    onlyMe: row.only_me,
    releasePattern: row.release_pattern,
    failedChecks: ruleIds(row.failed_checks),
    unknownChecks: ruleIds(row.unknown_checks),
    evidenceStatus: row.evidence_status ?? null,
    waivedChecks: ruleIds(row.waived_checks),
    ownerRef: row.owner_ref,
    systemRef: row.system_ref,
    groupRef: String(row.group_ref),
  };
}

/**
 * The counted entities the caller may read under the filters, with their
 * group; only those of `groupRef` when given; at most `limit` when given.
 * Sorted by ref.
 */
export async function entitiesFromTable(
  db: Knex,
  q: StampTableQuery & { groupRef?: string; limit?: number },
): Promise<GroupedEntity[]> {
  const group = groupColumn(db, q.groupBy);
  const query = visibleRows(db, q).select(
    's.*',
    db.raw('? AS group_ref', [group]),
  );
  if (q.groupRef !== undefined) {
    query.whereRaw('? = ?', [group, q.groupRef]);
  }
  if (q.limit !== undefined) {
    query.limit(q.limit);
  }
  const rows: Array<Record<string, any>> = await query;
  return rows
    .map(toGroupedEntity)
    .sort((a, b) => compareStrings(a.entityRef, b.entityRef));
}
