import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * The catalog's own question for a list read (`catalog.entity.read`, no
 * resource): ALLOW means the caller may read every catalog entity, so the
 * plugin's own read shows exactly what the catalog would show them;
 * CONDITIONAL means some entities only (the catalog applies the policy's
 * conditions to reads made with the caller's credentials); DENY, none.
 */
export async function catalogReadDecision(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<AuthorizeResult> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  return decision?.result ?? AuthorizeResult.DENY;
}
