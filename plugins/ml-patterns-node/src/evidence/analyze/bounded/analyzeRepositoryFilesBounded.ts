import { LoggerService } from '@backstage/backend-plugin-api';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RepositoryEvidence, RepositoryFile } from '../../types';
import { RepositoryContextFiles } from '../repositoryContext';
import { AnalysisPool } from './AnalysisPool';

/**
 * The worker's module: in this repository the TypeScript source next to
 * this file; in a built package (`dist/`, where this file is bundled
 * elsewhere) the `./analysisWorker` entry point of the package.
 */
function analysisWorkerFilename(): string {
  const source = resolve(__dirname, 'analysisWorker.ts');
  if (existsSync(source)) return source;
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
