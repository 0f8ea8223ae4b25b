import {
  catalogApiRef,
  EntityKindFilter,
  EntityListProvider,
  EntityListProviderProps,
  useEntityList,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useEffect } from 'react';
import { catalogEntities, names } from '../../__testUtils__/catalogEntities';
import { MlPatternsAntiPatternPicker } from './MlPatternsAntiPatternPicker';
import { MlPatternsGradePicker } from './MlPatternsGradePicker';

// Clicking through MUI autocompletes on two shared cores can take more
// than the default 5 s.
jest.setTimeout(30_000);

/** The Component kind, as the catalog page's kind picker sets it. */
const ComponentKind = () => {
  const { updateFilters } = useEntityList();
  useEffect(() => {
    updateFilters({ kind: new EntityKindFilter('component', 'Component') });
  }, [updateFilters]);
  return null;
};

/** What the catalog table would list. */
const Listed = () => {
  const { entities, loading } = useEntityList();
  return (
    <ul aria-label="Listed" aria-busy={loading}>
      {names(entities).map(name => (
        <li key={name}>{name}</li>
      ))}
    </ul>
  );
};

async function listed(): Promise<string[]> {
  const list = screen.getByRole('list', { name: 'Listed' });
  await waitFor(() => expect(list).toHaveAttribute('aria-busy', 'false'));
  return within(list)
    .queryAllByRole('listitem')
    .map(item => item.textContent ?? '');
}

async function renderCatalog(options: {
  url?: string;
  pagination?: EntityListProviderProps['pagination'];
}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[catalogApiRef, catalogApiMock({ entities: catalogEntities })]]}
    >
      <EntityListProvider pagination={options.pagination}>
        <ComponentKind />
        <MlPatternsGradePicker />
        <MlPatternsAntiPatternPicker />
        <Listed />
      </EntityListProvider>
    </TestApiProvider>,
    { routeEntries: [options.url ?? '/catalog'] },
  );
}

/** The page's query string, as the entity list writes it. */
function queryFilters(): string[][] {
  return [...new URLSearchParams(window.location.search).entries()].filter(
    ([key]) => key.startsWith('filters[mlPatterns'),
  );
}

describe.each([
  ['without pagination', false],
  ['with cursor pagination', true],
] as const)('catalog index pickers, %s', (_mode, pagination) => {
  beforeEach(() => window.history.replaceState(null, '', '/catalog'));

  it('lists every component until a filter is selected', async () => {
    await renderCatalog({ pagination });
    await waitFor(async () =>
      expect(await listed()).toEqual(names(catalogEntities)),
    );
  });

  it('filters to "All-in-one detected" and puts it in the query string', async () => {
    await renderCatalog({ pagination });
    await userEvent.click(
      screen.getByRole('textbox', { name: 'ML anti-patterns' }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'All-in-one detected' }),
    );
    await waitFor(async () =>
      expect(await listed()).toEqual(['ranker-server', 'recsys-serving']),
    );
    await waitFor(() =>
      expect(queryFilters()).toEqual([
        ['filters[mlPatternsAntiPattern]', 'all-in-one'],
      ]),
    );
  });

  it('filters to the selected grades', async () => {
    await renderCatalog({ pagination });
    const grade = screen.getByRole('textbox', {
      name: 'ML grade',
    });
    await userEvent.click(grade);
    await userEvent.click(screen.getByRole('option', { name: 'Grade A' }));
    await userEvent.click(screen.getByRole('option', { name: 'Grade E' }));
    await waitFor(async () =>
      expect(await listed()).toEqual([
        'image-classifier-server',
        'pricing-notebooks',
      ]),
    );
    await waitFor(() =>
      expect(queryFilters()).toEqual([
        ['filters[mlPatternsGrade]', 'A'],
        ['filters[mlPatternsGrade]', 'E'],
      ]),
    );
  });

  it('opens filtered from a link', async () => {
    await renderCatalog({
      pagination,
      url: '/catalog?filters[mlPatternsGrade]=d&filters[mlPatternsGrade]=F&filters[mlPatternsAntiPattern]=only-me',
    });
    await waitFor(async () =>
      expect(await listed()).toEqual(['ranker-server']),
    );
    expect(screen.getByRole('button', { name: 'D' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'F' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Only-me' })).toBeInTheDocument();
  });

  it('ignores query values that are no grade or anti-pattern', async () => {
    await renderCatalog({
      pagination,
      url: '/catalog?filters[mlPatternsGrade]=Z&filters[mlPatternsGrade][x]=A&filters[mlPatternsAntiPattern]=everything',
    });
    await waitFor(async () =>
      expect(await listed()).toEqual(names(catalogEntities)),
    );
  });
});
