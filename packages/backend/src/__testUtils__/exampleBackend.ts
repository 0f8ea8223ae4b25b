import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { apiFeatures } from '../features';

const BACKEND_DIR = path.resolve(__dirname, '../..');

/**
 * The real app-config.yaml, with the paths it gives relative to the
 * backend's working directory made absolute (jest runs from elsewhere).
 */
export function exampleAppConfig() {
  const config = parse(
    fs.readFileSync(path.resolve(BACKEND_DIR, '../../app-config.yaml'), 'utf8'),
  );
  config.catalog.locations = config.catalog.locations.map((l: any) => ({
    ...l,
    target: path.resolve(BACKEND_DIR, l.target),
  }));
  config.mlPatterns.localRoots = config.mlPatterns.localRoots.map(
    (root: string) => path.resolve(BACKEND_DIR, root),
  );
  config.catalog.processingInterval = { seconds: 1 };
  return config;
}

/**
 * The example backend as `index.ts` starts it (without the built app).
 * With `realAuth`, callers authenticate as in the running app (the static
 * token of app-config.yaml, signed-in users' tokens) rather than with mock
 * credentials.
 */
export function startExampleBackend(
  options: {
    realAuth?: boolean;
    config?: (config: any) => any;
    /** Service factories replacing the test backend's defaults. */
    services?: ServiceFactory[];
  } = {},
) {
  const config = exampleAppConfig();
  return startTestBackend({
    features: [
      ...apiFeatures,
      mockServices.rootConfig.factory({
        data: options.config?.(config) ?? config,
      }),
      ...(options.realAuth
        ? [authServiceFactory, httpAuthServiceFactory, userInfoServiceFactory]
        : []),
      ...(options.services ?? []),
    ],
  });
}

/**
 * Waits until the catalog processor has stamped the named entities (those
 * whose scope depends on others are stamped a cycle later) and returns the
 * names of every stamped entity.
 */
export async function waitForStamped(
  server: Parameters<typeof request>[0],
  expected: string[],
  options: { token?: string } = {},
): Promise<string[]> {
  const authorization = options.token
    ? `Bearer ${options.token}`
    : mockCredentials.service.header();
  let names: string[] = [];
  for (let attempt = 0; attempt < 90; attempt++) {
    const res = await request(server)
      .get('/api/catalog/entities/by-query')
      .query({
        filter: 'metadata.annotations.ml-patterns.io/role',
        limit: 200,
      })
      .set('authorization', authorization);
    if (res.status !== 200) {
      throw new Error(
        `catalog answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    const current: string[] = res.body.items
      .map((e: any) => e.metadata.name)
      .sort();
    names = current;
    if (expected.every(name => current.includes(name))) {
      break;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  return names;
}
