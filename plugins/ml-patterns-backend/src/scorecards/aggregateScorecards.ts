import { Grade, ScorecardRow } from '@ml-patterns/plugin-ml-patterns-common';
import { StampedEntity } from './stampedEntity';

/** A group's sums, from which its scorecard row is computed. */
export interface ScorecardSums {
  entityCount: number;
  scoreSum: number;
  scored: number;
  coverageSum: number;
  covered: number;
  grades: Record<Grade, number>;
  ungraded: number;
  allInOne: number;
  onlyMe: number;
  waivedChecks: number;
}

function emptyAccumulator(): ScorecardSums {
  return {
    entityCount: 0,
    scoreSum: 0,
    scored: 0,
    coverageSum: 0,
    covered: 0,
    grades: { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 },
    ungraded: 0,
    allInOne: 0,
    onlyMe: 0,
    waivedChecks: 0,
  };
}

/** Code-unit order, as the rows are sorted. */
export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Folds stamped entities into one scorecard row per group. `groupOf` gives
 * the group ref of an entity (its owner, system or domain, or `none`).
 * Rows are sorted by group ref so responses are stable.
 */
export function aggregateScorecards(
  entities: Iterable<StampedEntity>,
  groupOf: (entity: StampedEntity) => string,
): ScorecardRow[] {
  const groups = new Map<string, ScorecardSums>();
  for (const entity of entities) {
    const key = groupOf(entity);
    let acc = groups.get(key);
    if (!acc) {
      acc = emptyAccumulator();
      groups.set(key, acc);
    }
    acc.entityCount += 1;
    // Graded or not scored, nothing between: an entity without a grade
    // (nothing verifiable, or no grade stamped) is in no grade and not in
    // the mean, whatever score it carries.
    if (entity.grade === null || entity.score === null) {
      acc.ungraded += 1;
    } else {
      acc.scoreSum += entity.score;
      acc.scored += 1;
      acc.grades[entity.grade] += 1;
    }
    if (entity.coverage !== null) {
      acc.coverageSum += entity.coverage;
      acc.covered += 1;
    }
    if (entity.allInOne === 'detected') {
      acc.allInOne += 1;
    }
    if (entity.onlyMe === 'detected') {
      acc.onlyMe += 1;
    }
    acc.waivedChecks += entity.waivedChecks.length;
  }

  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([groupRef, acc]) => scorecardRow(groupRef, acc));
}

/**
 * A group's scorecard row from its sums: the one place means are divided
 * and rounded, for sums folded here and sums computed in the database.
 */
export function scorecardRow(
  groupRef: string,
  acc: ScorecardSums,
): ScorecardRow {
  return {
    groupRef,
    entityCount: acc.entityCount,
    meanScore: acc.scored ? round(acc.scoreSum / acc.scored, 1) : null,
    grades: acc.grades,
    ungraded: acc.ungraded,
    detections: { 'all-in-one': acc.allInOne, 'only-me': acc.onlyMe },
    meanCoverage: acc.covered ? round(acc.coverageSum / acc.covered, 3) : null,
    waivedChecks: acc.waivedChecks,
  };
}
