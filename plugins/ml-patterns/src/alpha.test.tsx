import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  catalogApiRef,
  entityRouteRef,
  EntityListProvider,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import mlPatternsPlugin, {
  mlPatternsAntiPatternCatalogFilter,
  mlPatternsEntityCard,
  mlPatternsGradeCatalogFilter,
  mlPatternsPage,
  mlPatternsTeamEntityCard,
} from './alpha';
import { mlPatternsApiRef } from './api';
import { createTestClient } from './__testUtils__/apis';
import {
  outOfScopeEntity,
  servingEntity,
  servingReport,
  teamEntity,
} from './__testUtils__/fixtures';
import { namesEntity, specHttp } from './__testUtils__/specHttp';

const server = setupServer();
registerMswTestHooks(server);

/**
 * Renders an entity overview the way the catalog does: the card's element
 * only where its filter function accepts the entity.
 */
function renderOverview(card: typeof mlPatternsEntityCard, entity: Entity) {
  const apis = [[mlPatternsApiRef, createTestClient()]] as const;
  const tester = createExtensionTester(card, { apis });
  const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <h1>Overview of {entity.metadata.name}</h1>
      {filter?.(entity) ? tester.reactElement() : null}
    </EntityProvider>,
    {
      apis,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
    },
  );
}

describe('new frontend system', () => {
  beforeEach(() => {
    server.use(
      specHttp.get(
        '/v1/entities/{kind}/{namespace}/{name}/report',
        ({ params, response }) =>
          namesEntity(params, servingEntity) ||
          namesEntity(params, outOfScopeEntity)
            ? response(200).json(servingReport)
            : undefined,
      ),
      specHttp.get(
        '/v1/entities/{kind}/{namespace}/{name}/history',
        ({ params, response }) =>
          response(200).json({
            entityRef: `${params.kind}:${params.namespace}/${params.name}`,
            days: [],
          }),
      ),
    );
  });

  it('renders the entity card on an in-scope entity', async () => {
    renderOverview(mlPatternsEntityCard, servingEntity);
    expect(await screen.findByText('ML anti-patterns')).toBeInTheDocument();
    expect(await screen.findByText('Grade D')).toBeInTheDocument();
  });

  it('leaves the entity card out on entities that are not in scope', async () => {
    renderOverview(mlPatternsEntityCard, outOfScopeEntity);
    expect(
      await screen.findByText('Overview of web-frontend'),
    ).toBeInTheDocument();
    expect(screen.queryByText('ML anti-patterns')).not.toBeInTheDocument();
  });

  it('puts the team card on groups only', () => {
    const filter = createExtensionTester(mlPatternsTeamEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(filter?.(teamEntity)).toBe(true);
    expect(filter?.(servingEntity)).toBe(false);
  });

  it('mounts the page at /ml-patterns with a nav title', () => {
    const tester = createExtensionTester(mlPatternsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ml-patterns');
    expect(tester.get(coreExtensionData.title)).toBe('ML anti-patterns');
  });

  it.each([
    [
      'grade',
      () => createExtensionTester(mlPatternsGradeCatalogFilter).reactElement(),
      'ML grade',
    ],
    [
      'anti-pattern',
      () =>
        createExtensionTester(
          mlPatternsAntiPatternCatalogFilter,
        ).reactElement(),
      'ML anti-patterns',
    ],
  ])('renders the %s catalog filter', async (_name, element, label) => {
    const apis = [[catalogApiRef, catalogApiMock()]] as const;
    renderInTestApp(<EntityListProvider>{element()}</EntityListProvider>, {
      apis,
    });
    expect(
      await screen.findByRole('textbox', { name: label }),
    ).toBeInTheDocument();
  });

  it('is a plugin with the id ml-patterns', () => {
    expect(mlPatternsPlugin.id).toBe('ml-patterns');
  });
});
