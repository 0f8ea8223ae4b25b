import { WorkloadFacts } from '../../types';
import { BranchChoice } from './helmBranches';

/**
 * A workload whose containers sit in template branches that left an
 * alternative out says so next to its model count: the count is of the
 * branch read, and the note names the block's line and the values that
 * chose it.
 */
export function noteBranchChoices(
  workloads: WorkloadFacts[],
  choices: BranchChoice[],
): void {
  for (const workload of workloads) {
    const lines = [...workload.initContainers, ...workload.containers]
      .map(c => c.line)
      .filter((line): line is number => line !== undefined);
    if (lines.length === 0) continue;
    const first = Math.min(...lines);
    const last = Math.max(...lines);
    for (const choice of choices) {
      // The block holds a container's line, or its branches sit among them.
      if (!choice.leftOut || choice.endLine < first || choice.line > last)
        continue;
      workload.modelsLoadedEvidence.push({
        path: workload.path,
        line: choice.line,
        note: choice.note,
      });
    }
  }
}
