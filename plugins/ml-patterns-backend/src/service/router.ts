import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ScorecardGroupBy } from '@ml-patterns/plugin-ml-patterns-common';
import express from 'express';
import { HistoryStore } from '../history/HistoryStore';
import { readEntityHistory } from '../history/readEntityHistory';
import { ScorecardHistory } from '../history/ScorecardHistory';
import { utcDayBefore } from '../history/utcDay';
import { readEntityReport } from '../report/readEntityReport';
import { ReportSource } from '../report/ReportSource';
import { ScorecardService } from '../scorecards/ScorecardService';
import { createOpenApiRouter } from '../schema/openApiRouter';
import { parseGroupRef, parseReportRef } from './refs';
import { CallerReadBudget } from './callerRateLimit';
import { listRules } from './listRules';
import { readEvidenceFile } from './readEvidenceFile';
import { listWaivers } from '../waivers/listWaivers';

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  scorer: ReportSource;
  scorecards: ScorecardService;
  history: HistoryStore;
  /**
   * Decides which entities each caller's history counts (the catalog's
   * `catalog.entity.read` question). Without it, every caller's history
   * counts only the entities the catalog shows them now.
   */
  permissions?: PermissionsService;
  integrations: ScmIntegrationRegistry;
  logger: LoggerService;
  /**
   * Folders local (`dir:`) sources may be read from
   * (`mlPatterns.localRoots`, resolved); none by default.
   */
  localRoots?: string[];
  /**
   * The reports and source files each caller may read per window
   * (`mlPatterns.reports.rateLimit`), shared with the actions; no limit
   * when undefined.
   */
  readBudget?: CallerReadBudget;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

const DEFAULT_HISTORY_DAYS = 30;
/** An entity's trend covers a quarter by default. */
const DEFAULT_ENTITY_HISTORY_DAYS = 90;
const MAX_HISTORY_DAYS = 365;

function parseDays(value: unknown, defaultDays = DEFAULT_HISTORY_DAYS): number {
  if (value === undefined || value === '') {
    return defaultDays;
  }
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS) {
    throw new InputError(
      `days must be an integer from 1 to ${MAX_HISTORY_DAYS}, got '${value}'`,
    );
  }
  return days;
}

/**
 * The ml-patterns REST API, validated against `src/schema/openapi.yaml`.
 * Every route needs user or service credentials.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, scorer, scorecards, history, integrations } =
    options;
  const now = options.now ?? (() => new Date());
  const scorecardHistory = new ScorecardHistory({
    store: history,
    catalog,
    permissions: options.permissions,
    scorecards,
  });
  /** Who is asking: every route answers users and services. */
  const callerOf = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  /** The first day of a history of `days` days that ends today. */
  const firstDayOf = (days: number) => utcDayBefore(now(), days - 1);
  const router = createOpenApiRouter();
  // Both read the entity's repository (through the integration's token).
  const limitReads: express.RequestHandler =
    options.readBudget?.middleware ?? ((_req, _res, next) => next());

  router.get('/v1/entities/:kind/:namespace/:name/report', limitReads);
  router.get('/v1/entities/:kind/:namespace/:name/source', limitReads);

  router.get('/v1/entities/:kind/:namespace/:name/report', async (req, res) => {
    const credentials = await callerOf(req);
    res.json(
      await readEntityReport({
        ref: parseReportRef(req.params),
        credentials,
        catalog,
        scorer,
        integrations,
        evaluatedAt: now(),
      }),
    );
  });

  router.get('/v1/entities/:kind/:namespace/:name/source', async (req, res) => {
    const credentials = await callerOf(req);
    const ref = parseReportRef(req.params);
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `No entity named '${stringifyEntityRef(ref)}' found`,
      );
    }
    res.json(
      await readEvidenceFile({
        entity,
        path: String(req.query.path ?? ''),
        scorer,
        credentials,
        localRoots: options.localRoots ?? [],
      }),
    );
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const credentials = await callerOf(req);
      const days = parseDays(req.query.days, DEFAULT_ENTITY_HISTORY_DAYS);
      res.json(
        await readEntityHistory({
          ref: parseReportRef(req.params),
          fromDay: firstDayOf(days),
          credentials,
          catalog,
          store: history,
        }),
      );
    },
  );

  router.get('/v1/rules', async (req, res) => {
    await callerOf(req);
    res.json(listRules(scorer));
  });

  router.get('/v1/waivers', async (req, res) => {
    const credentials = await callerOf(req);
    res.json(
      await listWaivers({
        catalog,
        credentials,
        ruleIds: new Set(scorer.rules().map(rule => rule.id)),
        now: now(),
        state: req.query.state,
        owner: req.query.owner,
      }),
    );
  });

  router.get('/v1/scorecards', async (req, res) => {
    const credentials = await callerOf(req);
    const { groupBy, kind, type, system } = req.query;
    res.json(
      await scorecards.scorecards({ groupBy, kind, type, system, credentials }),
    );
  });

  router.get('/v1/scorecards/:groupRef/entities', async (req, res) => {
    const credentials = await callerOf(req);
    const group = parseGroupRef(req.params.groupRef, req.query.groupBy);
    const { kind, type, system } = req.query;
    res.json(
      await scorecards.entities({ ...group, kind, type, system, credentials }),
    );
  });

  /** What a group's history request asks for: the group, from which day, for whom. */
  const groupHistoryQuery = async (
    req: Parameters<typeof callerOf>[0] & {
      params: { groupRef: string };
      query: { groupBy?: ScorecardGroupBy; days?: unknown };
    },
  ) => {
    const credentials = await callerOf(req);
    const group = parseGroupRef(req.params.groupRef, req.query.groupBy);
    const fromDay = firstDayOf(parseDays(req.query.days));
    return { ...group, fromDay, credentials };
  };

  router.get('/v1/scorecards/:groupRef/history', async (req, res) => {
    res.json(await scorecardHistory.history(await groupHistoryQuery(req)));
  });

  router.get('/v1/scorecards/:groupRef/rule-changes', async (req, res) => {
    res.json(await scorecardHistory.ruleChanges(await groupHistoryQuery(req)));
  });

  return router;
}
