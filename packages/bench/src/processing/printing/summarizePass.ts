import { Pass } from '../measurement/measurePass';

/** One line per pass: its time and what happened in it. */
export function summarize(pass: Pass): string {
  const results = Object.entries(pass.results)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${pass.ms.toFixed(0).padStart(6)} ms  (${pass.rows} rows: ${results}${
    pass.extra ? `, ${pass.extra} re-queued after` : ''
  }; processors ${pass.processorMsPerEntity.toFixed(
    2,
  )} ms/entity; ${Object.values(pass.apiRequests).reduce(
    (n, v) => n + v,
    0,
  )} catalog API requests; downloads ${pass.downloads}, revalidations ${
    pass.revalidations
  }, cached evidence ${pass.cachedEvidence}, state ${(
    pass.stateBytes / 1024
  ).toFixed(0)} KiB; CPU ${pass.cpuMs.toFixed(0)} ms, GC ${pass.gcMs.toFixed(
    0,
  )} ms (${pass.majorGcs} full: ${pass.majorGcMs.toFixed(
    0,
  )} ms); heap ${pass.heapMiB.toFixed(0)} MiB before)`;
}

/** Full garbage collections of a catalog's passes: mean count and time per pass. */
export function fullGcs(passes: Pass[]): string {
  const count = passes.reduce((n, p) => n + p.majorGcs, 0) / passes.length;
  const ms = passes.reduce((n, p) => n + p.majorGcMs, 0) / passes.length;
  return `${count.toFixed(2)} (${ms.toFixed(0)} ms)`;
}
