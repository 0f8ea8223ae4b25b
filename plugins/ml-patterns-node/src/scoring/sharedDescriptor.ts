import { Entity, parseLocationRef } from '@backstage/catalog-model';
import { BACKSTAGE_ANNOTATIONS } from '@ml-patterns/plugin-ml-patterns-common';

/** File names that sit at the root of the repository they describe. */
const REPOSITORY_DESCRIPTOR = /^catalog-info\.ya?ml$/i;

function folderOf(target: string): string {
  return target.replace(/[^/\\]*$/, '');
}

/**
 * True when the entity was registered from a shared catalog file (say
 * `models.yaml` in a central catalog repository) and its only source
 * location is that file's folder — which the catalog derives on its own
 * for `url` locations. That folder is not the entity's code: reading it
 * would judge a model by the catalog repository. A `catalog-info.yaml`
 * lives in the repository it describes, so its folder does count.
 */
export function sourceIsOnlySharedDescriptor(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  const managedBy = annotations[BACKSTAGE_ANNOTATIONS.managedByLocation];
  if (!managedBy) {
    return false;
  }
  let target: string;
  try {
    target = parseLocationRef(managedBy).target;
  } catch {
    return false;
  }
  const fileName = target.split(/[/\\]/).pop() ?? '';
  if (REPOSITORY_DESCRIPTOR.test(fileName)) {
    return false;
  }
  const declared = annotations[BACKSTAGE_ANNOTATIONS.sourceLocation];
  if (!declared) {
    return true;
  }
  try {
    const declaredTarget = parseLocationRef(declared).target;
    const normalise = (s: string) => s.replace(/\/+$/, '');
    return normalise(declaredTarget) === normalise(folderOf(target));
  } catch {
    return false;
  }
}
