import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { mlPatternsPermissions } from '@ml-patterns/plugin-ml-patterns-common';
import {
  MlPatternsReportScorer,
  MlPatternsRuleRegistry,
  mlPatternsRulesExtensionPoint,
  readEvidenceReaderSettings,
} from '@ml-patterns/plugin-ml-patterns-node';
import { rulesExtensionPointFor } from '@ml-patterns/plugin-ml-patterns-node/alpha';
import { registerMlPatternsActions } from './actions/registerMlPatternsActions';
import { HistoryStore } from './history/HistoryStore';
import { ScorecardHistory } from './history/ScorecardHistory';
import { scheduleSnapshots } from './history/scheduleSnapshots';
import { ChangeNotifier } from './notifications/ChangeNotifier';
import { readNotificationSettings } from './notifications/readNotificationSettings';
import { ScorecardService } from './scorecards/ScorecardService';
import {
  CallerReadBudget,
  readCallerRateLimit,
} from './service/callerRateLimit';
import { RepositoryUrlScorer } from './report/RepositoryUrlScorer';
import { StampedSnapshot } from './scorecards/StampedSnapshot';
import {
  readScorecardCacheTtlMs,
  readScorecardMaxStaleMs,
  readScorecardRefreshInterval,
  readScorecardSharedSnapshot,
} from './scorecards/readScorecardsConfig';
import { scheduleStampTableRefresh } from './scorecards/table/scheduleStampTableRefresh';
import { StampTable } from './scorecards/table/StampTable';
import { StampTableAccess } from './scorecards/table/StampTableAccess';
import { createRouter } from './service/router';

/**
 * The ml-patterns backend plugin: full entity reports, the rule catalog,
 * team/system/domain scorecards and their daily history, under
 * `/api/ml-patterns`, and the same as actions for assistants (the actions
 * registry; MCP through `@backstage/plugin-mcp-actions-backend`).
 *
 * @public
 */
export const mlPatternsPlugin = createBackendPlugin({
  pluginId: 'ml-patterns',
  register(env) {
    // Rules adopters add (see createMlPatternsRulesModule) must reach the
    // report and the rule list too, not only the catalog processor.
    const registry = MlPatternsRuleRegistry.withBuiltInRules();
    env.registerExtensionPoint(
      mlPatternsRulesExtensionPoint,
      rulesExtensionPointFor(registry),
    );

    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        actionsRegistry: actionsRegistryServiceRef,
        rootLifecycle: coreServices.rootLifecycle,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init(deps) {
        const { auth, catalog, config, logger } = deps;
        const scorer = MlPatternsReportScorer.create({
          config,
          logger,
          urlReader: deps.urlReader,
          catalog,
          registry,
        });
        const cacheTtlMs = readScorecardCacheTtlMs(config);
        const maxStaleMs = readScorecardMaxStaleMs(config);
        // A TTL of 0 promises a catalog read per request: no shared data then.
        const shared = readScorecardSharedSnapshot(config) && cacheTtlMs > 0;
        const snapshot = shared
          ? new StampedSnapshot({
              catalog,
              auth,
              logger,
              ttlMs: cacheTtlMs,
              maxStaleMs,
            })
          : undefined;
        const stampTable = shared
          ? await StampTable.create({ database: deps.database })
          : undefined;
        if (stampTable) {
          await scheduleStampTableRefresh({
            scheduler: deps.scheduler,
            logger,
            catalog,
            auth,
            table: stampTable,
            frequency: readScorecardRefreshInterval(config),
          });
        }
        const tableAccess =
          stampTable &&
          new StampTableAccess(stampTable, {
            permissions: deps.permissions,
            maxAgeMs: maxStaleMs,
          });
        const scorecards = new ScorecardService(catalog, {
          cacheTtlMs,
          shared: snapshot && {
            snapshot,
            permissions: deps.permissions,
          },
          table: tableAccess,
        });
        if (snapshot) {
          // Once every plugin (the catalog too) is up, read the snapshot in
          // the background, so the first dashboard request finds it ready;
          // unless the stamp table (kept by another replica, or before a
          // restart) answers already: then the snapshot would only hold
          // memory. Not awaited: start-up never waits for, nor fails on,
          // the catalog or the table.
          deps.rootLifecycle.addStartupHook(() => {
            (tableAccess?.isCurrent() ?? Promise.resolve(false))
              .catch(() => false)
              .then(current => {
                if (!current) snapshot.preload();
              });
          });
        }
        const history = await HistoryStore.create({
          database: deps.database,
        });
        const notificationSettings = readNotificationSettings(config);
        await scheduleSnapshots({
          config,
          scheduler: deps.scheduler,
          logger,
          scorecards,
          store: history,
          auth,
          // Opt-in: sending needs the notifications backend installed.
          notifier: notificationSettings.enabled
            ? new ChangeNotifier({
                notifications: deps.notifications,
                store: history,
                logger,
                gradeDropSteps: notificationSettings.gradeDropSteps,
                ruleTitles: new Map(
                  scorer.rules().map(rule => [rule.id, rule.title]),
                ),
              })
            : undefined,
        });
        const integrations = ScmIntegrations.fromConfig(config);
        const rateLimit = readCallerRateLimit(config);
        // One read budget per caller for the REST API and the actions.
        const readBudget =
          rateLimit && new CallerReadBudget(deps.httpAuth, rateLimit);
        deps.permissionsRegistry.addPermissions(mlPatternsPermissions);
        registerMlPatternsActions({
          actionsRegistry: deps.actionsRegistry,
          catalog,
          scorer,
          scorecards,
          history: new ScorecardHistory({
            store: history,
            catalog,
            permissions: deps.permissions,
            scorecards,
          }),
          permissions: deps.permissions,
          integrations,
          repositories: RepositoryUrlScorer.fromConfig({
            config,
            urlReader: deps.urlReader,
            logger,
            rules: registry.rules(),
          }),
          readBudget,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            catalog,
            scorer,
            scorecards,
            history,
            permissions: deps.permissions,
            integrations,
            localRoots: readEvidenceReaderSettings(config).localRoots,
            readBudget,
            logger,
          }),
        );
      },
    });
  },
});
