import { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  ExtensionDefinition,
} from '@backstage/frontend-plugin-api';
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
import { screen, within } from '@testing-library/react';
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
  recsysEntities,
  scorecardRows,
  servingEntity,
  servingReport,
  teamEntity,
} from './__testUtils__/fixtures';
import { namesEntity, specHttp } from './__testUtils__/specHttp';

// The first render loads the app and the card lazily; two shared cores are slow.
jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

/** The real client, talking to msw (stateless: one serves every test). */
const apis = [[mlPatternsApiRef, createTestClient()]] as const;

/**
 * Renders an entity overview the way the catalog does: the card's element
 * only where its filter function accepts the entity.
 */
/** A tester of either card: both are made by the entity card blueprint. */
type CardTester = ReturnType<
  typeof createExtensionTester<
    typeof mlPatternsEntityCard extends ExtensionDefinition<infer T> ? T : never
  >
>;

function renderOverview(entity: Entity, card: CardTester) {
  const filter = card.get(EntityCardBlueprint.dataRefs.filterFunction);
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <h1>Overview of {entity.metadata.name}</h1>
      {filter?.(entity) ? card.reactElement() : null}
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
    renderOverview(
      servingEntity,
      createExtensionTester(mlPatternsEntityCard, { apis }),
    );
    expect(await screen.findByText('ML anti-patterns')).toBeInTheDocument();
    expect(await screen.findByText('Grade D')).toBeInTheDocument();
  });

  it("passes the entity card's config to the card", async () => {
    renderOverview(
      servingEntity,
      createExtensionTester(mlPatternsEntityCard, {
        apis,
        config: {
          title: 'Model health',
          variant: 'fullHeight',
          showTrend: false,
        },
      }),
    );
    const title = await screen.findByText('Model health');
    expect(await screen.findByText('Grade D')).toBeInTheDocument();
    expect(title.closest('.MuiCard-root')).toHaveStyle({ height: '100%' });
    expect(screen.queryByText('ML anti-patterns')).not.toBeInTheDocument();
    expect(screen.queryByText('Score, last 90 days')).not.toBeInTheDocument();
  });

  it('shows the trend on the entity card by default', async () => {
    renderOverview(
      servingEntity,
      createExtensionTester(mlPatternsEntityCard, { apis }),
    );
    expect(await screen.findByText('Score, last 90 days')).toBeInTheDocument();
  });

  it('rejects config the card does not take', () => {
    expect(() =>
      createExtensionTester(mlPatternsEntityCard, {
        config: { variant: 'huge' as 'flex' },
      }).reactElement(),
    ).toThrow(/variant/);
  });

  it("passes the team card's config to the card", async () => {
    // Only the figures and entities: with the trend and rule changes off,
    // a request for either would be unhandled and fail the test.
    server.use(
      specHttp.get('/v1/scorecards', ({ response }) =>
        response(200).json({ groupBy: 'owner', rows: scorecardRows }),
      ),
      specHttp.get(
        '/v1/scorecards/{groupRef}/entities',
        ({ params, response }) =>
          response(200).json({
            groupRef: params.groupRef,
            entities: recsysEntities,
          }),
      ),
    );
    renderOverview(
      teamEntity,
      createExtensionTester(mlPatternsTeamEntityCard, {
        apis,
        config: {
          title: 'Team ML health',
          showTrend: false,
          showRuleChanges: false,
          worstEntities: 2,
        },
      }),
    );
    expect(await screen.findByText('Team ML health')).toBeInTheDocument();
    const worst = await screen.findByRole('list', { name: 'Worst entities' });
    expect(
      within(worst)
        .getAllByRole('link')
        .map(link => link.textContent),
    ).toEqual(['search-server', 'recommender-all-in-one']);
    expect(
      screen.queryByText('Mean score, last 30 days'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('Rules, last 30 days')).not.toBeInTheDocument();
  });

  it('leaves the entity card out on entities that are not in scope', async () => {
    renderOverview(
      outOfScopeEntity,
      createExtensionTester(mlPatternsEntityCard, { apis }),
    );
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
    renderInTestApp(<EntityListProvider>{element()}</EntityListProvider>, {
      apis: [[catalogApiRef, catalogApiMock()]] as const,
    });
    expect(
      await screen.findByRole('textbox', { name: label }),
    ).toBeInTheDocument();
  });

  it('is a plugin with the id ml-patterns', () => {
    expect(mlPatternsPlugin.id).toBe('ml-patterns');
  });
});
