import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { modelServerOfImage } from '../evidence/analyze/docker/modelServerImage';
import { RepositoryEvidence } from '../evidence/types';
import { TEMPLATE_PLACEHOLDER } from '../evidence/analyze/yamlDocuments';
import { atLine } from './evidenceItems';
import { runsToCompletion } from './runsToCompletion';

/** A model or model-folder option (`--model`, `--model_base_path=…`, `--model-repository …`). */
const MODEL_OPTION = /(?:^|\s)--?model[\w-]*(?:=|\s|$)/i;

/**
 * Workloads (a chart's Deployment, a manifest) that run
 * a model server's stock image, not one the repository builds: that image
 * holds no model of the unit, so the server gets its models when the
 * container starts (a volume, a pull, the platform). Read only when the
 * workload's arguments name no model: those say where the server reads
 * it. Weaker than a download seen at start: it decides only when nothing
 * else does.
 */
export function stockServerWorkloads(
  evidence: RepositoryEvidence,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const workload of evidence.workloads) {
    // Compose services are read by what they mount (composeModelMounts).
    if (
      workload.dockerfile ||
      workload.kind === 'compose-service' ||
      runsToCompletion(workload)
    )
      continue;
    for (const container of workload.containers) {
      // Arguments naming the model or its folder say where it is read
      // from: other evidence decides (a volume, a download, or nothing).
      if (container.sidecar || MODEL_OPTION.test(container.command ?? ''))
        continue;
      const server = modelServerOfImage(container.image);
      if (!server) continue;
      // A chart's templated name says nothing.
      const name = workload.name.includes(TEMPLATE_PLACEHOLDER)
        ? ''
        : ` ${workload.name}`;
      items.push(
        atLine(
          { path: workload.path, line: container.line ?? workload.line },
          `${workload.kind}${name} runs the stock ${server.server} image (${container.image}), which holds no model of its own: the models are supplied when the container starts (weaker evidence than a download seen at start)`,
        ),
      );
    }
  }
  return items;
}
