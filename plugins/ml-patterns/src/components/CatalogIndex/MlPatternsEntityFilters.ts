import { DefaultEntityFilters } from '@backstage/plugin-catalog-react';
import { MlPatternsAntiPatternFilter } from './MlPatternsAntiPatternFilter';
import { MlPatternsGradeFilter } from './MlPatternsGradeFilter';

/**
 * The catalog index filters of ml-patterns, under the keys their pickers
 * use in `useEntityList` and in the page's query string
 * (`/catalog?filters[mlPatternsGrade]=D&filters[mlPatternsAntiPattern]=all-in-one`).
 *
 * @public
 */
export type MlPatternsEntityFilters = DefaultEntityFilters & {
  mlPatternsGrade?: MlPatternsGradeFilter;
  mlPatternsAntiPattern?: MlPatternsAntiPatternFilter;
};
