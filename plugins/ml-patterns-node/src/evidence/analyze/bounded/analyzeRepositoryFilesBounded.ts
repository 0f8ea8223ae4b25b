import { LoggerService } from '@backstage/backend-plugin-api';
import { RepositoryEvidence, RepositoryFile } from '../../types';
import { RepositoryContextFiles } from '../repositoryContext/RepositoryContextFiles';
import { analyzeRepositoryFiles } from '../index';
import { AnalysisPool } from './AnalysisPool';

/**
 * The worker's module, the package's `./analysisWorker` entry point: the
 * TypeScript source in this repository, `dist/analysisWorker.cjs.js` in a
 * built package (a worker needs a file of its own to load).
 */
function analysisWorkerFilename(): string {
  return require.resolve('@ml-patterns/plugin-ml-patterns-node/analysisWorker');
}

let shared: AnalysisPool | undefined;

/** Bytes of content an analysis reads: the folder's files and those around it. */
function contentBytes(
  files: RepositoryFile[],
  repository: RepositoryContextFiles | undefined,
): number {
  let total = 0;
  for (const file of files) total += file.content?.length ?? 0;
  for (const file of repository?.files ?? [])
    total += file.content?.length ?? 0;
  return total;
}

/**
 * {@link analyzeRepositoryFiles} in a worker thread, within `timeoutMs`:
 * past it the analysis is stopped and the evidence is unavailable with the
 * reason, and the event loop stays free meanwhile (a hostile or huge file
 * cannot stall the backend). Where worker threads cannot start, it runs
 * in the calling thread instead (logged once).
 *
 * With `inThreadUpToBytes`, trees whose content totals at most that many
 * bytes are analysed in the calling thread, without the time limit: for a
 * one-shot command, whose event loop has nothing else to do, handing a
 * small analysis to a worker and back costs more than the analysis itself
 * (on a busy machine each thread's wake-up waits for a processor).
 */
export async function analyzeRepositoryFilesBounded(
  files: RepositoryFile[],
  options: { location?: string; repository?: RepositoryContextFiles },
  limits: {
    timeoutMs: number;
    logger?: LoggerService;
    inThreadUpToBytes?: number;
  },
): Promise<RepositoryEvidence> {
  if (
    limits.inThreadUpToBytes !== undefined &&
    contentBytes(files, options.repository) <= limits.inThreadUpToBytes
  ) {
    return analyzeRepositoryFiles(files, options);
  }
  shared ??= new AnalysisPool({
    filename: analysisWorkerFilename(),
    logger: limits.logger,
  });
  return shared.analyze({ files, options }, limits);
}
