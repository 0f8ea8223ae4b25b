import { performance } from 'node:perf_hooks';
import { sleep } from '../../shared/sleep';
import { CatalogProcess } from '../catalog/forkCatalog';
import { PAUSE_MS } from '../options';
import { GithubCounts } from '../scm/fakeGithub';
import { Pass } from './measurePass';

export const lastPassEnd = new Map<CatalogProcess, number>();

/**
 * A pass of each catalog, started at the same moment: each has a core of
 * the machine to itself and both see the same machine, so a slow or fast
 * spell of a shared host hits both. The GitHub calls are the module's
 * (the catalog without it makes none).
 */
export async function runPasses(
  catalogs: CatalogProcess[],
  github: { counts: GithubCounts },
  timed = false,
): Promise<Pass[]> {
  // A short rest between passes of a catalog (see BENCH_PAUSE_MS).
  const since = Math.min(
    ...catalogs.map(c => performance.now() - (lastPassEnd.get(c) ?? 0)),
  );
  if (since < PAUSE_MS) await sleep(PAUSE_MS - since);
  const downloads = github.counts.archive;
  const redownloads = github.counts.redownloads;
  const revalidations = github.counts.status;
  const passes = await Promise.all(
    catalogs.map(c => c.call<Pass>('pass', { timed })),
  );
  await sleep(50); // the fake GitHub reports its counts every 20 ms
  catalogs.forEach((catalog, i) => {
    lastPassEnd.set(catalog, performance.now());
    if (catalog.withModule) {
      passes[i].downloads = github.counts.archive - downloads;
      passes[i].redownloads = github.counts.redownloads - redownloads;
      passes[i].revalidations = github.counts.status - revalidations;
    }
  });
  return passes;
}

/** A pass that changed nothing: what a warm cycle of an unchanged catalog is. */
export function isClean(pass: Pass): boolean {
  return pass.extra === 0 && pass.results.unchanged === pass.rows;
}
