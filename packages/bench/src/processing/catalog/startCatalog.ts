import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogModuleMlPatterns from '@ml-patterns/plugin-catalog-backend-module-ml-patterns';
import knexFactory from 'knex';
import http from 'node:http';
import {
  CALIBRATE,
  ON_POSTGRES,
  PG_CONNECTION,
  REVALIDATE_AFTER_S,
} from '../options';
import { ProcessingProbe } from './ProcessingProbe';
import { ORGANISATION_CATALOG_RULES } from '../organisation/catalogRules';

/** The catalog database config of one of the two catalogs. */
async function databaseConfig(label: string) {
  if (!ON_POSTGRES) {
    return { client: 'better-sqlite3', connection: ':memory:' };
  }
  const prefix = `mlp_bench_${label}_`;
  const admin = knexFactory({ client: 'pg', connection: PG_CONNECTION });
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${prefix}catalog WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
  return { client: 'pg', connection: PG_CONNECTION, prefix };
}

export interface Catalog {
  label: string;
  probe: ProcessingProbe;
  /** HTTP requests the backend answered, by method and path. */
  requests: Map<string, number>;
  knex: () => Promise<any>;
  server: any;
  stop: () => Promise<void>;
}

/**
 * A real catalog (`startTestBackend`, `@backstage/plugin-catalog-backend`)
 * reading the generated catalog files, with or without this module, its
 * own processing loop parked and its metrics counted by a probe.
 */
export async function startCatalog(options: {
  label: string;
  withModule: boolean;
  root: string;
  githubApi: string;
}): Promise<Catalog> {
  const probe = new ProcessingProbe();
  let database: Promise<any> | undefined;
  const grabDatabase = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-database',
    register(reg) {
      reg.registerInit({
        deps: { db: coreServices.database },
        async init({ db }) {
          database = db.getClient();
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      grabDatabase,
      ...(options.withModule && !CALIBRATE ? [catalogModuleMlPatterns] : []),
      createServiceFactory({
        service: metricsServiceRef,
        deps: {},
        factory: () => probe.metrics(),
      }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: await databaseConfig(
              options.withModule ? 'with' : 'without',
            ),
          },
          integrations: {
            github: [
              { host: 'github.com', apiBaseUrl: options.githubApi, token: 'x' },
            ],
          },
          catalog: {
            rules: ORGANISATION_CATALOG_RULES,
            locations: [{ type: 'file', target: options.root }],
            // Park the catalog's own loop: the bench starts every pass.
            processingInterval: { hours: 24 },
          },
          ...(REVALIDATE_AFTER_S !== undefined && {
            mlPatterns: {
              evidence: { revalidateAfter: { seconds: REVALIDATE_AFTER_S } },
            },
          }),
        },
      }),
    ],
  });
  // The module asks the catalog about related entities over its HTTP API.
  const requests = new Map<string, number>();
  backend.server.on('request', (req: http.IncomingMessage) => {
    const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
  });
  return {
    label: options.label,
    probe,
    requests,
    knex: async () => {
      if (!database) throw new Error('catalog database not available');
      return database;
    },
    server: backend.server,
    stop: () => backend.stop(),
  };
}
