import { EvidenceItem } from '@ml-patterns/plugin-ml-patterns-common';
import { RepositoryEvidence } from '../../evidence/types';
import { atLine, listForMessage } from '../evidenceItems';

/** Most model ids named in a note. */
const NAMED = 4;

/**
 * Images whose build fetches several distinct models from a library's hub
 * (a build script looping over a list of checkpoints) while the server
 * loads with that library whichever model it is given — one not written
 * as a single literal, or one of those fetched: every fetched model ships
 * in the one container and can be served by it, so they are its models.
 */
export function imageModelChoices(
  evidence: RepositoryEvidence,
): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const dockerfile of evidence.dockerfiles) {
    const built = dockerfile.builtInModels ?? [];
    // Fewer than two fetches cannot name two models.
    if (built.length < 2) continue;
    const ids = [...new Set(built.flatMap(b => (b.model ? [b.model] : [])))];
    const libraries = new Set(built.flatMap(b => b.libraries ?? []));
    if (ids.length < 2 || libraries.size === 0) continue;
    const served = evidence.modelLoaders.find(
      loader =>
        loader.inServingCode === true &&
        loader.role !== 'companion' &&
        libraries.has(loader.call.split('.')[0]) &&
        (loader.target === undefined || ids.includes(loader.target)),
    );
    if (!served) continue;
    const first = built.find(b => b.model)!;
    const named =
      ids.length > NAMED
        ? `${ids.slice(0, NAMED).join(', ')} and ${ids.length - NAMED} more`
        : listForMessage(ids);
    items.push(
      atLine(
        first,
        `the image's build fetches ${ids.length} models (${named})`,
      ),
      atLine(
        served,
        `${served.call} loads whichever of them it is given, in the one container`,
      ),
    );
  }
  return items;
}
