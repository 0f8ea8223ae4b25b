import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../../evidence/types';
import { atLine } from '../evidenceItems';

/** Most places named when nothing loads several models. */
const MAX_PLACES = 5;

/**
 * Where the serving unit's servers start, when none of them shows how many
 * models it loads: the places the All-in-one check read and found no
 * second model in (a start command, a serving process, a deployment).
 */
export function examinedServers(evidence: RepositoryEvidence): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const process of evidence.servingProcesses ?? []) {
    items.push(
      atLine(
        process,
        `${process.command} starts a server; no load of a second model in its code`,
      ),
    );
  }
  for (const workload of evidence.workloads) {
    items.push(
      atLine(
        workload,
        `${workload.kind} ${workload.name}: none of its containers loads several models`,
      ),
    );
  }
  for (const dockerfile of evidence.dockerfiles) {
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (!final) continue;
    const command = final.command?.value.slice(0, 160).split(/\s+/).join(' ');
    items.push(
      final.command
        ? atLine(
            { path: dockerfile.path, line: final.command.line },
            `the image starts \`${command}\`; no load of several models in it`,
          )
        : atLine(
            { path: dockerfile.path, line: final.line },
            `the image runs the start command of ${final.baseImage}; nothing in its build adds a second model`,
          ),
    );
  }
  return items.slice(0, MAX_PLACES);
}
