import { Entity } from '@backstage/catalog-model';
import { EntityFilter } from '@backstage/plugin-catalog-react';
import {
  Grade,
  OUTPUT_ANNOTATIONS,
  readStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';

/**
 * Catalog index filter: entities with one of the given grades. The catalog
 * backend filters on the stamped grade annotation; entities without a
 * grade never match.
 *
 * @public
 */
export class MlPatternsGradeFilter implements EntityFilter {
  readonly values: Grade[];

  constructor(values: Grade[]) {
    this.values = values;
  }

  getCatalogFilters(): Record<string, string[]> {
    // The processor stamps lower-case letters (the catalog compares
    // lower-cased values anyway).
    return {
      [`metadata.annotations.${OUTPUT_ANNOTATIONS.grade}`]: this.values.map(
        grade => grade.toLowerCase(),
      ),
    };
  }

  filterEntity(entity: Entity): boolean {
    const { grade } = readStampAnnotations(entity.metadata.annotations);
    return grade !== null && this.values.includes(grade);
  }

  toQueryValue(): string[] {
    return [...this.values];
  }
}
