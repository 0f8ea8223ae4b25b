import { ScorecardEntity } from '@ml-patterns/plugin-ml-patterns-common';

/**
 * Worst first: lowest score first, entities without a score (nothing
 * verifiable) after the scored ones.
 */
export function worstFirst(entities: ScorecardEntity[]): ScorecardEntity[] {
  return [...entities].sort((a, b) => {
    if (a.score === null) return b.score === null ? 0 : 1;
    if (b.score === null) return -1;
    return a.score - b.score;
  });
}
