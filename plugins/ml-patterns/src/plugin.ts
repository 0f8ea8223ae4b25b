import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MlPatternsClient, mlPatternsApiRef } from './api';
import {
  rootRouteRef,
  rulesRouteRef,
  sourceFileRouteRef,
  waiversRouteRef,
} from './routes';

/**
 * The ml-patterns frontend plugin (legacy frontend system).
 *
 * @public
 */
export const mlPatternsPlugin = createPlugin({
  id: 'ml-patterns',
  apis: [
    createApiFactory({
      api: mlPatternsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MlPatternsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    sourceFile: sourceFileRouteRef,
    waivers: waiversRouteRef,
    rules: rulesRouteRef,
  },
});

/**
 * Entity card: score, grade, verdicts and the remediation checklist.
 *
 * @public
 */
export const EntityMlPatternsCard = mlPatternsPlugin.provide(
  createComponentExtension({
    name: 'EntityMlPatternsCard',
    component: {
      lazy: () =>
        import('./components/EntityMlPatternsCard').then(
          m => m.EntityMlPatternsCard,
        ),
    },
  }),
);

/**
 * Group entity card: the team's scorecard, trend and worst entities.
 *
 * @public
 */
export const EntityTeamMlPatternsCard = mlPatternsPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamMlPatternsCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamMlPatternsCard').then(
          m => m.EntityTeamMlPatternsCard,
        ),
    },
  }),
);

/**
 * The team scorecard dashboards page with its waivers tab, and the
 * source-file page that evidence links of local sources open (sub-routes).
 *
 * @public
 */
export const MlPatternsPage = mlPatternsPlugin.provide(
  createRoutableExtension({
    name: 'MlPatternsPage',
    component: () =>
      import('./components/Router').then(m => m.MlPatternsRouter),
    mountPoint: rootRouteRef,
  }),
);
