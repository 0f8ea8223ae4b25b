/**
 * The ml-patterns frontend plugin for the new frontend system.
 *
 * @packageDocumentation
 */
import {
  compatWrapper,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { z } from 'zod';
import { MlPatternsIcon } from './components/shared/MlPatternsIcon';
import { MlPatternsClient, mlPatternsApiRef } from './api';
import {
  rootRouteRef,
  rulesRouteRef,
  sourceFileRouteRef,
  waiversRouteRef,
} from './routes';

const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  sourceFile: sourceFileRouteRef,
  waivers: waiversRouteRef,
  rules: rulesRouteRef,
});

/** @alpha */
export const mlPatternsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mlPatternsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlPatternsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * Config of both cards: the title and how the card sizes itself in its grid
 * (Backstage's `InfoCard` variants).
 */
const cardConfigSchema = {
  title: z.string().optional(),
  variant: z.enum(['flex', 'fullHeight', 'gridItem']).optional(),
};

/**
 * The entity card, only on entities the catalog processor put in scope
 * (they carry the stamped role annotation). The filter is data, so an app
 * can override it in app-config, as it can the card's props: `title`,
 * `variant` and `showTrend` (see the README).
 *
 * @alpha
 */
export const mlPatternsEntityCard = EntityCardBlueprint.makeWithOverrides({
  name: 'entity',
  configSchema: {
    ...cardConfigSchema,
    showTrend: z.boolean().optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: {
        // OUTPUT_ANNOTATIONS.role, spelled out: the predicate type needs a literal key.
        'metadata.annotations.ml-patterns.io/role': { $exists: true },
      },
      loader: () =>
        import('./components/EntityMlPatternsCard').then(m =>
          compatWrapper(
            <m.EntityMlPatternsCard
              title={config.title}
              variant={config.variant}
              showTrend={config.showTrend}
            />,
          ),
        ),
    });
  },
});

/**
 * The team card, on Group entity pages. Its props are config: `title`,
 * `variant`, `showTrend`, `showRuleChanges` and `worstEntities`.
 *
 * @alpha
 */
export const mlPatternsTeamEntityCard = EntityCardBlueprint.makeWithOverrides({
  name: 'team',
  configSchema: {
    ...cardConfigSchema,
    showTrend: z.boolean().optional(),
    showRuleChanges: z.boolean().optional(),
    worstEntities: z.number().int().min(0).optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: { kind: 'group' },
      loader: () =>
        import('./components/EntityTeamMlPatternsCard').then(m =>
          compatWrapper(
            <m.EntityTeamMlPatternsCard
              title={config.title}
              variant={config.variant}
              showTrend={config.showTrend}
              showRuleChanges={config.showRuleChanges}
              worstEntities={config.worstEntities}
            />,
          ),
        ),
    });
  },
});

/**
 * The team scorecard page at `/ml-patterns`, with the waivers tab at
 * `/ml-patterns/waivers` and the rules tab at `/ml-patterns/rules`; its
 * title and icon also make the sidebar item (the app discovers nav items
 * from pages).
 *
 * @alpha
 */
export const mlPatternsPage = PageBlueprint.make({
  params: {
    path: '/ml-patterns',
    title: 'ML anti-patterns',
    icon: <MlPatternsIcon fontSize="inherit" />,
    routeRef: routes.root,
    // The page renders its own Backstage header, as in the legacy system.
    noHeader: true,
    loader: () =>
      import('./components/Router').then(m =>
        compatWrapper(<m.MlPatternsRouter />),
      ),
  },
});

/**
 * The grade filter (A–F) of the catalog index page, after the built-in
 * filters. The catalog page of this Backstage version takes no column
 * extensions: see the README for adding the grade column.
 *
 * @alpha
 */
export const mlPatternsGradeCatalogFilter = CatalogFilterBlueprint.make({
  name: 'grade',
  params: {
    loader: () =>
      import('./components/CatalogIndex').then(m => (
        <m.MlPatternsGradePicker />
      )),
  },
});

/**
 * The anti-pattern filter ("All-in-one detected", "Only-me detected") of
 * the catalog index page.
 *
 * @alpha
 */
export const mlPatternsAntiPatternCatalogFilter = CatalogFilterBlueprint.make({
  name: 'anti-pattern',
  params: {
    loader: () =>
      import('./components/CatalogIndex').then(m => (
        <m.MlPatternsAntiPatternPicker />
      )),
  },
});

/**
 * The ml-patterns plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ml-patterns',
  title: 'ML anti-patterns',
  icon: <MlPatternsIcon fontSize="inherit" />,
  routes,
  extensions: [
    mlPatternsApi,
    mlPatternsEntityCard,
    mlPatternsTeamEntityCard,
    mlPatternsPage,
    mlPatternsGradeCatalogFilter,
    mlPatternsAntiPatternCatalogFilter,
  ],
});
