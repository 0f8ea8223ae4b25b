import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { finalImageServer } from '../evidence/analyze/docker/modelServerImage';
import { RepositoryEvidence } from '../evidence/types';
import { atLine } from './evidenceItems';
import { isHelperLibrary } from './rules/modelLibraries';

/**
 * A declared serving unit that holds no model at all: every library it
 * installs is a tool around models (a web framework, an HTTP client), no
 * code of it loads or fetches a model, it has no model file, starts no
 * model server and no image of it holds or is given one. A thin proxy to
 * an outside API is such a unit: neither All-in-one nor a release pattern
 * applies to it. A server whose load is merely not read still installs an
 * ML library, and is not one; nor is a unit of several processes or
 * services (a gateway calling containers of the same unit).
 *
 * Returns the deciding evidence (the manifests, the serving processes), or
 * undefined when the unit may hold a model.
 */
export function modelFreeUnit(
  evidence: RepositoryEvidence,
): EvidenceItem[] | undefined {
  const manifests = evidence.dependencyManifests.filter(
    m => m.purpose !== 'development' && m.requirements.length > 0,
  );
  if (
    manifests.length === 0 ||
    !manifests.every(m => m.requirements.every(isHelperLibrary))
  )
    return undefined;
  const processes = evidence.servingProcesses ?? [];
  // Several processes or services in one unit (a gateway before other
  // containers) are judged on how they split the work, whatever they hold.
  if (processes.length > 1 || evidence.workloads.length > 1) return undefined;
  if (
    evidence.modelLoaders.length > 0 ||
    evidence.modelFiles.length > 0 ||
    (evidence.modelServers ?? []).length > 0 ||
    (evidence.packagedImages ?? []).length > 0 ||
    (evidence.modelsMountedAtStart ?? []).length > 0 ||
    evidence.servingRuntimes.length > 0 ||
    evidence.workloads.some(
      w => (w.modelsLoaded ?? 0) > 0 || w.storageUri || w.multiModel,
    ) ||
    evidence.dockerfiles.some(
      d =>
        d.modelsIntoImage.length > 0 ||
        d.startupDownloads.length > 0 ||
        (d.builtInModels ?? []).length > 0 ||
        d.modelsSuppliedAtStart !== undefined ||
        finalImageServer(d) !== undefined,
    ) ||
    processes.some(p => p.models.length > 0 || p.fetchesModel || p.forwardsTo)
  )
    return undefined;
  return [
    ...manifests.map(m =>
      atLine(
        { path: m.path, line: m.line ?? m.requirements[0].line },
        `${m.path} installs no ML library (${m.requirements
          .map(r => r.name)
          .slice(0, 6)
          .join(', ')})`,
      ),
    ),
    ...processes.map(p => atLine(p, `${p.command} loads and fetches no model`)),
  ];
}
