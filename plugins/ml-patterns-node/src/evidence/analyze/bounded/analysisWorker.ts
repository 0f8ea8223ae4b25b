import { RepositoryEvidence } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { AnalysisTask, unpackAnalysis } from './analysisTask';

/**
 * Entry point of the analysis worker thread (a package entry point of its
 * own, `@ml-patterns/plugin-ml-patterns-node/analysisWorker`, so that the
 * build emits it as a file a worker can load). A `ping` answers `pong`: the
 * pool's check that workers start at all.
 */
export default function analysisWorker(
  task: AnalysisTask | 'ping',
): RepositoryEvidence | 'pong' {
  if (task === 'ping') return 'pong';
  const { files, options } = unpackAnalysis(task);
  return analyzeRepositoryFiles(files, options);
}
