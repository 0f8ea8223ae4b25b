import { WorkloadFacts } from '../evidence/types';

/** Training and batch workloads: they run to completion and serve nothing. */
const RUN_TO_COMPLETION: ReadonlySet<WorkloadFacts['kind']> = new Set([
  'Job',
  'CronJob',
]);

/**
 * A workload that runs to completion (a training Job writing its model to
 * a volume, a batch CronJob): how it gets a model says nothing of how a
 * server gets one.
 */
export function runsToCompletion(workload: Pick<WorkloadFacts, 'kind'>) {
  return RUN_TO_COMPLETION.has(workload.kind);
}
