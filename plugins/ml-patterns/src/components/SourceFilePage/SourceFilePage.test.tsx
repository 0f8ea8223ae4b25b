import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { registerMswTestHooks, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { SourceFileResponse } from '@ml-patterns/plugin-ml-patterns-common';
import { setupServer } from 'msw/node';
import { rootRouteRef } from '../../routes';
import { TestApis } from '../../__testUtils__/apis';
import { backendError } from '../../__testUtils__/fixtures';
import { namesEntity, specHttp } from '../../__testUtils__/specHttp';
import { MlPatternsRouter } from '../Router';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

const SOURCE_ROUTE = '/v1/entities/{kind}/{namespace}/{name}/source';
const ENTITY_REF = 'component:default/recsys-serving';

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
      specHttp.get(SOURCE_ROUTE, ({ params, query, response }) => {
        if (!namesEntity(params, ENTITY_REF)) return undefined;
        asked.push(query.get('path') ?? '');
        return response(200).json(mainPy);
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
      specHttp.get(SOURCE_ROUTE, ({ params, response }) =>
        namesEntity(params, ENTITY_REF)
          ? response(200).json({ ...mainPy, size: 900_000, truncated: true })
          : undefined,
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
      specHttp.get(SOURCE_ROUTE, ({ params, response }) =>
        namesEntity(params, ENTITY_REF)
          ? response(400).json(
              backendError(
                400,
                'InputError',
                "path '../x' leaves the entity's source folder",
              ),
            )
          : undefined,
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
