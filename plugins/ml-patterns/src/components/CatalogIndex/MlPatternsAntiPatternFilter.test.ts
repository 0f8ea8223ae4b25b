import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { catalogEntities, names } from '../../__testUtils__/catalogEntities';
import { MlPatternsAntiPatternFilter } from './MlPatternsAntiPatternFilter';

describe('MlPatternsAntiPatternFilter', () => {
  const catalog = catalogApiMock({ entities: catalogEntities });

  async function fromCatalog(filter: MlPatternsAntiPatternFilter) {
    const { items } = await catalog.getEntities({
      filter: filter.getCatalogFilters(),
    });
    return items;
  }

  it('asks the catalog for the detected verdict annotation', () => {
    expect(
      new MlPatternsAntiPatternFilter(['all-in-one']).getCatalogFilters(),
    ).toEqual({ 'metadata.annotations.ml-patterns.io/all-in-one': 'detected' });
  });

  it('lets the catalog return the All-in-one entities only', async () => {
    const filter = new MlPatternsAntiPatternFilter(['all-in-one']);
    const items = await fromCatalog(filter);
    expect(names(items)).toEqual(['ranker-server', 'recsys-serving']);
    expect(items.every(entity => filter.filterEntity(entity))).toBe(true);
  });

  it('lets the catalog return the Only-me entities only', async () => {
    const items = await fromCatalog(
      new MlPatternsAntiPatternFilter(['only-me']),
    );
    expect(names(items)).toEqual(['pricing-notebooks', 'ranker-server']);
  });

  it('narrows to the entities with both anti-patterns when both are selected', async () => {
    const filter = new MlPatternsAntiPatternFilter(['all-in-one', 'only-me']);
    expect(names(await fromCatalog(filter))).toEqual(['ranker-server']);
    expect(names(catalogEntities.filter(e => filter.filterEntity(e)))).toEqual([
      'ranker-server',
    ]);
  });

  it('does not count an unverified verdict as detected', () => {
    const filter = new MlPatternsAntiPatternFilter(['all-in-one']);
    const unreadable = catalogEntities.find(
      e => e.metadata.name === 'unreadable-server',
    )!;
    expect(filter.filterEntity(unreadable)).toBe(false);
  });
});
