import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { TestApis } from './apis';

/** Renders a view of the plugin with its API client, at `path`, entity pages mounted. */
export function renderWithApis(element: JSX.Element, path = '/') {
  return renderInTestApp(<TestApis>{element}</TestApis>, {
    routeEntries: [path],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The cells of each body row of the table on screen, as text. */
export function tableRows(): string[][] {
  return screen
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent ?? ''),
    );
}
