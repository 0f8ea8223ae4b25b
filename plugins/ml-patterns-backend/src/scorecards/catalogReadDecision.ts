import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's own question for a list read (`catalog.entity.read`, no
 * resource), with the policy's conditions when CONDITIONAL: the same
 * decision the catalog applies to a read made with these credentials.
 */
export async function catalogReadPolicyDecision(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<PolicyDecision> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  return decision ?? { result: AuthorizeResult.DENY };
}

/**
 * The result of that decision: ALLOW means the caller may read every
 * catalog entity, so the plugin's own read shows exactly what the catalog
 * would show them; CONDITIONAL means some entities only (the catalog
 * applies the policy's conditions to reads made with the caller's
 * credentials); DENY, none.
 */
export async function catalogReadDecision(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<AuthorizeResult> {
  return (await catalogReadPolicyDecision(permissions, credentials)).result;
}
