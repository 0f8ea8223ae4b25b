/**
 * The features of the example backend, in one list so the smoke test boots
 * exactly what `index.ts` starts.
 */
export const apiFeatures = [
  // auth: guest sign-in only, see https://backstage.io/docs/auth/guest/provider
  import('@backstage/plugin-auth-backend'),
  import('@backstage/plugin-auth-backend-module-guest-provider'),

  // catalog, with the ml-patterns processor that stamps verdicts on entities
  import('@backstage/plugin-catalog-backend'),
  import('@backstage/plugin-catalog-backend-module-logs'),
  import('@ml-patterns/plugin-catalog-backend-module-ml-patterns'),

  // permissions: allow everything (example app only)
  import('@backstage/plugin-permission-backend'),
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),

  // ml-patterns REST API: full reports, rule catalog, team scorecards
  import('@ml-patterns/plugin-ml-patterns-backend'),
];

/** Serves the built frontend; left out of tests, which have no build. */
export const appFeature = import('@backstage/plugin-app-backend');
