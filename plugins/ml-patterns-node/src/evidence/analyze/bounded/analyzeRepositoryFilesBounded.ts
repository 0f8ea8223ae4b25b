import { LoggerService } from '@backstage/backend-plugin-api';
import { RepositoryEvidence, RepositoryFile } from '../../types';
import { RepositoryContextFiles } from '../repositoryContext/RepositoryContextFiles';
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

/**
 * {@link analyzeRepositoryFiles} in a worker thread, within `timeoutMs`:
 * past it the analysis is stopped and the evidence is unavailable with the
 * reason, and the event loop stays free meanwhile (a hostile or huge file
 * cannot stall the backend). Where worker threads cannot start, it runs
 * in the calling thread instead (logged once).
 */
export async function analyzeRepositoryFilesBounded(
  files: RepositoryFile[],
  options: { location?: string; repository?: RepositoryContextFiles },
  limits: { timeoutMs: number; logger?: LoggerService },
): Promise<RepositoryEvidence> {
  shared ??= new AnalysisPool({
    filename: analysisWorkerFilename(),
    logger: limits.logger,
  });
  return shared.analyze({ files, options }, limits);
}
