import type { RepositoryEvidence } from '@ml-patterns/plugin-ml-patterns-node';
import analyzeInWorker from './evidence/analyze/bounded/analysisWorker';

/**
 * The module of the repository analysis's worker threads: a package entry
 * point of its own (`./analysisWorker`) so that the build emits it as a
 * file the worker pool loads by name. Not for calling directly: `task` is
 * what the pool sends a worker.
 *
 * @internal
 */
export default function analysisWorker(
  task: unknown,
): RepositoryEvidence | 'pong' {
  return analyzeInWorker(task as Parameters<typeof analyzeInWorker>[0]);
}
