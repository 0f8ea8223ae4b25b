import { mockCredentials } from '@backstage/backend-test-utils';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { median } from '../../shared/statistics';

/** One full read of the slice index: entities read, wall and CPU time (ms). */
export interface SliceRead {
  entities: number;
  ms: number;
  cpuMs: number;
}

/**
 * What one full read of the processor's slice index costs (the request it
 * makes every `mlPatterns.processing.indexRefresh`): the same filter,
 * fields and page size, through the catalog's HTTP API. Median of 5.
 */
export async function timeSliceRead(server: any): Promise<SliceRead> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let entities = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const cpuBefore = process.cpuUsage();
    entities = 0;
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '1000' });
      if (cursor) {
        query.set('cursor', cursor);
      } else {
        query.append('filter', 'kind=component,kind=resource');
        query.append('filter', 'metadata.annotations.ml-patterns.io/scope');
        query.set(
          'fields',
          'kind,metadata.name,metadata.namespace,metadata.annotations,spec.type,spec.dependsOn,spec.dependencyOf',
        );
      }
      const res = await request(server)
        .get(`/api/catalog/entities/by-query?${query}`)
        .set('Authorization', mockCredentials.service.header());
      if (res.status !== 200) {
        throw new Error(`catalog answered ${res.status} for the slice read`);
      }
      entities += res.body.items.length;
      cursor = res.body.pageInfo?.nextCursor;
    } while (cursor);
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return { entities, ms: median(times), cpuMs: median(cpuTimes) };
}
