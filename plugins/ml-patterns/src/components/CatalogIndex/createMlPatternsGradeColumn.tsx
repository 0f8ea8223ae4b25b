import { Entity } from '@backstage/catalog-model';
import { TableColumn } from '@backstage/core-components';
import { readStampAnnotations } from '@ml-patterns/plugin-ml-patterns-common';
import { MlPatternsGradeCell } from './MlPatternsGradeCell';

/** @public */
export interface MlPatternsGradeColumnOptions {
  /** Column header; `ML grade` by default. */
  title?: string;
}

/** Scored entities by score, best first; entities without a score last. */
function compareScores(a: Entity, b: Entity): number {
  const scoreA = readStampAnnotations(a.metadata.annotations).score;
  const scoreB = readStampAnnotations(b.metadata.annotations).score;
  if (scoreA === null) return scoreB === null ? 0 : 1;
  if (scoreB === null) return -1;
  return scoreB - scoreA;
}

/**
 * A catalog table column with the ml-patterns grade and score of each row's
 * entity ("not scored" without one), sorted by score. For the catalog index
 * page's `columns` (rows are `CatalogTableRow`s) or any table whose rows
 * carry an `entity`.
 *
 * @public
 */
export function createMlPatternsGradeColumn<T extends { entity: Entity }>(
  options: MlPatternsGradeColumnOptions = {},
): TableColumn<T> {
  return {
    title: options.title ?? 'ML grade',
    headerStyle: { whiteSpace: 'nowrap' },
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => <MlPatternsGradeCell entity={row.entity} />,
    customSort: (a, b) => compareScores(a.entity, b.entity),
  };
}
