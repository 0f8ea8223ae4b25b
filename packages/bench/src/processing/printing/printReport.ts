import { median } from '../../shared/statistics';
import { Pass } from '../measurement/measurePass';
import { PassRatios } from '../measurement/passRatios';
import { SliceRead } from '../measurement/timeSliceRead';
import {
  CALIBRATE,
  INDEX_REFRESH_S,
  ON_POSTGRES,
  PASSES,
  PAUSE_MS,
  PRODUCTION_CYCLE_S,
  REVALIDATE_AFTER_S,
  SAME_CORE,
  TOGETHER,
  TRICKLE_MS,
} from '../options';
import { fullGcs } from './summarizePass';
import { verdict } from './verdict';

/** What one run of the processing bench measured. */
export interface ProcessingResults {
  catalogFiles: { entities: number; inScope: number };
  /** Time of each catalog's first cycle (cold), ms. */
  ingestWithout: number;
  ingestWith: number;
  /** GitHub calls of the first cycle. */
  coldDownloads: number;
  coldRevalidations: number;
  warmup: Array<{ without: Pass; with: Pass }>;
  timedWithout: Pass[];
  timedWith: Pass[];
  /** Whether the catalogs were pinned to cores for the timed passes. */
  pinned: boolean;
  /** Entities the module stamped, by role. */
  stamped: Record<string, number>;
  /** Entities with an unknown All-in-one verdict. */
  withUnknown: number;
  /** Entities stamped in the catalog without the module (must be 0). */
  stampedWithout: number;
  sliceRead: SliceRead;
  /** Peak RSS of each catalog's process, MB. */
  rssWithout: number;
  rssWith: number;
  /** Wall time of the whole bench, s. */
  seconds: number;
}

/** Prints the figures of a run: the headline ratio first, then the rest. */
export function printReport(results: ProcessingResults, ratios: PassRatios) {
  const {
    catalogFiles,
    coldDownloads,
    warmup,
    timedWithout,
    timedWith,
    pinned,
    stamped,
    sliceRead,
  } = results;
  const stampedTotal = Object.values(stamped).reduce((n, v) => n + v, 0);
  const withPasses = [...warmup.map(w => w.with), ...timedWith];
  const secondCycle = withPasses[0];
  const laterPasses = withPasses.slice(1);
  const medianWithout = median(timedWithout.map(p => p.ms));
  const medianWith = median(timedWith.map(p => p.ms));
  const procWithout = median(timedWithout.map(p => p.processorMsPerEntity));
  const procWith = median(timedWith.map(p => p.processorMsPerEntity));
  const ratio = medianWith / medianWithout;
  const {
    paired: pairedRatios,
    swapped: swappedRatios,
    cpu: cpuRatios,
    onSwappedCores: swapped,
    headlineIsCpu,
    headlineSamples,
    headline,
    interval: headlineInterval,
  } = ratios;
  let pinning = '';
  let pinningLine = `
    (catalogs not pinned to cores: ${
      TOGETHER ? 'no taskset, or one CPU' : 'one after the other'
    })`;
  if (pinned && SAME_CORE) {
    pinning = ', on one core, swapped';
    pinningLine = '';
  } else if (swapped) {
    pinning = ', on swapped cores';
    // Trickled passes: only their CPU times say what they cost.
    const shown = TRICKLE_MS ? headlineSamples : swappedRatios;
    pinningLine = `
    ${
      TRICKLE_MS ? 'CPU ' : ''
    }ratio per two pairs on swapped cores (median of ${shown.length}): ${median(
      shown,
    ).toFixed(3)}; range ${shown[0].toFixed(3)}–${shown[
      shown.length - 1
    ].toFixed(3)}`;
  }
  if (TRICKLE_MS) {
    pinning = `, rows made due over ${TRICKLE_MS / 1000} s${pinning}`;
  }
  const quartile = (q: number) =>
    pairedRatios[
      Math.min(pairedRatios.length - 1, Math.floor(q * pairedRatios.length))
    ];
  const secondDownloads = secondCycle.downloads;
  const laterDownloads = laterPasses.reduce((n, p) => n + p.downloads, 0);
  // The slice read is made every indexRefresh whatever the passes do; in
  // production its cost is spread over the cycles it falls in.
  const readsPerCycle = PRODUCTION_CYCLE_S / INDEX_REFRESH_S;
  const sliceReadPerCycle = sliceRead.ms * readsPerCycle;

  if (CALIBRATE) {
    console.log(
      '\nA/A CALIBRATION: neither catalog has the module; the ratio below is the bench bias.',
    );
  }
  console.log(`
Catalog processing on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite (in memory)'}, ${
    catalogFiles.entities
  } entities (${
    catalogFiles.inScope
  } in scope, ${stampedTotal} stamped: ${Object.entries(stamped)
    .map(([role, n]) => `${n} ${role}`)
    .join(', ')}; ${results.withUnknown} with an unknown All-in-one verdict), ${
    timedWith[0]?.rows ?? 0
  } refresh_state rows per pass
  first cycle (cold):   without ${(results.ingestWithout / 1000).toFixed(
    1,
  )} s, with ${(results.ingestWith / 1000).toFixed(
    1,
  )} s; ${coldDownloads} archive downloads, ${
    results.coldRevalidations
  } status calls
  warm passes (${PASSES} each, ${
    TOGETHER ? `both catalogs at once${pinning}` : 'ABBA'
  }, after ${warmup.length} untimed; ≥ ${(PAUSE_MS / 1000).toFixed(
    0,
  )} s between passes of a catalog):
    without module: median ${medianWithout.toFixed(
      0,
    )} ms per pass  (${timedWithout.map(p => p.ms.toFixed(0)).join(', ')})
    with module:    median ${medianWith.toFixed(0)} ms per pass  (${timedWith
    .map(p => p.ms.toFixed(0))
    .join(', ')})
    ratio of the medians with/without: ${ratio.toFixed(3)}${
    TRICKLE_MS
      ? '  (trickled: pass times follow the trickle, not the cost)'
      : ''
  }
    ratio per pair (median of ${pairedRatios.length}): ${median(
    pairedRatios,
  ).toFixed(3)}; quartiles ${quartile(0.25).toFixed(3)}–${quartile(
    0.75,
  ).toFixed(3)}, range ${pairedRatios[0]?.toFixed(3)}–${pairedRatios[
    pairedRatios.length - 1
  ]?.toFixed(3)}${pinningLine}
    => ${headline.toFixed(3)}${
    headlineIsCpu ? ' (CPU time)' : ''
  }, 95 % interval ${headlineInterval[0].toFixed(
    3,
  )}–${headlineInterval[1].toFixed(3)}   (target ≤ 1.05)  ${verdict(
    headline,
    headlineInterval,
  )}
    CPU per pass (median, of the catalog's process): without ${median(
      timedWithout.map(p => p.cpuMs),
    ).toFixed(0)} ms, with ${median(timedWith.map(p => p.cpuMs)).toFixed(
    0,
  )} ms; per pair, with/without: ${median(cpuRatios).toFixed(
    3,
  )} (median); GC pauses per pass (median): without ${median(
    timedWithout.map(p => p.gcMs),
  ).toFixed(0)} ms, with ${median(timedWith.map(p => p.gcMs)).toFixed(
    0,
  )} ms, of which full collections (mean per pass): without ${fullGcs(
    timedWithout,
  )}, with ${fullGcs(
    timedWith,
  )}; heap in use at a pass's start (median): without ${median(
    timedWithout.map(p => p.heapMiB),
  ).toFixed(0)} MiB, with ${median(timedWith.map(p => p.heapMiB)).toFixed(
    0,
  )} MiB; processing state: without ${(
    (timedWithout[0]?.stateBytes ?? 0) / 1024
  ).toFixed(0)} KiB, with ${((timedWith[0]?.stateBytes ?? 0) / 1024).toFixed(
    0,
  )} KiB
    processors per entity (median): without ${procWithout.toFixed(
      2,
    )} ms, with ${procWith.toFixed(2)} ms
    catalog API requests per pass with the module: ${Object.entries(
      timedWith[timedWith.length - 1]?.apiRequests ?? {},
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}
  repository downloads: cycle 1 ${coldDownloads}; cycle 2 ${secondDownloads}, of a repository downloaded before ${
    secondCycle.redownloads
  } (target 0) ${secondCycle.redownloads === 0 ? 'OK' : 'MISSED'}: ${
    catalogFiles.inScope - secondCycle.cachedEvidence
  } in-scope entities had no evidence of their own yet (their source or scope needs entities the first cycle had not stitched yet), ${
    secondCycle.cachedEvidence
  } had; cycles 3–${withPasses.length + 1}: ${laterDownloads} (target 0) ${
    laterDownloads === 0 ? 'OK' : 'MISSED'
  }
  slice index refresh (one full read of ${
    sliceRead.entities
  } entities, on its own): ${sliceRead.ms.toFixed(
    0,
  )} ms, ${sliceRead.cpuMs.toFixed(0)} ms CPU; every ${
    INDEX_REFRESH_S / 60
  } min by default, so ~${readsPerCycle.toFixed(
    2,
  )} reads per production cycle (${PRODUCTION_CYCLE_S} s): +${sliceReadPerCycle.toFixed(
    0,
  )} ms a cycle, +${(sliceReadPerCycle / medianWithout).toFixed(
    3,
  )} on the ratio (passes that had one show 2 catalog API requests)
  revalidations (GitHub status calls) per warm pass (revalidateAfter ${
    REVALIDATE_AFTER_S ?? 300
  } s): ${timedWith.map(p => p.revalidations).join(', ')}
  stamped entities in the catalog without the module: ${results.stampedWithout}
  peak RSS of the catalog processes: without ${results.rssWithout.toFixed(
    0,
  )} MB, with ${results.rssWith.toFixed(0)} MB
  total bench time ${results.seconds.toFixed(0)} s`);
}
