import {
  GRADES,
  Grade,
  ScorecardSnapshot,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * Sums of one day's entity rows: what a snapshot is computed from. Sums
 * of parts of a group add up, so a group can be summed in slices (a
 * caller's readable entities, a few hundred refs per query) and merged.
 */
export interface DaySums {
  entityCount: number;
  /** Entities with a grade: the only ones in the grades and the mean. */
  graded: number;
  scoreSum: number;
  grades: Record<Grade, number>;
  /** Entities with a coverage stamp, and the sum of it (0–100 each). */
  covered: number;
  coverageSum: number;
  allInOne: number;
  onlyMe: number;
}

export function emptyDaySums(): DaySums {
  return {
    entityCount: 0,
    graded: 0,
    scoreSum: 0,
    grades: { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0 },
    covered: 0,
    coverageSum: 0,
    allInOne: 0,
    onlyMe: 0,
  };
}

/** Adds `part` into the sums kept for its day in `byDay`. */
export function addDaySums(
  byDay: Map<string, DaySums>,
  day: string,
  part: DaySums,
): void {
  let sums = byDay.get(day);
  if (!sums) {
    sums = emptyDaySums();
    byDay.set(day, sums);
  }
  sums.entityCount += part.entityCount;
  sums.graded += part.graded;
  sums.scoreSum += part.scoreSum;
  for (const grade of GRADES) {
    sums.grades[grade] += part.grades[grade];
  }
  sums.covered += part.covered;
  sums.coverageSum += part.coverageSum;
  sums.allInOne += part.allInOne;
  sums.onlyMe += part.onlyMe;
}

/**
 * A day's snapshot, rounded as the scorecards round: the mean score to one
 * decimal over graded entities only, the mean coverage (0–1) to three.
 */
export function toSnapshot(day: string, sums: DaySums): ScorecardSnapshot {
  return {
    day,
    entityCount: sums.entityCount,
    meanScore: sums.graded
      ? Math.round((sums.scoreSum * 10) / sums.graded) / 10
      : null,
    grades: { ...sums.grades },
    ungraded: sums.entityCount - sums.graded,
    detections: { 'all-in-one': sums.allInOne, 'only-me': sums.onlyMe },
    meanCoverage: sums.covered
      ? Math.round((sums.coverageSum * 10) / sums.covered) / 1000
      : null,
  };
}

/** The snapshots of `byDay`, oldest first. */
export function snapshotsByDay(
  byDay: ReadonlyMap<string, DaySums>,
): ScorecardSnapshot[] {
  return [...byDay.keys()].sort().map(day => toSnapshot(day, byDay.get(day)!));
}
