import { OUTPUT_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  catalogEntities,
  names,
  stampedComponent,
} from '../../__testUtils__/catalogEntities';
import { MlPatternsGradeFilter } from './MlPatternsGradeFilter';

describe('MlPatternsGradeFilter', () => {
  // The in-memory catalog indexes entities as the catalog backend does.
  const catalog = catalogApiMock({ entities: catalogEntities });

  it('asks the catalog for the stamped grade annotation', () => {
    expect(new MlPatternsGradeFilter(['D', 'F']).getCatalogFilters()).toEqual({
      'metadata.annotations.ml-patterns.io/grade': ['d', 'f'],
    });
  });

  it('lets the catalog return the entities of the selected grades only', async () => {
    const filter = new MlPatternsGradeFilter(['D', 'F']);
    const { items } = await catalog.getEntities({
      filter: filter.getCatalogFilters(),
    });
    expect(names(items)).toEqual(['ranker-server', 'recsys-serving']);
    expect(items.every(entity => filter.filterEntity(entity))).toBe(true);
  });

  it('never matches an entity without a grade', () => {
    const filter = new MlPatternsGradeFilter(['A', 'B', 'C', 'D', 'E', 'F']);
    const unmatched = catalogEntities.filter(e => !filter.filterEntity(e));
    expect(names(unmatched)).toEqual(['unreadable-server', 'web-frontend']);
  });

  it('does not trust a grade stamped without a valid score', () => {
    const handWritten = stampedComponent('hand-written', {
      score: 90,
      grade: 'A',
    });
    handWritten.metadata.annotations![OUTPUT_ANNOTATIONS.score] = 'ninety';
    expect(new MlPatternsGradeFilter(['A']).filterEntity(handWritten)).toBe(
      false,
    );
  });

  it('puts the grades in the query string', () => {
    expect(new MlPatternsGradeFilter(['B', 'C']).toQueryValue()).toEqual([
      'B',
      'C',
    ]);
  });
});
