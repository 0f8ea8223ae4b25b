import {
  ANTI_PATTERN_IDS,
  AntiPatternId,
  GRADES,
  Grade,
} from '@ml-patterns/plugin-ml-patterns-common';
import { EntityDay } from '../history/entityDay';

/** What got worse for an entity since its previous history row. */
export interface EntityChange {
  /** Anti-patterns detected now that were not detected before. */
  newAntiPatterns: AntiPatternId[];
  /** The grade fell by at least the configured number of steps. */
  gradeDrop?: { from: Grade; to: Grade; steps: number };
}

const VERDICT_KEYS: Record<AntiPatternId, 'allInOne' | 'onlyMe'> = {
  'all-in-one': 'allInOne',
  'only-me': 'onlyMe',
};

/**
 * Compares an entity's row with its previous one. Nothing for an entity
 * with no previous row (its first scoring), nor for grades that are
 * missing on either side (not scored is neither better nor worse).
 */
export function entityChange(
  previous: EntityDay | undefined,
  current: EntityDay,
  gradeDropSteps: number,
): EntityChange | undefined {
  if (!previous) {
    return undefined;
  }
  const newAntiPatterns = ANTI_PATTERN_IDS.filter(id => {
    const key = VERDICT_KEYS[id];
    return current[key] === 'detected' && previous[key] !== 'detected';
  });
  let gradeDrop: EntityChange['gradeDrop'];
  if (previous.grade && current.grade) {
    const steps =
      GRADES.indexOf(current.grade) - GRADES.indexOf(previous.grade);
    if (steps >= gradeDropSteps) {
      gradeDrop = { from: previous.grade, to: current.grade, steps };
    }
  }
  if (newAntiPatterns.length === 0 && !gradeDrop) {
    return undefined;
  }
  return gradeDrop ? { newAntiPatterns, gradeDrop } : { newAntiPatterns };
}
