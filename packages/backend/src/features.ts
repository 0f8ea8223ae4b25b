/**
 * The features of the example backend, in one list so the smoke test boots
 * exactly what `index.ts` starts. (Static imports: jest cannot run the
 * dynamic `import()` form Backstage's templates use.)
 */
import appPlugin from '@backstage/plugin-app-backend';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogLogs from '@backstage/plugin-catalog-backend-module-logs';
import permissionPlugin from '@backstage/plugin-permission-backend';
import allowAllPolicy from '@backstage/plugin-permission-backend-module-allow-all-policy';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import catalogModuleMlPatterns from '@ml-patterns/plugin-catalog-backend-module-ml-patterns';
import mlPatternsPlugin from '@ml-patterns/plugin-ml-patterns-backend';

export const apiFeatures = [
  // auth: guest sign-in only, see https://backstage.io/docs/auth/guest/provider
  authPlugin,
  guestProvider,

  // catalog, with the ml-patterns processor that stamps verdicts on entities
  catalogPlugin,
  catalogLogs,
  catalogModuleMlPatterns,

  // permissions: allow everything (example app only)
  permissionPlugin,
  allowAllPolicy,

  // ml-patterns REST API: full reports, rule catalog, team scorecards; and
  // the same as actions for assistants
  mlPatternsPlugin,

  // notifications: ml-patterns tells an entity's owner when it gets worse
  // (mlPatterns.notifications in app-config.yaml)
  notificationsPlugin,

  // MCP server at /api/mcp-actions/v1 for the actions of the plugins listed
  // in backend.actions.pluginSources (app-config.yaml)
  mcpActionsPlugin,
];

/** Serves the built frontend; left out of tests, which have no build. */
export const appFeature = appPlugin;
