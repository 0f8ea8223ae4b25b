import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { SourceFileResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { rootRouteRef } from '../../routes';
import { TestApis } from '../../__testUtils__/apis';
import { BASE_URL, backendError } from '../../__testUtils__/fixtures';
import { MlPatternsRouter } from '../Router';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const SOURCE_ROUTE = `${BASE_URL}/v1/entities/component/default/recsys-serving/source`;

const mainPy: SourceFileResponse = {
  entityRef: 'component:default/recsys-serving',
  location: 'dir:/srv/examples/repositories/recsys-serving',
  path: 'app/main.py',
  content: 'import os\n\nMODELS = ["ctr", "ranking"]\nserve(MODELS)\n',
  size: 52,
  truncated: false,
};

async function renderAt(url: string) {
  return renderInTestApp(
    <TestApis>
      <MlPatternsRouter />
    </TestApis>,
    {
      routeEntries: [url],
      mountedRoutes: {
        '/': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('SourceFilePage', () => {
  it('shows the file with line numbers and marks the evidence line', async () => {
    const asked: string[] = [];
    server.use(
      http.get(SOURCE_ROUTE, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('path') ?? '');
        return HttpResponse.json(mainPy);
      }),
    );
    await renderAt(
      '/source/component/default/recsys-serving?path=app%2Fmain.py&line=3',
    );
    const table = await screen.findByRole('table', {
      name: 'Source of app/main.py',
    });
    expect(asked).toEqual(['app/main.py']);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);
    const current = rows.filter(row => row.getAttribute('aria-current'));
    expect(current).toHaveLength(1);
    expect(current[0]).toHaveTextContent('3MODELS = ["ctr", "ranking"]');
    expect(
      screen.getByText('dir:/srv/examples/repositories/recsys-serving'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'recsys-serving' }),
    ).toHaveAttribute('href', '/catalog/default/component/recsys-serving');
  });

  it('says when only the beginning of a large file is shown', async () => {
    server.use(
      http.get(SOURCE_ROUTE, () =>
        HttpResponse.json({ ...mainPy, size: 900_000, truncated: true }),
      ),
    );
    await renderAt(
      '/source/component/default/recsys-serving?path=app%2Fmain.py',
    );
    expect(
      await screen.findByText(/Only the beginning of this 900,000-byte file/),
    ).toBeInTheDocument();
    expect(
      screen.queryAllByRole('row').filter(r => r.getAttribute('aria-current')),
    ).toHaveLength(0);
  });

  it("shows the backend's error, e.g. for a path outside the folder", async () => {
    server.use(
      http.get(SOURCE_ROUTE, () =>
        HttpResponse.json(
          backendError(
            400,
            'InputError',
            "path '../x' leaves the entity's source folder",
          ),
          { status: 400 },
        ),
      ),
    );
    await renderAt('/source/component/default/recsys-serving?path=..%2Fx');
    const messages = await screen.findAllByText(
      /leaves the entity's source folder/,
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
