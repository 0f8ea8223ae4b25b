import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

// Test code, never bundled: __dirname is safe here.
// eslint-disable-next-line no-restricted-syntax
export const ROOT = path.resolve(__dirname, '../../..');
export const BASE_URL = 'http://localhost:7007';
/** The development token of app-config.yaml, for catalog API calls. */
export const TOKEN = 'ml-patterns-local-token';

const YARN = path.join(ROOT, '.yarn/releases/yarn-4.13.0.cjs');
const BACKEND = path.join(ROOT, 'packages/backend');

/** Builds the frontend so the backend's app plugin can serve it. */
export function buildApp(): void {
  const result = spawnSync(
    process.execPath,
    [YARN, 'workspace', 'app', 'build'],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  if (result.status !== 0) {
    throw new Error(`building the app failed with exit code ${result.status}`);
  }
}

/**
 * Starts the real example backend (SQLite in memory, the example catalog)
 * with the e2e overrides, and waits until the catalog answers.
 */
export async function startBackend(): Promise<ChildProcess> {
  // Node with Backstage's TypeScript transform, as `backstage-cli package
  // start` runs it, but without its file watcher: a source edit elsewhere
  // in the tree must not restart the backend under test.
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs', {
        paths: [BACKEND],
      }),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      '../../app-config.e2e.yaml',
    ],
    {
      cwd: BACKEND,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
      // jest runs with NODE_ENV=test; the guest provider signs in only in development.
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited early with code ${child.exitCode}`);
    }
    try {
      const res = await fetch(`${BASE_URL}/api/catalog/entities?limit=1`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  stopBackend(child);
  throw new Error('backend did not answer within 120 s');
}

export function stopBackend(child: ChildProcess | undefined): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Catalog API query as a script or another plugin would make it. */
export async function catalogQuery(filter: string): Promise<string[]> {
  const url = new URL(`${BASE_URL}/api/catalog/entities/by-query`);
  url.searchParams.set('filter', filter);
  url.searchParams.set('fields', 'kind,metadata.name');
  url.searchParams.set('limit', '500');
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`catalog answered ${res.status}`);
  const body = (await res.json()) as {
    items: Array<{ metadata: { name: string } }>;
  };
  return body.items.map(e => e.metadata.name).sort();
}

/**
 * `[name, grade]` of the entities a catalog API filter selects, by name;
 * the grade as the processor stamped it (lower case), null when none.
 */
export async function stampedGrades(
  filter: string,
): Promise<Array<[string, string | null]>> {
  const url = new URL(`${BASE_URL}/api/catalog/entities/by-query`);
  url.searchParams.set('filter', filter);
  url.searchParams.set('fields', 'metadata.name,metadata.annotations');
  url.searchParams.set('limit', '500');
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`catalog answered ${res.status}`);
  const body = (await res.json()) as {
    items: Array<{
      metadata: { name: string; annotations?: Record<string, string> };
    }>;
  };
  return body.items
    .map(
      ({ metadata }) =>
        [
          metadata.name,
          metadata.annotations?.['ml-patterns.io/grade'] ?? null,
        ] as [string, string | null],
    )
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Waits until the processor has stamped the cross-entity verdicts. */
export async function waitForVerdicts(): Promise<void> {
  const deadline = Date.now() + 120_000;
  let previous = '';
  while (Date.now() < deadline) {
    // A dev backend restarts when its sources change: ride out refusals.
    const now = JSON.stringify(
      await catalogQuery(
        'metadata.annotations.ml-patterns.io/all-in-one=detected',
      ).catch(() => []),
    );
    if (
      now === previous &&
      now.includes('recsys-serving') &&
      now.includes('ranking-model')
    ) {
      return;
    }
    previous = now;
    await new Promise(r => setTimeout(r, 3000));
  }
  throw new Error('verdicts did not settle within 120 s');
}

/** Owner scorecard rows from the REST API: `[name, entityCount]`, by name. */
export async function ownerScorecard(
  filters: Record<string, string> = {},
): Promise<Array<[string, number]>> {
  const url = new URL(`${BASE_URL}/api/ml-patterns/v1/scorecards`);
  url.searchParams.set('groupBy', 'owner');
  for (const [key, value] of Object.entries(filters)) {
    url.searchParams.set(key, value);
  }
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`scorecards answered ${res.status}`);
  const body = (await res.json()) as {
    rows: Array<{ groupRef: string; entityCount: number }>;
  };
  return body.rows
    .map(
      row =>
        [row.groupRef.split('/').pop()!, row.entityCount] as [string, number],
    )
    .sort(([a], [b]) => a.localeCompare(b));
}
