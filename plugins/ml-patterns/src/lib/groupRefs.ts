import { parseEntityRef } from '@backstage/catalog-model';

/** The `groupRef` the scorecard API uses for entities with no owner/system/domain. */
export const NO_GROUP = 'none';

/** A short display name for a scorecard group ref. */
export function groupDisplayName(groupRef: string): string {
  if (groupRef === NO_GROUP) {
    return 'Unassigned';
  }
  try {
    const { namespace, name } = parseEntityRef(groupRef);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    // Not an entity ref: show it as the backend sent it.
    return groupRef;
  }
}
