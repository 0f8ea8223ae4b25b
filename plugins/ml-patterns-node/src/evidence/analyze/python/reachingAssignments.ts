import type { PythonModule } from './pythonModule';

/**
 * The assignments whose value a name may hold at an offset: the last one
 * before it, and the ones before that while it may not have run (it sits
 * in an `if`/`try` arm or a loop), e.g. `X = os.getenv("X")` then
 * `if not X: X = "default.pkl"`. With none before, the first ones.
 */
export function reaching(
  assignments: PythonModule['assignments'],
  at: number,
): PythonModule['assignments'] {
  const before = precedingCount(assignments, at);
  if (before === 0) return assignments.slice(0, 4);
  const chosen = [assignments[before - 1]];
  for (let i = before - 2; i >= 0 && chosen.length < 4; i--) {
    if (!assignments[i + 1].conditional) break;
    chosen.unshift(assignments[i]);
  }
  return chosen;
}

/** How many of the assignments (in source order) come before an offset. */
function precedingCount(
  assignments: PythonModule['assignments'],
  at: number,
): number {
  let low = 0;
  let high = assignments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (assignments[mid].from < at) low = mid + 1;
    else high = mid;
  }
  return low;
}
