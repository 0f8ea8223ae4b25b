import { Entity } from '@backstage/catalog-model';
import { EntityFilter } from '@backstage/plugin-catalog-react';
import {
  AntiPatternId,
  OUTPUT_ANNOTATIONS,
  readStampAnnotations,
} from '@ml-patterns/plugin-ml-patterns-common';

const VERDICT_ANNOTATIONS: Record<AntiPatternId, string> = {
  'all-in-one': OUTPUT_ANNOTATIONS.allInOne,
  'only-me': OUTPUT_ANNOTATIONS.onlyMe,
};

/**
 * Catalog index filter: entities on which every given anti-pattern is
 * detected (like tags, each selection narrows the list). The catalog
 * backend filters on the stamped verdict annotations.
 *
 * @public
 */
export class MlPatternsAntiPatternFilter implements EntityFilter {
  readonly values: AntiPatternId[];

  constructor(values: AntiPatternId[]) {
    this.values = values;
  }

  getCatalogFilters(): Record<string, string> {
    return Object.fromEntries(
      this.values.map(antiPattern => [
        `metadata.annotations.${VERDICT_ANNOTATIONS[antiPattern]}`,
        'detected',
      ]),
    );
  }

  filterEntity(entity: Entity): boolean {
    const { antiPatterns } = readStampAnnotations(entity.metadata.annotations);
    return this.values.every(
      antiPattern => antiPatterns[antiPattern] === 'detected',
    );
  }

  toQueryValue(): string[] {
    return [...this.values];
  }
}
