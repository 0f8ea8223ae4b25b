import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BUILT_IN_RULES } from '@ml-patterns/plugin-ml-patterns-common';
import { locateEntitySource } from '@ml-patterns/plugin-ml-patterns-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { specCheckedRequest } from '../__testUtils__/specCheckedRequest';
import { HistoryStore } from '../history/HistoryStore';
import { ReportSource } from '../report/ReportSource';
import { ScorecardService } from '../scorecards/ScorecardService';
import { createRouter } from './router';

/**
 * The source-file endpoint serves an entity's files from the repository of
 * its catalog file only: two repositories side by side under one allowed
 * root, real folders, real links, a real named pipe.
 */

const BASE = fs.realpathSync(
  fs.mkdtempSync(nodePath.join(os.tmpdir(), 'mlp-source-file-')),
);
const ROOT = nodePath.join(BASE, 'repositories');
const MINE = nodePath.join(ROOT, 'mine');
const SIBLING = nodePath.join(ROOT, 'sibling');
const PIPE = nodePath.join(MINE, 'events.fifo');

function write(file: string, content: string) {
  fs.mkdirSync(nodePath.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

write(nodePath.join(MINE, 'catalog-info.yaml'), 'kind: Component\n');
write(nodePath.join(MINE, 'app/main.py'), 'import joblib\n');
write(nodePath.join(SIBLING, 'secret.env'), 'TOKEN=sibling-secret\n');
fs.symlinkSync(
  '../../sibling/secret.env',
  nodePath.join(MINE, 'app/config.env'),
);
fs.symlinkSync('loop-b', nodePath.join(MINE, 'loop-a'));
fs.symlinkSync('loop-a', nodePath.join(MINE, 'loop-b'));
execFileSync('mkfifo', [PIPE]);

function entity(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${MINE}/catalog-info.yaml`,
        ...annotations,
      },
    },
    spec: { type: 'model-server', owner: 'group:default/team' },
  };
}

const entities = [
  entity('mine', {}),
  // Registered from `mine`'s catalog file, pointing at the sibling.
  entity('borrower', { 'backstage.io/source-location': `dir:${SIBLING}` }),
];

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

/** Locates sources as the real scorer does; scores nothing. */
const scorer: ReportSource = {
  score: async () => undefined,
  evidenceLocation: async e => locateEntitySource(e, integrations),
  rules: () => BUILT_IN_RULES,
};

/** Lets a read blocked on opening the pipe go (it gets end of file). */
function releasePipe() {
  try {
    fs.closeSync(
      fs.openSync(PIPE, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK),
    );
  } catch {
    // Nobody is waiting on it.
  }
}

describe('GET /v1/entities/{kind}/{namespace}/{name}/source, local repositories side by side', () => {
  let app: Parameters<typeof specCheckedRequest>[0];
  let stopBackend: () => Promise<void>;

  beforeAll(async () => {
    const testPlugin = createBackendPlugin({
      pluginId: 'ml-patterns',
      register(env) {
        env.registerInit({
          deps: {
            httpAuth: coreServices.httpAuth,
            httpRouter: coreServices.httpRouter,
            database: coreServices.database,
            logger: coreServices.logger,
            catalog: catalogServiceRef,
          },
          async init(deps) {
            deps.httpRouter.use(
              await createRouter({
                httpAuth: deps.httpAuth,
                catalog: deps.catalog,
                scorer,
                scorecards: new ScorecardService(deps.catalog),
                history: await HistoryStore.create({
                  database: deps.database,
                }),
                integrations,
                localRoots: [ROOT],
                logger: deps.logger,
              }),
            );
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [testPlugin, catalogServiceMock.factory({ entities })],
    });
    app = backend.server;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    releasePipe();
    await stopBackend();
    fs.rmSync(BASE, { recursive: true, force: true });
  });

  const source = (name: string, file: string) =>
    specCheckedRequest(app)
      .get(`/api/ml-patterns/v1/entities/component/default/${name}/source`)
      .query({ path: file })
      .set('Authorization', mockCredentials.user.header());

  it('serves a file of the entity’s own repository', async () => {
    const res = await source('mine', 'app/main.py');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      location: `dir:${MINE}`,
      content: 'import joblib\n',
    });
  });

  it('answers 403 for a link to a sibling repository’s file, without its content', async () => {
    const res = await source('mine', 'app/config.env');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "'app/config.env' leads out of the entity's repository through a symbolic link: not served",
    );
    expect(res.text).not.toContain('sibling-secret');
  });

  it('answers 403 for an absolute dir: source-location in another repository', async () => {
    const res = await source('borrower', 'secret.env');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      `source folder not readable: ${SIBLING} is outside the repository of its catalog file (${MINE})`,
    );
    expect(res.text).not.toContain('sibling-secret');
  });

  it('answers 403 for a named pipe, at once', async () => {
    // A read that opened the pipe would wait for a writer for ever.
    const res = await Promise.resolve(
      source('mine', 'events.fifo').timeout(3000),
    ).finally(releasePipe);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "'events.fifo' is a named pipe, not a regular file: not read",
    );
  });

  it('answers 404 for a symbolic link loop, saying so', async () => {
    const res = await source('mine', 'loop-a');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("'loop-a' is a symbolic link loop");
  });
});
